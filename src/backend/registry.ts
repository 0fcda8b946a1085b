/**
 * The backends loaded in this agent, by name: the default one, which the top-level
 * functions use, and every one whose handles `attach` can open.
 */
import { typeError } from '../errors.js';
import type { Backend } from './backend.js';

const backends = new Map<string, Backend>();
let defaultBackend: Backend | undefined;

/**
 * Makes `backend`'s handles known to `attach`; with `asDefault`, the top-level functions
 * use it (whatever the order in which backends are loaded).
 */
export function registerBackend(backend: Backend, asDefault = false): void {
  backends.set(backend.name, backend);
  if (asDefault) defaultBackend = backend;
}

/**
 * The backend of the top-level functions.
 * @throws Error when no backend was loaded (the package's entry always loads one).
 */
export function currentBackend(): Backend {
  if (defaultBackend === undefined) throw new Error('sharedctypes: no backend is loaded');
  return defaultBackend;
}

/**
 * The backend whose memory records are tagged `context`.
 * @throws TypeError when no such backend is loaded.
 */
export function backendNamed(context: unknown, name: string): Backend {
  const backend = typeof context === 'string' ? backends.get(context) : undefined;
  if (backend === undefined) {
    const known = [...backends.keys()].map((key) => `'${key}'`).join(' or ');
    throw typeError(name, `the name of a loaded context (${known})`, context);
  }
  return backend;
}
