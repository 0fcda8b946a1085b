/**
 * The worker side of `Process` in browsers: joins the family of the agent that started it,
 * loads the target module, attaches the arguments and calls the default export. On failure
 * (also an uncaught error or an unhandled rejection later) it prints the stack with
 * `console.error` (as Python prints it to stderr), reports the error and ends with code 1;
 * otherwise it ends with code 0 once the target returned or its promise settled.
 */
import { attachAll } from '../../sharing/attach.js';
import { joinFamily } from './agent.js';
import './browserBackend.js';
import type { EntryReport, StartMessage } from './moduleWorkers.js';

/** The global scope of a dedicated worker, as this entry uses it. */
declare const self: {
  postMessage(message: EntryReport): void;
  close(): void;
  addEventListener(
    type: 'message',
    listener: (event: { readonly data: StartMessage }) => void,
    options: { readonly once: true },
  ): void;
  addEventListener(
    type: 'error',
    listener: (event: { readonly error?: unknown; readonly message: string } & Cancelable) => void,
  ): void;
  addEventListener(
    type: 'unhandledrejection',
    listener: (event: { readonly reason: unknown } & Cancelable) => void,
  ): void;
};

/** An event whose default handling (printing it as uncaught) can be cancelled. */
interface Cancelable {
  preventDefault(): void;
}

let name = 'Process';
let exit: Int32Array | undefined;
let ended = false;

/** Records the exit code where the starter can read it, reports it, and closes the worker. */
function end(code: number): void {
  if (ended) return;
  ended = true;
  if (exit !== undefined) {
    Atomics.store(exit, 1, code);
    Atomics.store(exit, 0, 1);
  }
  self.postMessage({ kind: 'sharedctypes:exit', code });
  self.close();
}

function fail(error: unknown): void {
  if (ended) return;
  const stack = error instanceof Error && error.stack ? error.stack : String(error);
  console.error(`Process ${name}:\n${stack}`);
  try {
    self.postMessage({ kind: 'sharedctypes:target-error', error });
  } catch {
    self.postMessage({ kind: 'sharedctypes:target-error', error: new Error(stack) });
  }
  end(1);
}

async function loadTarget(target: string): Promise<(...args: unknown[]) => unknown> {
  const module = (await import(target)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    throw new TypeError(
      `Expected \`target\` to export a default function, got ${typeof module.default} (${target})`,
    );
  }
  return module.default as (...args: unknown[]) => unknown;
}

async function run(message: StartMessage): Promise<void> {
  ({ name, exit } = message);
  joinFamily(message.family);
  try {
    const main = await loadTarget(message.target);
    await main(...attachAll(message.args));
    end(0);
  } catch (error) {
    fail(error);
  }
}

self.addEventListener('error', (event) => {
  event.preventDefault();
  fail(event.error ?? event.message);
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  fail(event.reason);
});
self.addEventListener('message', (event) => void run(event.data), { once: true });
