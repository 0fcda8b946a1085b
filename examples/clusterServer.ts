/**
 * A `cluster` HTTP server whose worker processes share a request counter and a per-client
 * rate limit through named objects of the process context. No worker created the others'
 * objects or was handed them: each opens them by name, and the first to ask creates them.
 *
 *   node examples/clusterServer.js            # PORT=3000 WORKERS=2 LIMIT=100 WINDOW=60
 *   curl -H 'x-client-id: alice' localhost:3000/   # 200 "ok", or 429 over the limit
 *   curl localhost:3000/stats                       # {"requests":…,"clients":{…}}
 *
 * The primary starts from fresh objects, starts a new worker when one dies (a worker that
 * died holding a lock is reported to the next one that takes it, see `retryIfAbandoned`),
 * and removes the names when it is stopped (SIGINT or SIGTERM).
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import * as mp from 'sharedctypes';

const settings = {
  port: Number(process.env.PORT ?? 3000),
  workers: Number(process.env.WORKERS ?? 2),
  limit: Number(process.env.LIMIT ?? 100),
  windowSeconds: Number(process.env.WINDOW ?? 60),
  app: process.env.APP_NAME ?? 'clusterServer',
};

// One slot per client: its id (up to 64 bytes), the start of its window, its count in it.
const Client = mp.Structure(
  { id: mp.arrayOf('c', 64), windowStart: mp.c_double, count: mp.c_int },
  { name: 'Client' },
);
const SLOTS = 1024;
const names = [`${settings.app}.requests`, `${settings.app}.clients`];

// Every worker process meets at the same two objects by name.
function sharedState() {
  const ctx = mp.getContext('process');
  const requests = ctx.Value('q', 0n, { name: `${settings.app}.requests` });
  const clients = ctx.Array(Client, SLOTS, { name: `${settings.app}.clients` });
  return { requests, clients };
}

type State = ReturnType<typeof sharedState>;

/** The slot of client `id` (found or taken), or `undefined` when the table is full. */
function slotOf(table: ReturnType<State['clients']['getObj']>, id: Uint8Array) {
  let index = id.reduce((hash, byte) => (hash * 31 + byte) >>> 0, 7) % SLOTS;
  for (let probe = 0; probe < SLOTS; probe++, index = (index + 1) % SLOTS) {
    const slot = table.get(index);
    if (slot.id.value.length === 0) slot.id.value = id;
    if (Buffer.from(slot.id.value).equals(id)) return slot;
  }
  return undefined;
}

/**
 * Runs the critical section `fn` again when a worker died inside it: `withLock` then
 * released the lock and threw `AbandonedLockError` without running `fn`. Each section here
 * leaves consistent data at every step, so there is nothing to repair.
 */
function retryIfAbandoned<Result>(fn: () => Result): Result {
  for (;;) {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof mp.AbandonedLockError)) throw error;
    }
  }
}

/** Counts the request, and whether client `id` is within its limit (one critical section). */
function admit(state: State, id: Uint8Array, now: number): boolean {
  retryIfAbandoned(() =>
    state.requests.withLock(() => {
      state.requests.value += 1n;
    }),
  );
  return retryIfAbandoned(() =>
    state.clients.withLock(() => {
      const slot = slotOf(state.clients.getObj(), id);
      if (slot === undefined) return false;
      if (now - slot.windowStart >= settings.windowSeconds) {
        slot.windowStart = now;
        slot.count = 0;
      }
      if (slot.count >= settings.limit) return false;
      slot.count += 1;
      return true;
    }),
  );
}

function stats(state: State) {
  const clients: Record<string, number> = {};
  retryIfAbandoned(() =>
    state.clients.withLock(() => {
      for (const slot of state.clients.getObj()) {
        if (slot.id.value.length > 0) clients[Buffer.from(slot.id.value).toString()] = slot.count;
      }
    }),
  );
  return { requests: Number(state.requests.value), clients };
}

if (cluster.isPrimary) {
  const ctx = mp.getContext('process');
  // A fresh start: counts left by an earlier run that was killed are dropped.
  for (const name of names) ctx.unlink(name);
  for (let index = 0; index < settings.workers; index++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.log(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === settings.workers) {
      console.log(`listening on http://127.0.0.1:${address.port} with ${listening} workers`);
    }
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    for (const name of names) ctx.unlink(name);
    process.exit(0);
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
} else {
  const state = sharedState();
  createServer((request, response) => {
    if (request.url === '/stats') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(stats(state)));
      return;
    }
    const client = request.headers['x-client-id'] ?? request.socket.remoteAddress ?? '?';
    const id = Buffer.from(String(client)).subarray(0, 64);
    const admitted = admit(state, id, Date.now() / 1000);
    response.statusCode = admitted ? 200 : 429;
    response.end(admitted ? 'ok' : 'rate limited');
  }).listen(settings.port, '127.0.0.1');
}
