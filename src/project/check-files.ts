/**
 * The check behind `aexy validate`: files in, diagnostics and IR out. Small inputs are checked on
 * the main thread; large ones are split into contiguous shards checked in parallel by worker threads
 * (load, schema, build: independent per file), and the semantic rules then run once over every
 * shard's units, in file order, so the output is byte-identical to a serial check.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkUnits } from '../compiler/index.js';
import { type Diagnostic, type Result, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Resource } from '../ir/types.js';
import type { LoadLimits } from '../loader/index.js';
import {
  checkShard,
  mergeDeclared,
  type Reparse,
  releaseTree,
  reparser,
  type ShardResult,
} from './check-shard.js';
import type { WorkerInput } from './check-worker.js';
import { fileLabel } from './load-files.js';

/** Below this many files a worker's start-up (modules, schema compile) costs more than it saves. */
const PARALLEL_MIN_FILES = 100;
const MAX_THREADS = 4;
/**
 * Fewer cores than this: serial. Each worker repeats the module loading, the schema compile and the
 * JIT warm-up (about +40% CPU), and V8's own GC and compiler threads already keep a second core busy:
 * on 2 cores, 2 threads were slower than 1 (see bench/validate.mjs).
 */
const PARALLEL_MIN_CORES = 4;
/** The compiled worker entry; absent when running from the TypeScript sources (tests), then serial. */
const WORKER_ENTRY = new URL('./check-worker.js', import.meta.url);

/**
 * How many threads (the main one included) check `files` files. AEXY_VALIDATE_THREADS overrides
 * (1 = serial; tests force parallel on small inputs with it).
 */
export function threadCount(files: number): number {
  const forced = process.env.AEXY_VALIDATE_THREADS;
  if (forced && /^\d+$/.test(forced)) return Math.max(1, Math.min(Number(forced), files));
  const cores = availableParallelism();
  if (files < PARALLEL_MIN_FILES || cores < PARALLEL_MIN_CORES) return 1;
  // One core is left to V8's background threads (GC, compilation).
  return Math.min(cores - 1, MAX_THREADS);
}

export interface CheckFilesOptions {
  limits?: LoadLimits;
  /** Threads to use, the main one included (default: threadCount). */
  threads?: number;
  /** Filled in with what ran where (tests check that the parallel path really ran). */
  stats?: { workers: number; fallbacks: number };
}

/** Loads and checks the given files (absolute, sorted); paths print relative to `labelFrom`. */
export async function checkFiles(
  files: readonly string[],
  labelFrom: string,
  options: CheckFilesOptions = {},
): Promise<Result<Resource[]>> {
  const { limits, stats } = options;
  const wanted = options.threads ?? threadCount(files.length);
  const threads = existsSync(fileURLToPath(WORKER_ENTRY)) ? wanted : 1;
  const chunks = split(files, threads);
  // Workers start first so they load while the main thread checks the first chunk.
  const pending = chunks.slice(1).map((chunk) => inWorker(chunk, labelFrom, limits, stats));
  const shards = [checkShard(chunks[0] ?? [], labelFrom, limits), ...(await Promise.all(pending))];
  return combine(shards);
}

/** Runs the rules over every shard's units and orders the diagnostics as a serial check does. */
function combine(shards: ShardResult[]): Result<Resource[]> {
  const units = shards.flatMap((s) => s.units);
  const declared = new Map<string, Set<string>>();
  for (const shard of shards) mergeDeclared(declared, shard.declared);
  const firstFile = shards.find((s) => s.firstFile !== undefined)?.firstFile;
  const rules = checkUnits(units, declared, { firstFile });
  const diagnostics: Diagnostic[] = [
    ...shards.flatMap((s) => s.loaderDiagnostics),
    ...sortDiagnostics([...shards.flatMap((s) => s.schemaDiagnostics), ...rules]),
  ];
  return { value: units.map((u) => u.resource), diagnostics };
}

/** `threads` contiguous chunks of nearly equal size, so concatenating results keeps file order. */
function split(files: readonly string[], threads: number): string[][] {
  const size = Math.ceil(files.length / threads);
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += size) chunks.push(files.slice(i, i + size));
  return chunks;
}

/** Checks one chunk in a worker thread; if the worker fails, the chunk is checked here instead. */
function inWorker(
  files: string[],
  labelFrom: string,
  limits?: LoadLimits,
  stats?: CheckFilesOptions['stats'],
): Promise<ShardResult> {
  const serial = () => {
    if (stats) stats.fallbacks++;
    return checkShard(files, labelFrom, limits);
  };
  return new Promise((resolve) => {
    const input: WorkerInput = { files, labelFrom, limits };
    let worker: Worker;
    try {
      worker = new Worker(WORKER_ENTRY, { workerData: input });
    } catch {
      resolve(serial());
      return;
    }
    worker.once('message', (result: ShardResult) => {
      if (stats) stats.workers++;
      resolve(withLocators(result, files, labelFrom, limits));
    });
    worker.once('error', () => resolve(serial()));
  });
}

/** Gives the documents that came from a worker their position lookup back (parsed again on demand). */
function withLocators(
  result: ShardResult,
  files: readonly string[],
  labelFrom: string,
  limits?: LoadLimits,
): ShardResult {
  const pathOf = new Map(files.map((file) => [fileLabel(labelFrom, file), file]));
  const reparsers = new Map<string, Reparse>();
  for (const { doc } of result.units) {
    let reparse = reparsers.get(doc.file);
    if (!reparse) {
      reparse = reparser(doc.file, pathOf.get(doc.file), limits);
      reparsers.set(doc.file, reparse);
    }
    releaseTree(doc, reparse);
  }
  return result;
}
