/**
 * CPython as an oracle: runs a Python script with JSON on stdin and parses the JSON it
 * prints. Tests that need it skip with a visible reason where python3 is missing.
 */
import { spawnSync } from 'node:child_process';

const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2])'], {
  encoding: 'utf8',
});

/** `false` when python3 runs here; otherwise the reason the oracle tests skip. */
export const pythonMissing: string | false =
  probe.status === 0 ? false : 'python3 is not installed here: CPython oracle tests skipped';

/** Runs `script` with `input` as JSON on stdin; returns the JSON it prints. */
export function runPython<Result>(script: string, input: unknown): Result {
  const result = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Result;
}

/** Python exception names mapped to the JavaScript classes docs/semantics.md gives them. */
export function errorClassOf(pythonError: string): string {
  return pythonError === 'TypeError' ? 'TypeError' : 'RangeError';
}
