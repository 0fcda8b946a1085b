/** The docs cannot drift: every example runs, and every README code block is one of them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('../../', import.meta.url);
const compiled = new URL('../examples/', import.meta.url);

const expectedOutput: Record<string, RegExp> = {
  quickstart: /^4000 \[ 0, 1\.5, 3, 4\.5 \]$/m,
  parallelSum: /sum of 1000000 doubles in 4 workers: 49500000/,
  producerConsumer: /exit codes 0 0; passed 10000 items in order/,
  poolCounter: /counter after 20 tasks of 500: 10000/,
  tour: /<SynchronizedPoint wrapper for Point\(x=11, y=2\.5, tag=c_char_Array_8\)>[\s\S]*true Expected `init` to be an integer for c_int, got 1\.5 \(number\)/,
};

describe('examples', () => {
  for (const [name, output] of Object.entries(expectedOutput)) {
    it(`${name} runs and prints what it promises`, () => {
      const result = spawnSync(process.execPath, [new URL(`${name}.js`, compiled).pathname], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, output);
    });
  }

  it('covers every runnable example file', () => {
    const mains = readdirSync(new URL('examples/', root))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .filter((name) => !/Worker$|Task$|^ring$/.test(name));
    assert.deepEqual(mains.sort(), Object.keys(expectedOutput).sort());
  });
});

describe('README', () => {
  it('shows only TypeScript that is an example file or part of one', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    assert.ok(blocks.length > 0);
    const sources = readdirSync(new URL('examples/', root))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(new URL(`examples/${file}`, root), 'utf8'));
    for (const block of blocks) {
      assert.ok(
        sources.some((source) => source.includes(block)),
        `README block not found in examples/:\n${block}`,
      );
    }
  });
});
