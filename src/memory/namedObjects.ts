/**
 * Named objects: memory that unrelated processes meet at by a name. The first to ask
 * creates the region (exclusively, so one of several that start at once wins), writes its
 * header and the object's initial value, then marks it ready; every other one waits until
 * it is ready and checks that the object there is the one it asked for.
 *
 * A region starts with a 16-byte header of `Int32`s: the state (0 while the creator
 * initializes, 1 once ready), the creator's agent identity (so that a creator that ended
 * half-way is reported instead of waited for), the byte length of the signature that
 * follows in UTF-8 (what the object is), and 0. The object's bytes follow at a 16-aligned
 * offset.
 */
import type { Backend, NamedRegions } from '../backend/backend.js';
import { typeError } from '../errors.js';
import type { Arena } from './arena.js';

const OBJECT_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const HEADER_BYTES = 16;
const STATE = 0;
const CREATOR = 1;
const SIGNATURE_BYTES = 2;
const READY = 1;
/** Its creator could not initialize it and removed the name: try again. */
const FAILED = 2;
/** Slices an opener waits for a region whose creator never wrote its identity. */
const SLICES_WITHOUT_CREATOR = 20;
/** How often an opener looks at a region that is not ready yet. */
const WAIT_SLICE_MS = 50;
/** How often an opener tries again, 1 ms apart, while the name is being made or removed. */
const ATTEMPTS = 1000;

/** What a named object is: a readable label, and what must match exactly. */
export interface Signature {
  /** E.g. `c_int with an RLock`. */
  readonly label: string;
  /** The type's description and the lock's kind, as JSON. */
  readonly exact: string;
}

/** A named object's place: its region, and where its bytes start. */
export interface NamedPlace {
  readonly arena: Arena;
  readonly offset: number;
}

/**
 * Checks a named object's name: 1 to 64 of `[A-Za-z0-9._-]`.
 * @throws TypeError for anything else.
 */
export function checkObjectName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !OBJECT_NAME.test(name)) {
    throw typeError(what, '1 to 64 characters of [A-Za-z0-9._-]', name);
  }
  return name;
}

/**
 * The named regions of `backend`.
 * @throws TypeError where the context has no named objects (the thread context).
 */
function namedRegionsOf(backend: Backend, what: string, name: unknown): NamedRegions {
  if (backend.named === undefined) {
    throw typeError(
      what,
      `undefined in the ${backend.name} context (named objects are in the process context)`,
      name,
    );
  }
  return backend.named;
}

/** Made on first use: a browser page that is not cross-origin isolated has no shared memory. */
let pauseCell: Int32Array | undefined;

/** Sleeps `ms` (only between attempts at a name that is being made or removed). */
function pause(ms: number): void {
  pauseCell ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(pauseCell, 0, 0, ms);
}

function signatureIn(arena: Arena): string {
  const length = arena.view('int32')[SIGNATURE_BYTES];
  return new TextDecoder().decode(arena.bytes.slice(HEADER_BYTES, HEADER_BYTES + length));
}

/**
 * Waits until the region's creator marked it ready.
 * @returns `false` when the creator failed and removed the name (ask again).
 * @throws Error when its creator ended before it was ready, or never said who it is.
 */
function awaitReady(backend: Backend, arena: Arena, name: string): boolean {
  const cells = arena.view('int32');
  for (let slices = 0; ; slices++) {
    const state = Atomics.load(cells, STATE);
    if (state === READY) return true;
    if (state === FAILED) return false;
    backend.waiting.wait(cells, STATE, state, WAIT_SLICE_MS);
    if (Atomics.load(cells, STATE) !== 0) continue;
    const creator = Atomics.load(cells, CREATOR);
    const stuck = creator === 0 ? slices >= SLICES_WITHOUT_CREATOR : backend.hasEnded(creator);
    if (stuck) {
      throw new Error(
        `The named object ${JSON.stringify(name)} was left unfinished (its creator ended while making it, or something else made that name); remove it with unlink(${JSON.stringify(name)})`,
      );
    }
  }
}

function checkSignature(arena: Arena, name: string, signature: Signature): void {
  const found = signatureIn(arena);
  const wanted = `${signature.label}\n${signature.exact}`;
  if (found === wanted) return;
  const [foundLabel = found, foundExact = ''] = found.split('\n');
  const sameLabel = foundLabel === signature.label;
  throw new TypeError(
    `Expected the named object ${JSON.stringify(name)} to be ${
      sameLabel ? signature.exact : signature.label
    }, got ${sameLabel ? foundExact : foundLabel} (the object of that name)`,
  );
}

/**
 * Creates or opens the named object `options.name` (`name`) of `byteLength` bytes described
 * by `signature`. A new one is set up by `initialize(arena, offset)` before anyone else can
 * use it.
 * @throws TypeError for a bad name, a context without named objects, or when an object of
 *   another signature has that name.
 * @throws Error when its creator ended before it was ready.
 */
export function createOrOpen(
  backend: Backend,
  optionsName: unknown,
  signature: Signature,
  byteLength: number,
  initialize: (arena: Arena, offset: number) => void,
): NamedPlace {
  const name = checkObjectName(optionsName, 'options.name');
  const regions = namedRegionsOf(backend, 'options.name', name);
  const encoded = new TextEncoder().encode(`${signature.label}\n${signature.exact}`);
  const offset = Math.ceil((HEADER_BYTES + encoded.length) / 16) * 16;
  const total = Math.ceil((offset + byteLength) / 8) * 8;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const made = regions.create(name, total);
    if (made !== undefined) {
      const cells = made.view('int32');
      cells[CREATOR] = backend.agentId;
      cells[SIGNATURE_BYTES] = encoded.length;
      made.bytes.set(encoded, HEADER_BYTES);
      try {
        initialize(made, offset);
      } catch (error) {
        regions.unlink(name);
        Atomics.store(cells, STATE, FAILED);
        backend.waiting.notify(cells, STATE, Number.POSITIVE_INFINITY);
        throw error;
      }
      Atomics.store(cells, STATE, READY);
      backend.waiting.notify(cells, STATE, Number.POSITIVE_INFINITY);
      return { arena: made, offset };
    }
    const opened = regions.open(name);
    if (opened === undefined) {
      pause(1);
      continue;
    }
    if (!awaitReady(backend, opened, name)) continue;
    checkSignature(opened, name, signature);
    if (opened.bytes.length !== total) {
      throw new TypeError(
        `Expected the named object ${JSON.stringify(name)} to have ${total} bytes, got ${opened.bytes.length} (the object of that name)`,
      );
    }
    return { arena: opened, offset };
  }
  throw new Error(
    `The named object ${JSON.stringify(name)} could not be created or opened: its name kept changing`,
  );
}
