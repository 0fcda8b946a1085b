/** Runs in each Web Worker: `tally` arrives attached, the same memory and lock as the page's. */
export default function throwDarts(tally, id, rounds, dartsPerRound) {
  for (let round = 0; round < rounds; round++) {
    let inside = 0;
    for (let dart = 0; dart < dartsPerRound; dart++) {
      const x = Math.random();
      const y = Math.random();
      if (x * x + y * y <= 1) inside += 1;
    }
    tally.withLock(() => {
      tally.darts += dartsPerRound;
      tally.inside += inside;
      tally.rounds[id] += 1;
    });
  }
}
