/**
 * The thread context, whose members are the top-level functions, and the lookup of a context
 * by name that each entry's `getContext` makes. The thread context's backend is the default
 * one, which the entry registers before it loads this module: the Node.js thread backend or
 * the browser backend.
 */
import { typeError } from '../errors.js';
import { Lock, RLock } from '../locks/locks.js';
import { RawArray, RawValue } from '../objects/rawFactories.js';
import { Process } from '../processes/process.js';
import { attach } from '../sharing/attach.js';
import { copy, SynchronizedArrayFactory, synchronized, Value } from '../wrappers/factories.js';
import { type Context, defaultContext } from './context.js';

/** The thread context: its members are the top-level functions themselves. */
export const threadContext: Context = defaultContext('thread', {
  Value,
  Array: SynchronizedArrayFactory,
  RawValue,
  RawArray,
  Lock,
  RLock,
  synchronized,
  copy,
  attach,
  Process,
});

/**
 * The context called `name`, made by its entry of `contexts`.
 * @throws TypeError for a name that is not one of `contexts`' keys; whatever making the
 *   context throws (a context the platform cannot provide).
 */
export function contextNamed(
  contexts: Readonly<Record<string, () => Context>>,
  name: unknown,
): Context {
  if (typeof name !== 'string' || !Object.hasOwn(contexts, name)) {
    const accepted = Object.keys(contexts)
      .map((key) => `'${key}'`)
      .join(', ');
    throw typeError('name', `the name of a context (${accepted})`, name);
  }
  return contexts[name]();
}
