/**
 * The contexts every lock, attach, process and worker test runs in: each context of the
 * package, and the thread backend bound by `createContext` (the way further contexts are
 * made), so that a new context inherits the whole suite by being listed here.
 */
import { describe } from 'node:test';
import { threadBackend } from '../../src/backends/thread/threadBackend.js';
import { createContext } from '../../src/contexts/context.js';
import * as mp from '../../src/index.js';

/** A context under test and how test titles name it. */
export interface TestContext {
  readonly label: string;
  readonly ctx: mp.Context;
}

/** The process context, or why this machine cannot provide it. */
function processContext(): mp.Context | string {
  try {
    return mp.getContext('process');
  } catch (error) {
    return (error as Error).message;
  }
}

const processOrReason = processContext();

/** Why the process context's tests are skipped here, if they are. */
export const PROCESS_CONTEXT_MISSING =
  typeof processOrReason === 'string' ? processOrReason : undefined;

export const TEST_CONTEXTS: readonly TestContext[] = [
  { label: 'thread context', ctx: mp.getContext('thread') },
  { label: 'thread backend bound by createContext', ctx: createContext('thread', threadBackend) },
  ...(typeof processOrReason === 'string'
    ? []
    : [{ label: 'process context', ctx: processOrReason }]),
];

/**
 * Runs `suite` once per context, inside a `describe` named after it; the process
 * context's is skipped, with the reason, where its native part is missing.
 */
export function forEachContext(suite: (ctx: mp.Context, label: string) => void): void {
  for (const { label, ctx } of TEST_CONTEXTS) describe(label, () => suite(ctx, label));
  if (PROCESS_CONTEXT_MISSING !== undefined) {
    describe('process context', { skip: PROCESS_CONTEXT_MISSING }, () => {});
  }
}

/** The context a worker was told to use by its label. */
export function contextLabelled(label: unknown): mp.Context {
  const found = TEST_CONTEXTS.find((entry) => entry.label === label);
  if (found === undefined) throw new Error(`no test context labelled ${String(label)}`);
  return found.ctx;
}
