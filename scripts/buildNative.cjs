// Builds the native part at install (node-gyp, from source): the process context needs it,
// and the thread context uses it to see locks abandoned by terminated workers. An
// install without build tools still succeeds: the thread context needs no native part,
// and getContext('process') then throws an Error saying how to build it.
const { spawnSync } = require('node:child_process');

if (process.platform !== 'linux') {
  console.warn(
    `sharedctypes: the process context supports Linux only; skipped its native part on ${process.platform}.`,
  );
  process.exit(0);
}
const nodeGyp = process.env.npm_config_node_gyp;
const [command, args] = nodeGyp
  ? [process.execPath, [nodeGyp, 'rebuild']]
  : ['node-gyp', ['rebuild']];
const result = spawnSync(command, args, { stdio: 'inherit' });
if (result.status !== 0) {
  console.warn(
    'sharedctypes: building the native part failed, so the process context is not available ' +
      '(the thread context works). Install python3, make and a C++ compiler ' +
      '(Debian: apt-get install python3 make g++), then run `npm rebuild sharedctypes`.',
  );
}
