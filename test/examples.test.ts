/**
 * The docs cannot drift: every example and the demo run, compiled and under tsx, print what
 * they promise, and exit non-zero when a worker fails; every README code block is one of them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PYTHON_INTEROP_MISSING } from './helpers/pythonPeers.js';

const root = new URL('../../', import.meta.url);
const build = new URL('../', import.meta.url);
const tsx = fileURLToPath(new URL('node_modules/tsx/dist/cli.mjs', root));
const run = promisify(execFile);

/** A program of examples/ or demo/, what it prints, and how to make one of its workers fail. */
interface Program {
  readonly folder: 'examples' | 'demo';
  readonly main: string;
  readonly output: RegExp;
  /** The module whose default export runs in the workers, and when it should throw. */
  readonly worker: string;
  readonly failWhen: string;
  /** The worker module is CommonJS (`.cts`). */
  readonly commonJsWorker?: boolean;
  /** Why it cannot run here, if it cannot (it needs python3). */
  readonly skip?: string;
}

const programs: Program[] = [
  {
    folder: 'examples',
    main: 'quickstart',
    output: /^4000 \[ 0, 1\.5, 3, 4\.5 \]$/m,
    worker: 'quickstart',
    failWhen: 'id === 2',
  },
  {
    folder: 'examples',
    main: 'parallelSum',
    output: /^sum of 1000000 doubles in 4 workers: 49500000$/m,
    worker: 'parallelSumWorker',
    failWhen: 'part === 1',
  },
  {
    folder: 'examples',
    main: 'producerConsumer',
    output: /^exit codes 0 0; passed 10000 items in order$/m,
    worker: 'producerConsumerWorker',
    failWhen: "role === 'producer'",
  },
  {
    folder: 'examples',
    main: 'poolCounter',
    output: /^counter after 20 tasks of 500: 10000$/m,
    worker: 'poolCounterTask',
    failWhen: 'true',
    commonJsWorker: true,
  },
  {
    folder: 'examples',
    main: 'tour',
    output:
      /<SynchronizedPoint wrapper for Point\(x=11, y=2\.5, tag=c_char_Array_8\)>[\s\S]*true Expected `init` to be an integer for c_int, got 1\.5 \(number\)/,
    worker: '',
    failWhen: '',
  },
  {
    folder: 'examples',
    main: 'pythonCounter',
    output: /^counter: 30000 \(10000 from Node, 20000 from 2 Python processes\)$/m,
    worker: '',
    failWhen: '',
    skip: PYTHON_INTEROP_MISSING,
  },
  {
    folder: 'demo',
    main: 'main',
    // The lock and the atomics lose nothing; the raw race may (how much depends on the machine).
    output:
      /^raw\.value \+= 1 \(no lock\) +[\d,]+ +[\d,]+ [\s\S]*^the same, lock held +[\d,]+ +0 [\s\S]*^v\.add\(1\) \(atomic\) +[\d,]+ +0 [\s\S]*Stats\(workers=\d, slowestMs=/m,
    worker: 'worker',
    failWhen: 'data.id === 1',
  },
];

function programNamed(main: string): Program {
  const program = programs.find((candidate) => candidate.main === main);
  assert.ok(program, main);
  return program;
}

/** Runs `node file` or `tsx file`; resolves with the exit status and output, also on failure. */
async function runProgram(
  file: string,
  way: 'compiled' | 'tsx',
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const args = way === 'tsx' ? [tsx, file] : [file];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { timeout: 120_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: unknown; stdout: string; stderr: string };
    return { status: typeof code === 'number' ? code : null, stdout, stderr };
  }
}

/** The program's file, compiled (in .build) or the TypeScript source. */
function fileOf(folder: URL, program: Program, way: 'compiled' | 'tsx'): string {
  return fileURLToPath(new URL(`${program.main}.${way === 'tsx' ? 'ts' : 'js'}`, folder));
}

/** The module's source with a throw, under `condition`, first in its default export function. */
function failingWhen(source: string, condition: string): string {
  const start = source.search(
    /^(?:export default|export =|module\.exports =) (?:async )?function/m,
  );
  assert.ok(start >= 0, 'a default export function');
  let index = source.indexOf('(', start);
  for (let depth = 0; index < source.length; index++) {
    if (source[index] === '(') depth++;
    if (source[index] === ')' && --depth === 0) break;
  }
  const body = source.indexOf('{', index) + 1;
  const failure = `\n  if (${condition}) throw new Error('worker failed on purpose');`;
  return source.slice(0, body) + failure + source.slice(body);
}

