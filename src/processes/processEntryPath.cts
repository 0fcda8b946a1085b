/**
 * Where the worker entry of `Process` is: `processEntry.mjs`, next to this module. This
 * module is CommonJS in both builds, so that `__dirname` names the build it is part of
 * (an ES module has no `__dirname`, and CommonJS has no `import.meta`).
 */
import path = require('node:path');

const processEntryPath: string = path.join(__dirname, 'processEntry.mjs');
export = processEntryPath;
