/**
 * The package's entry for browsers (the `browser` export condition): the API, with the
 * thread context over memory that a cross-origin isolated page shares with its Web Workers.
 * Nothing it loads imports a `node:` module.
 */
export * from './api.js';
export { getContext } from './backends/browser/browserContexts.js';
