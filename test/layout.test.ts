/**
 * The architecture holds: only the Node backends, the native part's JavaScript side and
 * `Process` import `node:` modules; the core (types, kinds, objects, wrappers, locks,
 * memory, sharing, contexts' interface) imports none.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const sources = fileURLToPath(new URL('../../src/', import.meta.url));
const NODE_ALLOWED = /^(backends\/(thread|process)|native|processes)\//;

function* files(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.[cm]?ts$/.test(entry.name)) yield path;
  }
}

describe('the layout of src/', () => {
  it('keeps node: imports in the Node backends, native/ and processes/', () => {
    const offenders: string[] = [];
    let checked = 0;
    for (const file of files(sources)) {
      const name = relative(sources, file);
      const text = readFileSync(file, 'utf8');
      // Import and require statements only (TSDoc examples may mention node: modules).
      const imports = text.match(/^(?:import|export)[^;]*?from '(node:[^']+)'|require\('node:/gm);
      checked++;
      if (imports !== null && !NODE_ALLOWED.test(name)) offenders.push(name);
    }
    assert.ok(checked > 40, `${checked} source files`);
    assert.deepEqual(offenders, []);
  });
});
