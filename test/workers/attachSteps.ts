/**
 * Attaches each handle it is sent, one message at a time, and reports: for an array of
 * ints, writes `values` through it; for a lock, tries to acquire it (and keeps it).
 */
import { parentPort } from 'node:worker_threads';
import * as mp from '../../src/index.js';

export interface AttachStep {
  readonly handle: unknown;
  readonly values?: readonly number[];
}

export type AttachReport =
  | { readonly outcome: 'attached'; readonly acquired?: boolean }
  | { readonly outcome: 'refused'; readonly error: string };

parentPort?.on('message', ({ handle, values }: AttachStep) => {
  let report: AttachReport;
  try {
    const live = mp.attach(handle);
    if (live instanceof mp.SharedLock || live instanceof mp.SharedRLock) {
      report = { outcome: 'attached', acquired: live.acquire(false) };
    } else {
      const array = live as mp.SharedArray<typeof mp.c_int>;
      values?.forEach((value, index) => {
        array.set(index, value);
      });
      report = { outcome: 'attached' };
    }
  } catch (error) {
    report = { outcome: 'refused', error: (error as Error).constructor.name };
  }
  parentPort?.postMessage(report);
});
