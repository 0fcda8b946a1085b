/**
 * Loads the native part, built from `native/` by node-gyp when the package installs: the
 * process context's memory and futex, and OS thread identities for both Node backends. CommonJS in both builds, so that `__dirname` and `require` name the
 * build this module is part of.
 */
import fs = require('node:fs');
import path = require('node:path');

/** What the addon offers (see `native/shared_memory.cc`). */
interface NativeAddon {
  /** A new zeroed segment named `prefix` + 32 random hex digits: `[name, buffer]`. */
  create(prefix: string, byteLength: number): [string, SharedArrayBuffer];
  /** The segment `name` of exactly `byteLength` bytes, mapped once per process (`code` ESIZE otherwise). */
  open(name: string, byteLength: number): SharedArrayBuffer;
  /** A new zeroed segment `name`, kept until unlinked; `undefined` when the name exists. */
  createNamed(name: string, byteLength: number): SharedArrayBuffer | undefined;
  /** The byte length of the segment `name`; -1 when there is none. */
  segmentSize(name: string): number;
  /** Removes a segment's name; `false` when there was none. */
  unlink(name: string): boolean;
  /** Sleeps while `cells[index] === expected`, at most `timeoutMs`. */
  wait(
    cells: Int32Array,
    index: number,
    expected: number,
    timeoutMs: number,
  ): 'ok' | 'not-equal' | 'timed-out';
  /** Wakes up to `count` waiters on `cells[index]`, in any process. */
  wake(cells: Int32Array, index: number, count: number): number;
  /** This OS thread's id. */
  threadId(): number;
  /** When the live thread `tid` started (clock ticks since boot); -1 when it has ended. */
  threadStartTime(tid: number): number;
}

const ADDON = path.join('build', 'Release', 'sharedctypes_native.node');

/** The package folder: the nearest folder above this module with the package's package.json. */
function packageFolder(): string | undefined {
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (name === 'sharedctypes') return folder;
    }
    if (path.dirname(folder) === folder) return undefined;
  }
}

let loaded: NativeAddon | Error | undefined;

/**
 * The addon, loaded once per thread.
 * @throws Error saying why it is missing and how to build it.
 */
function nativeAddon(): NativeAddon {
  if (loaded === undefined) {
    try {
      if (process.platform !== 'linux') {
        throw new Error(`the process context supports Linux only, not ${process.platform}`);
      }
      const folder = packageFolder();
      if (folder === undefined) throw new Error('the package folder was not found');
      loaded = require(path.join(folder, ADDON)) as NativeAddon;
    } catch (cause) {
      loaded = new Error(
        `The process context needs the native part of sharedctypes, which is not available (${
          (cause as Error).message
        }). It is built from source when the package installs: install python3, make and a ` +
          `C++ compiler (Debian: apt-get install python3 make g++), then run \`npm rebuild sharedctypes\`.`,
        { cause },
      );
    }
  }
  if (loaded instanceof Error) throw loaded;
  return loaded;
}

export = nativeAddon;
