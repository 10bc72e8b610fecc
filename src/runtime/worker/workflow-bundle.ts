/**
 * The interpreter's workflow code for a worker: a prebuilt bundle (AEXY_WORKFLOW_BUNDLE, or
 * dist/workflow-bundle.js from scripts/bundle-workflows.mjs while it is newer than the compiled
 * workflows), else bundled at start from the workflows index next to this module (about 1.5 s).
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type WorkflowSource = { kind: 'bundle'; codePath: string } | { kind: 'source'; workflowsPath: string };

/** Where the workflow code comes from, without loading anything. */
export function findWorkflowSource(env: NodeJS.ProcessEnv = process.env): WorkflowSource {
  const explicit = env.AEXY_WORKFLOW_BUNDLE;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`AEXY_WORKFLOW_BUNDLE=${explicit} does not exist`);
    return { kind: 'bundle', codePath: explicit };
  }
  const prebuilt = fileURLToPath(new URL('../../../dist/workflow-bundle.js', import.meta.url));
  for (const name of ['index.js', 'index.ts']) {
    const path = fileURLToPath(new URL(`../workflows/${name}`, import.meta.url));
    if (!existsSync(path)) continue;
    // A bundle older than the compiled workflows is stale (built before the last change): ignore it.
    if (existsSync(prebuilt) && statSync(prebuilt).mtimeMs >= statSync(path).mtimeMs) {
      return { kind: 'bundle', codePath: prebuilt };
    }
    return { kind: 'source', workflowsPath: path };
  }
  if (existsSync(prebuilt)) return { kind: 'bundle', codePath: prebuilt };
  throw new Error('the workflow code of aexy is missing (no dist/workflow-bundle.js and no workflows index)');
}

/** `workflowBundle` option for Worker.create: the prebuilt file, or a bundle made now. */
export async function loadWorkflowBundle(
  source: WorkflowSource,
): Promise<{ codePath: string } | { code: string }> {
  if (source.kind === 'bundle') return { codePath: source.codePath };
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const noop = () => {};
  const logger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
  const { code } = await bundleWorkflowCode({ workflowsPath: source.workflowsPath, logger });
  return { code };
}
