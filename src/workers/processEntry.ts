/**
 * The worker side of `Process`: loads the target module, attaches the arguments, calls the
 * default export, and on failure prints the stack to stderr (as Python does), reports the
 * error to the parent and exits with code 1.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attachAll } from './attach.js';

interface EntryData {
  readonly target: string;
  readonly args: readonly unknown[];
  readonly name: string;
  /** Set to 1 when this worker exits on its own (not when it is terminated). */
  readonly exitedOnItsOwn: Int32Array;
}

const TYPESCRIPT = /\.[cm]?tsx?$/;
async function loadTarget(target: string): Promise<(...args: unknown[]) => unknown> {
  if (TYPESCRIPT.test(new URL(target).pathname)) {
    // Node 20 does not pass loader hooks on to workers; register tsx here for .ts targets.
    const tsx = (await import('tsx/esm/api' as string).catch(() => {
      throw new Error(`${target} is TypeScript: install tsx in the project to run it in a Process`);
    })) as { register(): void };
    tsx.register();
  }
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
      parentPort?.postMessage({ kind: 'sharedctypes:target-error', error });
    } catch {
      parentPort?.postMessage({ kind: 'sharedctypes:target-error', error: new Error(stack) });
    }
    process.exitCode = 1;
  }
}

const data = workerData as EntryData;
process.once('exit', () => Atomics.store(data.exitedOnItsOwn, 0, 1));
await run(data);
