/**
 * The package as a user installs it: `npm pack`, installed offline into a fresh consumer
 * project, then used from CommonJS and ES modules, compiled by `tsc` from TypeScript in both
 * module formats, and type-checked as a `module: commonjs` project too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PYTHON_MODULE_MISSING } from './helpers/pythonPeers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(
    result.status,
    0,
    `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`,
  );
  return result.stdout;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The consumer's sources: a Value, a Lock and two Process workers, in one module format. */
function scenario(format: 'cjs' | 'esm'): Record<string, string> {
  const extension = format === 'cjs' ? 'cts' : 'mts';
  const imports =
    format === 'cjs'
      ? "import mp = require('sharedctypes');\nimport path = require('node:path');"
      : "import * as mp from 'sharedctypes';";
  const target =
    format === 'cjs'
      ? "path.join(__dirname, 'work.cjs')"
      : "new URL('./work.mjs', import.meta.url)";
  const exportWork = format === 'cjs' ? 'export = function work' : 'export default function work';
  return {
    [`main.${extension}`]: `${imports}

const counter = mp.Value('i', 0);
const lock = mp.Lock();
const total = mp.Value(mp.c_double, 0, { lock });
const processes = [1, 2].map(
  (n) => new mp.Process({ target: ${target}, args: [counter, total, 500], name: \`worker-\${n}\` }),
);
for (const process of processes) process.start();
for (let index = 0; index < 500; index++) {
  counter.withLock(() => {
    counter.value += 1;
  });
}
void Promise.all(processes.map((process) => process.join())).then(() => {
  const free = lock.acquire(false);
  if (free) lock.release();
  const codes = mp.Array('c', 4);
  codes.value = new Uint8Array([0x6f, 0x6b]);
  console.log(JSON.stringify({
    exitCodes: processes.map((process) => process.exitCode),
    errors: processes.map((process) => String(process.error)),
    counter: counter.value,
    total: total.value,
    free,
    text: String.fromCharCode(...codes.value),
    repr: String(counter),
  }));
});
`,
    [`work.${extension}`]: `${format === 'cjs' ? "import mp = require('sharedctypes');" : "import * as mp from 'sharedctypes';"}

${exportWork}(
  counter: mp.SynchronizedValue<number, number>,
  total: mp.SynchronizedValue<number, number>,
  times: number,
): void {
  if (!(counter instanceof mp.SynchronizedValue)) throw new TypeError('counter is not attached');
  for (let index = 0; index < times; index++) {
    counter.withLock(() => {
      counter.value += 1;
    });
    const lock = total.getLock();
    lock.acquire();
    total.getObj().value += 0.5;
    lock.release();
  }
}
`,
    [`types.${extension}`]: `${imports.split('\n')[0]}

const counter = mp.Value('i', 1);
const count: number = counter.value;
const big: bigint = mp.RawValue('q', 1n).value;
const Point = mp.Structure({ x: mp.c_int, y: mp.c_double }, { name: 'Point' });
const point = mp.Value(Point, { x: 1 });
const x: number = point.x;
// @ts-expect-error a c_int holds numbers
counter.value = 'one';
// @ts-expect-error Point has no field z
point.z = 1;
// @ts-expect-error a Lock is not a number
mp.Value('d', 0, { lock: 1 });
console.log(count, big, x);
`,
  };
}

