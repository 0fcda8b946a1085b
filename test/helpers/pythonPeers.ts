/**
 * CPython processes for the interop tests: each runs `test/fixtures/pythonPeer.py` with the
 * package's `python/` folder on `PYTHONPATH`, and runs the Python code a test sends it,
 * resolving with what that code passes to `reply(value)`.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PROCESS_CONTEXT_MISSING } from './contexts.js';

/** The repository (tests run compiled, from `.build/test/`). */
export const ROOT = new URL('../../../', import.meta.url);
/** The folder that makes `import sharedctypes` work in Python. */
export const PYTHON_PATH = fileURLToPath(new URL('python/', ROOT));
const PEER = fileURLToPath(new URL('test/fixtures/pythonPeer.py', ROOT));

/** An exception raised by the Python code a peer ran. */
export class PythonError extends Error {
  /**
   * @param pythonClass - The Python exception's class name, e.g. `TypeError`.
   * @param traceback - Python's traceback of it.
   */
  constructor(
    readonly pythonClass: string,
    message: string,
    readonly traceback: string,
  ) {
    super(`${pythonClass}: ${message}`);
  }
}

/** The environment of a Python process that imports the package's module. */
export function pythonEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: PYTHON_PATH, PYTHONDONTWRITEBYTECODE: '1' };
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** One CPython process running the code it is sent, one reply per `run`. */
export class PythonPeer {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the exit code, or the signal's name, once the process has ended. */
  readonly exited: Promise<number | string>;
  readonly #pending: Pending[] = [];

  constructor() {
    this.child = spawn('python3', [PEER], { env: pythonEnvironment() });
    this.child.stderr.pipe(process.stderr);
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const reply = JSON.parse(line) as {
        value?: unknown;
        error?: string;
        message?: string;
        traceback?: string;
      };
      const pending = this.#pending.shift();
      if (reply.error === undefined) pending?.resolve(reply.value);
      else
        pending?.reject(new PythonError(reply.error, reply.message ?? '', reply.traceback ?? ''));
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        for (const pending of this.#pending.splice(0)) {
          pending.reject(new Error(`python3 ended (${code ?? signal}) before replying`));
        }
        resolve(code ?? signal ?? 'unknown');
      });
    });
  }

  /** Runs `code` in the peer; resolves with the value it replies, rejects with its exception. */
  run<Result = unknown>(code: string): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#pending.push({ resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin.write(`${JSON.stringify({ run: code })}\n`);
    });
  }

  /** Kills the process with SIGKILL; resolves once it has ended. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Lets the process finish (end of its input); resolves with its exit code. */
  close(): Promise<number | string> {
    this.child.stdin.end();
    return this.exited;
  }
}

/** A Python string literal of `text` (JSON's string syntax is Python's too). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** Python code that attaches the JSON of `data` (shared objects of the process context). */
export function attachCode(data: unknown): string {
  return `sharedctypes.attach(${pythonString(JSON.stringify(data))})`;
}

/** Why the module cannot be imported by this machine's python3, if it cannot. */
function moduleMissing(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import sharedctypes'], {
    env: pythonEnvironment(),
    encoding: 'utf8',
  });
  if (probe.error !== undefined) return `python3 is not installed here (${probe.error.message})`;
  if (probe.status !== 0) return `the Python module does not load here: ${probe.stderr.trim()}`;
  return undefined;
}

/** Why `import sharedctypes` fails here, if it does: no python3, or no libatomic. */
export const PYTHON_MODULE_MISSING = moduleMissing();

/**
 * Why the CPython interop tests are skipped here, if they are: no python3, a module that
 * cannot load (no libatomic), or no process context (its native part is not built).
 */
export const PYTHON_INTEROP_MISSING: string | undefined =
  PYTHON_MODULE_MISSING ??
  (PROCESS_CONTEXT_MISSING === undefined
    ? undefined
    : `the process context is not available: ${PROCESS_CONTEXT_MISSING}`);

/**
 * A maker of Python peers for the tests of the current suite: each peer it made is killed
 * after every test, so that a failed test leaves no process behind.
 */
export function peersKilledAfterEach(): () => PythonPeer {
  const peers: PythonPeer[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((started) => started.kill()));
  });
  return () => {
    const started = new PythonPeer();
    peers.push(started);
    return started;
  };
}
