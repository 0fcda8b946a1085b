/** The page: four workers update one shared structure under its lock; the page shows it live. */
import * as mp from '../../dist/browser.js';

const WORKERS = 4;
const rounds = Number(new URLSearchParams(location.search).get('rounds') ?? 2000);
const dartsPerRound = 100_000;

const Tally = mp.Structure(
  { darts: mp.c_uint32, inside: mp.c_uint32, rounds: mp.arrayOf(mp.c_uint32, WORKERS) },
  { name: 'Tally' },
);
const tally = mp.Value(Tally); // zeroed, with its own lock, in shared memory

const workers = Array.from(
  { length: WORKERS },
  (_, id) =>
    new mp.Process({
      target: new URL('./worker.js', import.meta.url),
      args: [tally, id, rounds, dartsPerRound],
    }),
);
for (const worker of workers) worker.start();

const bars = workers.map(() => {
  const bar = document.createElement('progress');
  bar.max = rounds;
  document.getElementById('workers').append(bar, document.createElement('br'));
  return bar;
});

/** Reads the whole structure under its lock, waiting without blocking the page. */
function snapshot() {
  return tally.withLockAsync(() => ({
    darts: tally.darts,
    inside: tally.inside,
    rounds: [...tally.rounds],
  }));
}

function show({ darts, inside, rounds: done }) {
  const estimate = darts === 0 ? '…' : ((4 * inside) / darts).toFixed(6);
  document.getElementById('estimate').textContent = `π ≈ ${estimate}`;
  done.forEach((count, id) => {
    bars[id].value = count;
  });
}

let finished = false;
async function frame() {
  show(await snapshot());
  if (!finished) requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

await Promise.all(workers.map((worker) => worker.join()));
finished = true;
const last = await snapshot();
show(last);
const exact = last.darts === WORKERS * rounds * dartsPerRound;
const exitCodes = workers.map((worker) => worker.exitCode);
document.getElementById('status').textContent =
  `exit codes ${exitCodes.join(' ')}; ${last.darts.toLocaleString('en')} darts, ` +
  `${exact ? 'none lost' : 'some lost'}`;
document.body.dataset.result = JSON.stringify({ exitCodes, ...last });
