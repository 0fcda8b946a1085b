// Worker bootstrap for TypeScript workers in tests and benchmarks: Node 20 does not apply
// loader hooks given in a worker's execArgv (nodejs/node#47747), so register tsx here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
