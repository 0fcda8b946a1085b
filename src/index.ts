/** The package's entry for Node.js: the API, with the contexts of Node.js. */
export * from './api.js';
export { getContext } from './contexts/getContext.js';
