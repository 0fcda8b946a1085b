// Worker bootstrap for tests: Node 20 does not apply loader hooks given in a worker's
// execArgv (nodejs/node#47747), so register tsx here, then run the TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
