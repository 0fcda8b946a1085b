/**
 * How `Process` starts in the thread context: the target module's default export runs in a
 * new `worker_threads` worker, through the entry `processEntry.mts`.
 */
import { Worker } from 'node:worker_threads';
import {
  type ProcessStarter,
  type StartedProcess,
  TERMINATED_EXIT_CODE,
} from '../../backend/backend.js';
import processEntryPath from '../../processes/processEntryPath.cjs';
import { isTargetFailure, resolveModuleTarget } from '../../processes/targets.js';

function start(
  target: string,
  args: readonly unknown[],
  name: string,
  onError: (error: unknown) => void,
): StartedProcess {
  // When the worker exits on its own, the entry sets cell 0 and keeps its exit code in cell 1;
  // a terminated worker never does.
  const exitedOnItsOwn = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(processEntryPath, {
    workerData: { target, args, name, exitedOnItsOwn },
    name,
  });
  let terminated = false;
  let ended = false;
  worker.on('message', (message: unknown) => {
    if (isTargetFailure(message)) onError(message.error);
  });
  worker.on('error', onError);
  const exited = new Promise<number>((resolve) => {
    worker.once('exit', (code) => {
      ended = true;
      // A worker terminated while already exiting reports 1: keep the code it exited with.
      if (!terminated) resolve(code);
      else if (Atomics.load(exitedOnItsOwn, 0) === 1) resolve(Atomics.load(exitedOnItsOwn, 1));
      else resolve(TERMINATED_EXIT_CODE);
    });
  });
  const stop = async () => {
    if (!ended) terminated = true;
    await worker.terminate();
    await exited;
  };
  // A worker thread has no process of its own: its pid is this process's.
  return { exited, pid: process.pid, terminate: stop, kill: stop };
}

/** Starts targets in worker threads. */
export const workerProcesses: ProcessStarter = {
  resolveTarget: resolveModuleTarget,
  start,
};
