/**
 * Worker-thread entry of the parallel check (check-files.ts): checks the shard of files it is given
 * and posts the plain result back. Only the compiled dist/ copy is ever started as a worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadLimits } from '../loader/index.js';
import { checkShard, toTransferable } from './check-shard.js';

/** What the main thread passes to a worker. */
export interface WorkerInput {
  files: string[];
  labelFrom: string;
  limits?: LoadLimits;
}

const input = workerData as WorkerInput;
parentPort?.postMessage(toTransferable(checkShard(input.files, input.labelFrom, input.limits)));
