/**
 * The current agent in a browser (a page, or a worker): whether it may block, and who it is
 * for `RLock` ownership. Browsers give an agent no number of its own (Node's `threadId` has
 * no counterpart), so the agents number themselves.
 *
 * Each agent belongs to a family whose members count themselves in one shared cell: a
 * `Process` hands its family's counter to the worker it starts, and every member takes the
 * next number with `Atomics.add`, so within a family identities are unique for certain. A
 * family begins with an agent that no `Process` started: a page, or a worker made with
 * `new Worker`. It starts counting at a random point of its own half of the identities: the
 * lower half when it began on an agent that may not block (a page), the upper half when it
 * began in a worker. So a page and the workers it makes itself never share an identity, and
 * two families of one half share one only when their random starting points fall within
 * their sizes of each other (for two families of k agents, a chance of about 2k in 2^29).
 */
import { newSharedBuffer } from '../../memory/bufferMemory.js';

/** Identities in each half: the lower half is 1 … 2^29 - 1, the upper 2^29 + 1 … 2^30 - 1. */
const HALF_SIZE = 2 ** 29 - 1;
const UPPER_HALF = 2 ** 29 + 1;

/** The cells of a family's counter. */
const SEQUENCE = 0;
const FIRST_IDENTITY = 1;

/**
 * Whether this agent may block in `Atomics.wait`: a worker may, a page's main thread may not
 * (there `Atomics.wait` throws before it looks at the cell). `false` without shared memory.
 */
function agentMayBlock(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether this agent may block (see {@link agentMayBlock}). */
export const CAN_BLOCK = agentMayBlock();

/** This agent's family counter: its running sequence, and the first identity of its half. */
let family: Uint32Array | undefined;
let identity: number | undefined;

/**
 * Makes this agent a member of the family counted by `counter`, the one of the agent that
 * started it; called before anything takes this agent's identity.
 */
export function joinFamily(counter: Uint32Array): void {
  family = counter;
}

/**
 * The counter of this agent's family, for a worker that a `Process` starts; a new family
 * begins here if this agent has none.
 * @throws Error when the platform has no `SharedArrayBuffer`.
 */
export function familyCounter(): Uint32Array {
  if (family === undefined) {
    family = new Uint32Array(newSharedBuffer(8));
    family[SEQUENCE] = crypto.getRandomValues(new Uint32Array(1))[0] % HALF_SIZE;
    family[FIRST_IDENTITY] = CAN_BLOCK ? UPPER_HALF : 1;
  }
  return family;
}

/** This agent's identity: positive, below 2^30, taken from its family on first use. */
export function agentIdentity(): number {
  if (identity === undefined) {
    const counter = familyCounter();
    const sequence = Atomics.add(counter, SEQUENCE, 1);
    identity = Atomics.load(counter, FIRST_IDENTITY) + (sequence % HALF_SIZE);
  }
  return identity;
}
