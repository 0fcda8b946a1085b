/**
 * The targets a `Process` started by Node.js loads (modules named by path or URL), and the
 * message its entry sends when a target throws.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { typeError } from '../errors.js';

/**
 * The URL of the module `target` names.
 * @throws TypeError when `target` is not an absolute path, a `file:` URL string or a `URL`.
 */
export function resolveModuleTarget(target: unknown): string {
  if (target instanceof URL) return target.href;
  if (typeof target === 'string') {
    if (target.startsWith('file:')) return target;
    if (isAbsolute(target)) return pathToFileURL(target).href;
  }
  throw typeError('target', 'an absolute path, a file: URL string or a URL of a module', target);
}

/** What the entry (`processEntry.mts`) sends, as a worker message or over IPC, when the target throws. */
export interface TargetFailure {
  readonly kind: 'sharedctypes:target-error';
  readonly error: unknown;
}

/** Whether `message` is a {@link TargetFailure}. */
export function isTargetFailure(message: unknown): message is TargetFailure {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kind?: unknown }).kind === 'sharedctypes:target-error'
  );
}
