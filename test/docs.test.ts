/** The `@example` of every TSDoc comment in src/ type-checks against the built package. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);
const folder = new URL('.build/doc-examples/', root);

function sourceFiles(directory: URL): URL[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(new URL(`${entry.name}/`, directory))
      : entry.name.endsWith('.ts')
        ? [new URL(entry.name, directory)]
        : [],
  );
}

/** The code of each ```ts block after an @example tag, without the comment's leading stars. */
function examples(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/@example[^\n]*\n([\s\S]*?)\*\//g)) {
    const lines = match[1].split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
    const text = lines.join('\n');
    const block = /```ts\n([\s\S]*?)```/.exec(text);
    if (block) found.push(block[1]);
  }
  return found;
}

/** One module per example: its imports first, the rest in an async function. */
function moduleFor(code: string): string {
  const lines = code.split('\n');
  const imports = lines.filter((line) => line.startsWith('import '));
  const body = lines.filter((line) => !line.startsWith('import '));
  if (!imports.some((line) => line.includes("from 'sharedctypes'"))) {
    imports.unshift("import * as mp from 'sharedctypes';");
  }
  return `${imports.join('\n')}\nexport async function example(): Promise<void> {\n${body.join('\n')}\n}\n`;
}

/** The names the package exports, each with the TSDoc tags of its declarations. */
function exportedDocs(): Map<string, readonly ts.JSDocTag[]> {
  const entry = new URL('src/index.ts', root).pathname;
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const docs = new Map<string, readonly ts.JSDocTag[]>();
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = checker.getAliasedSymbol(exported);
    const tags = (symbol.declarations ?? []).flatMap((declaration) => ts.getJSDocTags(declaration));
    docs.set(exported.name, tags);
  }
  return docs;
}

describe('TSDoc examples', () => {
  it('document every export with an @example and a group of the API reference, and no internals', () => {
    const docs = exportedDocs();
    assert.ok(docs.size > 50, `${docs.size} exports`);
    const groups = new Set<string>();
    for (const [name, tags] of docs) {
      assert.ok(
        tags.some((tag) => tag.tagName.text === 'example'),
        `${name} has no @example`,
      );
      const group = tags.find((tag) => tag.tagName.text === 'group');
      assert.ok(group, `${name} has no @group`);
      groups.add(String(group.comment));
    }
    const internals = ['Allocation', 'Arena', 'ArenaDescription', 'FromStorage', 'heapStatistics'];
    internals.push('LOCATE', 'Locatable', 'Location', 'LockRecord', 'ObjectRecord', 'StorageKind');
    internals.push(
      'Stored',
      'SynchronizedRecord',
      'ToStorage',
      'TypedArrayByKind',
      'TypeDescription',
    );
    assert.deepEqual(
      internals.filter((name) => docs.has(name)),
      [],
      'internals stay out of the package',
    );
    assert.deepEqual([...groups].sort(), [
      'Allocation',
      'Locks',
      'Raw objects',
      'Sharing and processes',
      'Types',
      'Wrappers',
    ]);
  });

  it('type-check, each as a module importing the package', () => {
    const blocks = sourceFiles(new URL('src/', root)).flatMap((file) =>
      examples(readFileSync(file, 'utf8')),
    );
    assert.ok(blocks.length > 0, 'found no examples');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const [index, code] of blocks.entries()) {
      writeFileSync(new URL(`example${index}.ts`, folder), moduleFor(code));
    }
    writeFileSync(
      new URL('tsconfig.json', folder),
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { noEmit: true, noUnusedLocals: false },
        include: ['*.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = spawnSync(
      process.execPath,
      [tsc, '-p', new URL('tsconfig.json', folder).pathname],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 0, result.stdout);
  });
});
