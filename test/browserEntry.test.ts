/**
 * The browser entry, checked on the build: it is the package's `browser` condition, and
 * nothing in its module graph imports a `node:` module or any other package.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);

/**
 * The specifiers a built module loads: its imports and re-exports, its `import()`s of a
 * literal, and the modules it starts as workers, `new URL('./x.js', import.meta.url)`.
 */
function specifiersOf(file: URL): string[] {
  const source = ts.createSourceFile(
    file.pathname,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.ES2022,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (
      ts.isNewExpression(node) &&
      node.expression.getText(source) === 'URL' &&
      node.arguments?.[1]?.getText(source) === 'import.meta.url' &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every module reached from `entry`, and each specifier that is not a relative one. */
function moduleGraph(entry: URL): { modules: Set<string>; outside: string[] } {
  const modules = new Set([entry.href]);
  const outside: string[] = [];
  for (const href of modules) {
    for (const specifier of specifiersOf(new URL(href))) {
      if (!/^\.{1,2}\//.test(specifier))
        outside.push(`${href.slice(root.href.length)}: ${specifier}`);
      else modules.add(new URL(specifier, href).href);
    }
  }
  return { modules, outside };
}

describe('the browser entry', () => {
  it('imports no node: module, nor any other package, anywhere in its module graph', () => {
    const { modules, outside } = moduleGraph(new URL('dist/browser.js', root));
    assert.deepEqual(outside, []);
    assert.ok(modules.has(new URL('dist/backends/browser/processEntry.js', root).href));
    assert.ok(modules.size > 40, `${modules.size} modules`);
    const node = moduleGraph(new URL('dist/index.js', root));
    assert.ok(node.outside.includes('dist/backends/thread/threadIdentity.js: node:worker_threads'));
  });

  it('is the browser condition of the package', () => {
    const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      exports: { '.': Record<string, unknown> };
    };
    const [first, target] = Object.entries(manifest.exports['.'])[0];
    assert.deepEqual(
      [first, target],
      ['browser', { types: './dist/browser.d.ts', default: './dist/browser.js' }],
    );
  });
});