describe('examples and the demo', () => {
  for (const way of ['compiled', 'tsx'] as const) {
    for (const program of programs) {
      const title = `${program.folder}/${program.main} runs ${way} and prints what it promises`;
      it(title, { skip: program.skip }, async () => {
        const folder = new URL(`${program.folder}/`, way === 'tsx' ? root : build);
        const result = await runProgram(fileOf(folder, program, way), way);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, program.output);
      });
    }
  }

  // Copies inside the package, so that `sharedctypes` resolves to the package itself.
  const scratch = mkdtempSync(fileURLToPath(new URL('failing-', build)));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  // Every program compiled; under tsx, the one that used to print a wrong sum and exit 0.
  const failures: { program: Program; way: 'compiled' | 'tsx' }[] = [
    ...programs
      .filter(({ worker }) => worker !== '')
      .map((program) => ({ program, way: 'compiled' as const })),
    { program: programNamed('parallelSum'), way: 'tsx' },
  ];
  for (const { program, way } of failures) {
    it(`${program.folder}/${program.main} run ${way} exits non-zero when a worker fails`, async () => {
      const folder = new URL(`${way}-${program.folder}/`, pathToFileURL(`${scratch}/`));
      cpSync(new URL(`${program.folder}/`, way === 'tsx' ? root : build), folder, {
        recursive: true,
      });
      const extension = program.commonJsWorker ? ['cts', 'cjs'] : ['ts', 'js'];
      const worker = new URL(`${program.worker}.${extension[way === 'tsx' ? 0 : 1]}`, folder);
      writeFileSync(worker, failingWhen(readFileSync(worker, 'utf8'), program.failWhen));
      const result = await runProgram(fileOf(folder, program, way), way);
      assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, /worker failed on purpose/);
      assert.doesNotMatch(result.stdout, program.output);
    });
  }

  it('runs the quick start under a tsx that the project does not have (npx tsx)', async () => {
    const project = mkdtempSync(join(tmpdir(), 'sharedctypes-consumer-'));
    try {
      const installed = join(project, 'node_modules', 'sharedctypes');
      cpSync(new URL('dist/', root), join(installed, 'dist'), { recursive: true });
      cpSync(new URL('package.json', root), join(installed, 'package.json'));
      writeFileSync(join(project, 'package.json'), '{ "type": "module" }');
      cpSync(new URL('examples/quickstart.ts', root), join(project, 'quickstart.ts'));
      const result = await runProgram(join(project, 'quickstart.ts'), 'tsx');
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, programNamed('quickstart').output);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('covers every runnable example file', () => {
    const mains = readdirSync(new URL('examples/', root))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      // The cluster server runs until stopped: test/clusterServer.test.ts drives it.
      .filter((name) => !/Worker$|Task$|^ring$|^clusterServer$/.test(name));
    assert.deepEqual(
      mains.sort(),
      programs
        .filter(({ folder }) => folder === 'examples')
        .map(({ main }) => main)
        .sort(),
    );
  });
});

/** The cells of a Markdown table's rows, by their first cell. */
function tableRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| ')) continue;
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
    rows.set(cells[0], cells);
  }
  return rows;
}

describe('README', () => {
  it('states performance figures as in the rows of bench/RESULTS.md that it names', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const results = tableRows(readFileSync(new URL('bench/RESULTS.md', root), 'utf8'));
    const section = readme.slice(
      readme.indexOf('## Performance'),
      readme.indexOf('\n## ', readme.indexOf('## Performance') + 1),
    );
    const shown = [...tableRows(section)].filter(
      ([row]) => row !== 'row' && !row.startsWith('---'),
    );
    assert.ok(shown.length > 0);
    for (const [row, [, , time, baseline, cpython]] of shown) {
      const measured = results.get(row);
      assert.ok(measured, `no row ${row} in bench/RESULTS.md`);
      const [, ns, , , vsBaseline, vsCPython] = measured;
      assert.deepEqual(
        [time.replace(/ ns$/, ''), baseline.split(' ')[0], cpython],
        [ns, vsBaseline, vsCPython],
        row,
      );
    }
    const intro = /A guarded increment \(.*?\) runs ([\d.]+×) faster than CPython's/.exec(readme);
    assert.ok(intro, 'the guarded increment figure in the introduction');
    assert.equal(intro[1], results.get('guarded increment')?.[5]);
  });

  it('shows only TypeScript and JavaScript that is an example file or part of one', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const blocks = [...readme.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((match) => match[1]);
    assert.ok(blocks.length > 0);
    const sources = readdirSync(new URL('examples/', root), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.[jt]s$/.test(file))
      .map((file) => readFileSync(new URL(`examples/${file}`, root), 'utf8'));
    for (const block of blocks) {
      assert.ok(
        sources.some((source) => source.includes(block)),
        `README block not found in examples/:\n${block}`,
      );
    }
  });

  it('shows only Python that is part of a Python file of examples/', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const blocks = [...readme.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1]);
    assert.ok(blocks.length > 0);
    const sources = readdirSync(new URL('examples/', root))
      .filter((file) => file.endsWith('.py'))
      .map((file) => readFileSync(new URL(`examples/${file}`, root), 'utf8'));
    for (const block of blocks) {
      assert.ok(
        sources.some((source) => source.includes(block)),
        `README block not found in examples/*.py:\n${block}`,
      );
    }
  });
});
