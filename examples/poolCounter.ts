/** A shared counter updated from the tasks of a piscina worker pool. */
import { Piscina } from 'piscina';
import * as mp from 'sharedctypes';

// Run as TypeScript (tsx), the pool's workers must register tsx: Node 20 does not pass it on.
// Compiled, they inherit this process's flags as usual.
const execArgv = import.meta.url.endsWith('.ts')
  ? [
      '--import',
      `data:text/javascript,import{register}from'${import.meta.resolve('tsx/esm/api')}';register()`,
    ]
  : undefined;
const pool = new Piscina({
  filename: new URL('./poolCounterTask.cjs', import.meta.url).href,
  maxThreads: 4,
  execArgv,
});
const counter = mp.Value('i', 0);
try {
  await Promise.all(Array.from({ length: 20 }, () => pool.run({ counter, times: 500 })));
} finally {
  await pool.destroy();
}
console.log(`counter after 20 tasks of 500: ${counter.value}`); // 10000
