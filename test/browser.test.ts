/**
 * In a real headless Chromium, on pages served by the browser example's server, a page and
 * its module Web Workers share objects and locks as threads do in Node.js.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { serve } from '../examples/browser/server.js';
import * as mp from '../src/index.js';
import { badInputClasses } from './browser/badInput.js';

const root = new URL('../../', import.meta.url);
const CHROMIUM = '/usr/bin/chromium';
const noChromium = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM}: apt-get install chromium (as .ci/run does)`;

/** The folders the test servers serve: the build, the example, the compiled fixtures. */
const folders = {
  '/dist/': new URL('dist/', root),
  '/examples/browser/': new URL('examples/browser/', root),
  '/fixtures/': new URL('.build/test/browser/', root),
  '/pages/': new URL('test/browser/', root),
};

describe('in headless Chromium', { timeout: 120_000 }, () => {
  let browser: Browser | undefined;
  const servers: Server[] = [];
  let isolatedOrigin = '';
  let plainOrigin = '';
  /** The page most scenarios run on (each makes its own objects and workers). */
  let shared: FixturePage;

  before(async () => {
    if (noChromium) return;
    const isolated = await serve({ folders, home: '/pages/page.html' });
    const plain = await serve({ folders, home: '/pages/page.html', isolated: false });
    servers.push(isolated.server, plain.server);
    isolatedOrigin = isolated.origin;
    plainOrigin = plain.origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    shared = await fixturePage(isolatedOrigin);
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) server.close();
  });

  /** A page of the test fixtures; what it and its workers print is in `console`. */
  interface FixturePage {
    readonly page: Page;
    readonly console: string[];
    /** Runs the scenario `call`, an expression on the page's `scenarios`. */
    run(call: string): Promise<unknown>;
  }

  /** A new page of the test fixtures, from `origin`. */
  async function fixturePage(origin: string): Promise<FixturePage> {
    const page = await browser!.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    await page.goto(`${origin}/pages/page.html`);
    await page.waitForFunction("document.title === 'ready'");
    return { page, console, run: (call) => page.evaluate(`scenarios.${call}`) };
  }

  /** Runs the scenario `call` on a page of its own, from `origin`. */
  async function onNewPage(call: string, origin: string): Promise<unknown> {
    const { page, run } = await fixturePage(origin);
    try {
      return await run(call);
    } finally {
      await page.close();
    }
  }

  const test = (name: string, fn: () => Promise<void>) => it(name, { skip: noChromium }, fn);

  test('exports the names that the Node.js entry exports', async () => {
    const node = Object.keys(await import('sharedctypes')).sort();
    assert.deepEqual(await shared.run('exportNames()'), node);
  });

  test("has the thread context; getContext('process') is an Error, named objects refused", async () => {
    assert.deepEqual(await shared.run('contexts()'), {
      name: 'thread',
      topLevel: true,
      process: 'Error',
      unknown: 'TypeError',
      unlink: 'Error',
      named: 'TypeError',
    });
  });

  test('bad input throws the classes it throws in Node.js', async () => {
    const expected = {
      'an unknown typecode': 'TypeError',
      'a non-integer for c_int': 'TypeError',
      'a string for c_double': 'TypeError',
      'a bigint beyond the double range': 'RangeError',
      'a negative length': 'RangeError',
      'a non-integer length': 'TypeError',
      'an index out of range': 'RangeError',
      'index syntax out of range': 'RangeError',
      'a non-integer index': 'TypeError',
      'a slice step of 0': 'RangeError',
      'setSlice of the wrong length': 'RangeError',
      "a string for a 'c' array's value": 'TypeError',
      "bytes too long for a 'c' array": 'RangeError',
      "a string too long for a 'u' array": 'RangeError',
      'too many structure fields': 'TypeError',
      'a lock option of the wrong type': 'TypeError',
      'releasing a free Lock': 'LockError',
      'releasing an RLock not owned': 'LockError',
      'an options object as block': 'TypeError',
      'a string timeout': 'TypeError',
      'a misspelt property': 'TypeError',
      'attach of a forged handle': 'TypeError',
      'attach of a number': 'TypeError',
      'synchronized of a plain object': 'TypeError',
      'an atomic add on a double': 'TypeError',
      'withLock of an async body': 'TypeError',
    };
    assert.deepEqual(badInputClasses(mp as never), expected, 'in Node.js');
    assert.deepEqual(await shared.run('badInput()'), expected, 'on the page');
  });

  test('4 module workers × 20,000 guarded increments of one Value, and 500 on the page', async () => {
    assert.deepEqual(await shared.run('counter(20_000, 500)'), {
      exitCodes: [0, 0],
      value: 4 * 20_000 + 500,
    });
  });

  test('a structure written in a worker is read on the page; one made in a worker too', async () => {
    assert.deepEqual(await shared.run('structures()'), {
      exitCodes: [0],
      read: { x: 7, y: 2.5, tag: 'worker' },
      mirrored: { isWrapper: true, x: -7, y: 1.25, tag: 'worker' },
    });
  });

  test('a RawArray filled in halves by two workers', async () => {
    assert.deepEqual(await shared.run('halves(100_000)'), {
      exitCodes: [0, 0],
      length: 100_000,
      wrong: 0,
      last: 3 * 99_999,
    });
  });

  test('acquireAsync and withLockAsync on the page resolve once a worker releases', async () => {
    for (const kind of ['Lock', 'RLock']) {
      for (const way of ['acquireAsync', 'withLockAsync']) {
        for (const withoutWaitAsync of [false, true]) {
          const label = `${kind} ${way}${withoutWaitAsync ? ' without Atomics.waitAsync' : ''}`;
          const call = `acquireAsync('${kind}', '${way}', ${withoutWaitAsync})`;
          assert.deepEqual(
            await shared.run(call),
            {
              hadWaitAsync: !withoutWaitAsync,
              beforeRelease: 'pending',
              result: true,
              stepWhenAcquired: 3,
              exitCodes: [0],
              freeAfterwards: true,
            },
            label,
          );
        }
      }
    }
  });

  test('a blocking acquire on the page throws LockError if it would wait, never blocks', async () => {
    const refused = { name: 'LockError', isLockError: true, namesAcquireAsync: true };
    assert.deepEqual(await shared.run('blockingOnPage()'), {
      uncontended: [true, true, true, true, true],
      whileHeld: {
        'lock.acquire()': refused,
        'lock.acquire(true, 1)': refused,
        'lock.hold()': refused,
        'rlock.acquire()': refused,
        'rlock.withLock(fn)': refused,
        'value.value': refused,
        'value.value = 6': refused,
        'value.acquire()': refused,
      },
      notWaiting: [false, false, false],
      exitCodes: [0],
      afterRelease: [true, true, 5],
    });
  });

  test('Process: exit codes, errors printed and kept, terminate, kill, join with a timeout', async () => {
    const result = (await shared.run('processes()')) as {
      failures: { exitCode: number; errorName: string; errorMessage: string }[];
    };
    const messages = result.failures.map(({ errorMessage }) => errorMessage);
    assert.deepEqual(messages.slice(0, 3), [
      'target failed on purpose',
      'uncaught on purpose',
      'rejected on purpose',
    ]);
    assert.deepEqual(
      {
        ...result,
        failures: result.failures.map(({ exitCode, errorName }) => [exitCode, errorName]),
      },
      {
        ok: { aliveAfterStart: true, exitCode: 0, error: undefined, alive: false, pid: undefined },
        failures: [
          [1, 'RangeError'],
          [1, 'Error'],
          [1, 'Error'],
          [1, 'TypeError'], // the module does not exist
          [1, 'TypeError'], // its default export is not a function
        ],
        afterTimedJoin: { alive: true, exitCode: null },
        terminated: [
          [-15, false],
          [-15, false],
          [-15, false], // kill(): a browser has no other way to stop a worker
        ],
        repr: '<Process name="NAME" stopped exitcode=-15>',
        refused: ['TypeError', 'TypeError', 'TypeError', 'TypeError'],
        uncloneable: 'DOMException',
      },
    );
    const printed = shared.console.find((line) => line.includes('target failed on purpose'));
    assert.ok(printed?.startsWith('error: Process Process-'), String(printed));
    assert.match(String(printed), /\n {4}at /, 'with its stack');
  });

  test('agents number themselves apart: the page, Process workers (nested too), own workers', async () => {
    const owners = (await onNewPage('identities()', isolatedOrigin)) as number[];
    assert.equal(new Set(owners).size, owners.length, `distinct: ${owners.join(' ')}`);
    // The page's family: the page, then four Process workers, one started by another.
    const [page, ...family] = owners.slice(0, 5);
    const halfSize = 2 ** 29 - 1;
    const afterPage = family.map((owner) => (owner - page + halfSize) % halfSize);
    assert.deepEqual(afterPage.sort(), [1, 2, 3, 4]);
    assert.ok([page, ...family].every((owner) => owner >= 1 && owner < 2 ** 29));
    // Workers the page started itself begin families of their own, in the upper half.
    assert.ok(owners.slice(5).every((owner) => owner > 2 ** 29 && owner < 2 ** 30));
  });

  test('a page that is not cross-origin isolated: the first allocation names both headers', async () => {
    const namesHeaders = { name: 'Error', coop: true, coep: true };
    assert.deepEqual(await onNewPage('notIsolated()', plainOrigin), {
      crossOriginIsolated: false,
      sharedArrayBuffer: 'undefined',
      context: 'thread',
      errors: [namesHeaders, namesHeaders, namesHeaders, namesHeaders],
    });
  });

  test('examples/browser: four workers update one structure, none of their updates lost', async () => {
    const page = await browser!.newPage();
    try {
      await page.goto(`${isolatedOrigin}/examples/browser/?rounds=5`);
      const result = await page.waitForFunction('document.body.dataset.result');
      const { exitCodes, darts, inside, rounds } = JSON.parse(String(await result.jsonValue()));
      assert.deepEqual(
        { exitCodes, darts, rounds },
        {
          exitCodes: [0, 0, 0, 0],
          darts: 4 * 5 * 100_000,
          rounds: [5, 5, 5, 5],
        },
      );
      assert.ok(inside > 0 && inside < darts);
      assert.match(String(await page.textContent('#estimate')), /^π ≈ 3\.1\d{5}$/);
    } finally {
      await page.close();
    }
  });
});
