/**
 * The cluster example under real load: a `cluster` server of 2 worker processes that
 * share a request counter and a per-client rate limit through named objects, driven by
 * autocannon from 3 clients at once. Every request is counted and every client gets
 * exactly its limit; the names are gone once the server stops.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import autocannon from 'autocannon';
import { PROCESS_CONTEXT_MISSING } from './helpers/contexts.js';

const server = new URL('../examples/clusterServer.js', import.meta.url);
const LIMIT = 1_000;
const CLIENTS: readonly (readonly [string, number])[] = [
  ['alice', 3_000],
  ['bob', 1_500],
  ['carol', 500],
];

describe('the cluster server example', { skip: PROCESS_CONTEXT_MISSING }, () => {
  it('counts every request and limits every client exactly under autocannon', async () => {
    const app = `clusterTest${process.pid}`;
    const child = spawn(process.execPath, [server.pathname], {
      env: {
        ...process.env,
        PORT: '0',
        WORKERS: '2',
        LIMIT: String(LIMIT),
        WINDOW: '3600',
        APP_NAME: app,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const found = /listening on http:\/\/127\.0\.0\.1:(\d+) with 2 workers/.exec(output);
          if (found) resolve(Number(found[1]));
        });
        child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
      });
      const results = await Promise.all(
        CLIENTS.map(([id, amount]) =>
          autocannon({
            url: `http://127.0.0.1:${port}/`,
            connections: 8,
            amount,
            headers: { 'x-client-id': id },
          }),
        ),
      );
      for (const [index, [id, amount]] of CLIENTS.entries()) {
        const result = results[index];
        assert.equal(result.errors, 0, id);
        assert.equal(result['2xx'], Math.min(amount, LIMIT), `${id} admitted`);
        assert.equal(result.non2xx, amount - Math.min(amount, LIMIT), `${id} refused`);
      }
      const stats = await (await fetch(`http://127.0.0.1:${port}/stats`)).json();
      assert.deepEqual(stats, {
        requests: CLIENTS.reduce((sum, [, amount]) => sum + amount, 0),
        clients: Object.fromEntries(CLIENTS.map(([id, amount]) => [id, Math.min(amount, LIMIT)])),
      });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    assert.deepEqual(
      readdirSync('/dev/shm').filter((file) => file.includes(app)),
      [],
      'the primary removed the names when it stopped',
    );
  });
});