describe('the packed package', () => {
  let folder = '';
  let installed = '';
  let packedFiles: string[] = [];

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'sharedctypes-package-'));
    const [packed] = JSON.parse(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], root),
    ) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed.files.map((file) => file.path);
    const consumer = join(folder, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    run(
      'npm',
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--cache',
        join(folder, 'npm-cache'),
        join(folder, packed.filename),
      ],
      consumer,
    );
    installed = join(consumer, 'node_modules', 'sharedctypes');
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('holds the licence, the docs and the builds, nothing of the repository else', () => {
    const license = readFileSync(join(installed, 'LICENSE'), 'utf8');
    assert.match(license, /^MIT License/);
    assert.match(license, /Copyright \(c\) 2026 sharedctypes contributors/);
    const outside = packedFiles.filter(
      (path) =>
        !/^(dist|src|native|python\/sharedctypes)\//.test(path) &&
        ![
          'package.json',
          'README.md',
          'LICENSE',
          'CHANGELOG.md',
          'docs/semantics.md',
          'binding.gyp',
          'scripts/buildNative.cjs',
        ].includes(path),
    );
    assert.deepEqual(outside, []);
    const expected = ['dist/index.js', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'src/index.ts'];
    for (const path of [...expected, 'docs/semantics.md', 'CHANGELOG.md']) {
      assert.ok(packedFiles.includes(path), path);
    }
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies?: unknown;
    };
    assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
  });

  it('ships the Python module, importable with PYTHONPATH=node_modules/sharedctypes/python', {
    skip: PYTHON_MODULE_MISSING,
  }, () => {
    assert.deepEqual(
      packedFiles.filter((path) => path.startsWith('python/')).sort(),
      readdirSync(join(root, 'python', 'sharedctypes'))
        .filter((file) => file.endsWith('.py'))
        .map((file) => `python/sharedctypes/${file}`)
        .sort(),
    );
    const script =
      'import sharedctypes; v = sharedctypes.Value("i", 7); print(sharedctypes.attach(sharedctypes.handle(v)).value)';
    const result = spawnSync('python3', ['-c', script], {
      cwd: dirname(dirname(installed)),
      env: {
        ...process.env,
        PYTHONPATH: 'node_modules/sharedctypes/python',
        PYTHONDONTWRITEBYTECODE: '1',
      },
      encoding: 'utf8',
    });
    assert.equal(result.stdout.trim(), '7', result.stderr);
  });

  it('works without its native part: the thread context runs, the process context says how to build it', () => {
    assert.equal(existsSync(join(installed, 'build')), false, 'installed with --ignore-scripts');
    const script = `const mp = require('sharedctypes');
      const v = mp.Value('i', 1);
      try { mp.getContext('process'); console.log('no error'); }
      catch (error) { console.log(error.constructor.name, /npm rebuild sharedctypes/.test(error.message), v.value); }`;
    const output = run(process.execPath, ['-e', script], dirname(dirname(installed)));
    assert.equal(output.trim(), 'Error true 1');
  });

  it('installs without a C++ compiler: the build of the native part fails, the install does not', () => {
    const result = spawnSync(process.execPath, ['scripts/buildNative.cjs'], {
      cwd: installed,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CXX: '/nonexistent/c++', CC: '/nonexistent/cc' },
    });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stderr, /the process context is not available/);
    assert.equal(
      existsSync(join(installed, 'build', 'Release', 'sharedctypes_native.node')),
      false,
    );
  });

  it('has source maps whose every source is a file of the package', () => {
    const maps = filesUnder(installed).filter((path) => path.endsWith('.map'));
    assert.ok(maps.some((path) => path.includes(`${join('dist', 'cjs')}`)));
    assert.ok(maps.some((path) => path.endsWith('.d.ts.map')));
    assert.ok(maps.length > 100, `${maps.length} maps`);
    for (const map of maps) {
      const { sources, sourceRoot = '' } = JSON.parse(readFileSync(map, 'utf8')) as {
        sources: string[];
        sourceRoot?: string;
      };
      assert.ok(sources.length > 0, map);
      for (const source of sources) {
        const path = resolve(dirname(map), sourceRoot, source);
        assert.ok(!relative(installed, path).startsWith('..'), `${map}: ${source} is outside`);
        assert.ok(existsSync(path), `${map}: ${source} is not in the package`);
      }
    }
  });

  it('cites only documents it ships', () => {
    for (const path of filesUnder(installed)) {
      const text = readFileSync(path, 'utf8');
      assert.doesNotMatch(text, /\bSPEC\b|§/, relative(installed, path));
      for (const [cited] of text.matchAll(/docs\/[\w.-]+\.md/g)) {
        assert.ok(existsSync(join(installed, cited)), `${relative(installed, path)}: ${cited}`);
      }
    }
  });

  it('gives the browser condition its ES module entry', () => {
    const consumer = dirname(dirname(installed));
    const probe =
      "const mp = await import('sharedctypes');" +
      "console.log(import.meta.resolve('sharedctypes'), mp.Value('i', 3).value);";
    const output = run(
      process.execPath,
      ['--conditions=browser', '--input-type=module', '-e', probe],
      consumer,
    );
    assert.equal(output, `${pathToFileURL(join(installed, 'dist', 'browser.js')).href} 3\n`);
  });

  it('runs from CommonJS and ES modules compiled by tsc, and type-checks as module commonjs', () => {
    const consumer = dirname(dirname(installed));
    for (const format of ['cjs', 'esm'] as const) {
      for (const [name, source] of Object.entries(scenario(format))) {
        writeFileSync(join(consumer, name), source);
      }
    }
    const compilerOptions = {
      target: 'ES2022',
      lib: ['ES2022', 'ESNext.Disposable'],
      strict: true,
      skipLibCheck: false,
      typeRoots: [join(root, 'node_modules', '@types')],
      types: ['node'],
    };
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, module: 'NodeNext', outDir: 'out', rootDir: '.' },
        include: ['*.cts', '*.mts'],
      }),
    );
    writeFileSync(
      join(consumer, 'check.ts'),
      scenario('cjs')['types.cts'].replace(
        "import mp = require('sharedctypes');",
        "import * as mp from 'sharedctypes';",
      ),
    );
    writeFileSync(
      join(consumer, 'tsconfig.commonjs.json'),
      JSON.stringify({
        // Only resolution differs here: the declarations were checked by the run above.
        compilerOptions: {
          ...compilerOptions,
          module: 'CommonJS',
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['check.ts'],
      }),
    );
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer);
    run(process.execPath, [tsc, '-p', 'tsconfig.commonjs.json'], consumer);
    for (const main of ['out/main.cjs', 'out/main.mjs']) {
      const report = JSON.parse(run(process.execPath, [main], consumer)) as unknown;
      assert.deepEqual(
        report,
        {
          exitCodes: [0, 0],
          errors: ['undefined', 'undefined'],
          counter: 1500,
          total: 500,
          free: true,
          text: 'ok',
          repr: '<Synchronized wrapper for c_int(1500)>',
        },
        main,
      );
    }
  });
});
