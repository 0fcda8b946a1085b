/**
 * A worker that a page starts itself, with `new Worker`, not by `Process`: it attaches what
 * it receives, runs `target.ts`'s task with it, and posts back the result (a shared object
 * or nothing).
 */
import * as mp from '../../dist/browser.js';
import run, { type Task } from './target.js';

declare const self: {
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  postMessage(message: unknown): void;
};

self.addEventListener('message', async (event) => {
  const [task, ...args] = mp.attach(event.data) as [Task, ...unknown[]];
  self.postMessage({ result: await run(task, ...args) });
});
