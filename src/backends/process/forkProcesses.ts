/**
 * How `Process` starts in the process context: a child process (`child_process.fork`)
 * running the entry `processEntry.mts`, which receives the target and its arguments as its
 * first message ('advanced' serialization; the arguments' shared objects travel as plain
 * handles). As in Python, the exit code of a child ended by signal N is -N; the names of
 * the segments such a child made are removed when it ends, since it could not do it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { constants } from 'node:os';
import { serialize } from 'node:v8';
import type { ProcessStarter, StartedProcess } from '../../backend/backend.js';
import { typeError } from '../../errors.js';
import processEntryPath from '../../processes/processEntryPath.cjs';
import { isTargetFailure, resolveModuleTarget } from '../../processes/targets.js';
import { removeNamesOfEndedChild } from './segmentMemory.js';

/** -N for signal N, as `multiprocessing.Process.exitcode` reports it. */
function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal !== null) return -(constants.signals[signal] ?? 0);
  return code ?? 0;
}

/**
 * This process's Node.js options for the child (loaders such as tsx's, source maps), but
 * not those that would make the child something else than the entry: `node --test` or
 * `--watch` would run test files or restart in the child.
 */
function childExecArgv(): string[] {
  return process.execArgv.filter((arg) => !/^--(test|watch)(-|=|$)/.test(arg));
}

function start(
  target: string,
  args: readonly unknown[],
  name: string,
  onError: (error: unknown) => void,
): StartedProcess {
  const message = { target, args, name };
  try {
    serialize(message);
  } catch {
    throw typeError(
      'args',
      'values a child process can receive (shared objects of the process context, plain data)',
      args,
    );
  }
  const child: ChildProcess = fork(processEntryPath, [], {
    serialization: 'advanced',
    execArgv: childExecArgv(),
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (message: unknown) => {
    if (isTargetFailure(message)) onError(message.error);
  });
  child.on('error', onError);
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      // Ended by a signal, it could not remove the names of its segments itself.
      if (signal !== null && child.pid !== undefined) removeNamesOfEndedChild(child.pid);
      resolve(exitCodeOf(code, signal));
    });
  });
  child.send(message, (error) => {
    if (error) onError(error);
  });
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    exited,
    pid: child.pid,
    terminate: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
  };
}

/** Starts targets in child processes. */
export const forkProcesses: ProcessStarter = { resolveTarget: resolveModuleTarget, start };
