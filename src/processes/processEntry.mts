/**
 * The started side of `Process`, in a worker thread (thread context) or a forked child
 * process (process context): loads the target module, attaches the arguments, calls the
 * default export, and on failure prints the stack to stderr (as Python does), reports the
 * error to the parent and exits with code 1.
 *
 * An ES module in both builds (`.mts`), since it loads targets with `import()`, which the
 * CommonJS build would turn into `require()`. It imports the modules of its own build, so
 * a target gets its arguments as objects of the entry (ES module or CommonJS) that started
 * the `Process`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import '../backends/process/processBackend.js';
import '../backends/thread/threadBackend.js';
import { attachAll } from '../sharing/attach.js';

interface EntryData {
  readonly target: string;
  readonly args: readonly unknown[];
  readonly name: string;
  /**
   * In a worker: cell 0 set to 1 when it exits on its own (not when terminated), cell 1
   * its code. A child process's exit code and signal tell that themselves.
   */
  readonly exitedOnItsOwn?: Int32Array;
}

/** Reports what the target threw to the thread or process that started this one. */
function report(message: unknown): void {
  if (parentPort !== null) parentPort.postMessage(message);
  else process.send?.(message);
}

const TYPESCRIPT = /\.[cm]?tsx?$/;
const JAVASCRIPT = /\.([cm]?)js(x?)$/;

/**
 * The module to load: the target, or, when a `.js` target does not exist but its `.ts` source
 * does (a TypeScript program run by tsx names its modules `.js`), that source.
 */
function moduleOf(target: string): string {
  const url = new URL(target);
  if (url.protocol !== 'file:' || !JAVASCRIPT.test(url.pathname) || existsSync(url)) return target;
  const source = new URL(url);
  source.pathname = url.pathname.replace(JAVASCRIPT, '.$1ts$2');
  return existsSync(source) ? source.href : target;
}

/** The part of tsx's `tsx/esm/api` that the worker uses. */
interface TsxApi {
  register(): void;
}

/**
 * The URL of `tsx/esm/api` in the tsx that runs this process, found through the loader that
 * tsx puts in `execArgv` (workers inherit it): for `npx tsx` without tsx in the project.
 */
function tsxApiOfThisProcess(): string | undefined {
  const loader = process.execArgv.find((arg) => /[\\/]tsx[\\/]dist[\\/]loader\.mjs$/.test(arg));
  if (loader === undefined) return undefined;
  try {
    const manifest = createRequire(loader).resolve('tsx/package.json');
    const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      exports: { './esm/api': { import: { default: string } } };
    };
    return new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
  } catch {
    return undefined; // a tsx laid out otherwise: ask for tsx in the project instead
  }
}

/** tsx's API: the project's, else that of the tsx running this process. */
async function importTsx(target: string): Promise<TsxApi> {
  try {
    return (await import('tsx/esm/api' as string)) as TsxApi;
  } catch {
    const api = tsxApiOfThisProcess();
    if (api !== undefined) return (await import(api)) as TsxApi;
    throw new Error(`${target} is TypeScript: install tsx in the project to run it in a Process`);
  }
}

async function loadTarget(given: string): Promise<(...args: unknown[]) => unknown> {
  const target = moduleOf(given);
  // Node 20 does not pass loader hooks on to workers; register tsx here for .ts targets.
  if (TYPESCRIPT.test(new URL(target).pathname)) (await importTsx(target)).register();
  const module = (await import(target)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    throw new TypeError(
      `Expected \`target\` to export a default function, got ${typeof module.default} (${target})`,
    );
  }
  return module.default as (...args: unknown[]) => unknown;
}

async function run({ target, args, name }: EntryData): Promise<void> {
  try {
    const main = await loadTarget(target);
    await main(...attachAll(args));
  } catch (error) {
    const stack = error instanceof Error && error.stack ? error.stack : String(error);
    process.stderr.write(`Process ${name}:\n${stack}\n`);
    try {
      report({ kind: 'sharedctypes:target-error', error });
    } catch {
      report({ kind: 'sharedctypes:target-error', error: new Error(stack) });
    }
    process.exitCode = 1;
  }
}

function start(data: EntryData): void {
  process.once('exit', (code) => {
    if (data.exitedOnItsOwn === undefined) return;
    Atomics.store(data.exitedOnItsOwn, 1, code);
    Atomics.store(data.exitedOnItsOwn, 0, 1);
  });
  let settled = false;
  // As with an unsettled top-level await: when the event loop empties while the target's
  // promise is still pending, it can never settle, and the process ends with exit code 13.
  process.once('beforeExit', () => {
    if (!settled) process.exitCode = 13;
  });
  void run(data).finally(() => {
    settled = true;
  });
}

if (parentPort !== null) {
  start(workerData as EntryData);
} else {
  // A forked child: the start data is the first message; then the channel must not keep
  // the child alive by itself.
  process.once('message', (data) => {
    process.channel?.unref();
    start(data as EntryData);
  });
}
