/**
 * Enforces the import rules of docs/architecture.md: pure cores import no I/O or UI packages, and
 * workflow code (run inside Temporal's deterministic sandbox) imports only the workflow SDK, IR types
 * and pure helpers.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ImportEdge, importEdges, packageOf, valueImports } from '../../helpers/import-graph.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const PURE_CORES = ['src/compiler', 'src/plan', 'src/policy', 'src/cel', 'src/ir', 'src/graph'];
const FORBIDDEN_IN_CORES = [
  'commander',
  'chalk',
  'ink',
  'react',
  'better-sqlite3',
  'pg',
  'node:http',
  'http',
  'node:fs',
  'fs',
  'node:child_process',
  'child_process',
];

/** Folders and files workflow code may import from (relative imports). */
const WORKFLOW_SAFE_PATHS = [
  'src/runtime/workflows/',
  'src/ir/',
  'src/cel/',
  'src/runtime/contract.ts',
  // The agent runtime contract: types and constants only, like contract.ts.
  'src/runtime/agents/contract.ts',
  'src/runtime/temporal/search-attributes.ts',
];
const WORKFLOW_SAFE_PACKAGES = ['@temporalio/workflow', '@temporalio/common', '@marcbachmann/cel-js'];

function coreViolations(edges: ImportEdge[]): string[] {
  return edges
    .filter((e) => !e.resolved)
    .filter((e) => {
      const pkg = packageOf(e.specifier);
      return FORBIDDEN_IN_CORES.includes(pkg) || pkg.startsWith('@temporalio/');
    })
    .map((e) => `${e.from} imports ${e.specifier}`);
}

function workflowViolations(edges: ImportEdge[]): string[] {
  return edges
    .filter((e) =>
      e.resolved
        ? !WORKFLOW_SAFE_PATHS.some((p) => e.resolved!.startsWith(p) || e.resolved === p)
        : !WORKFLOW_SAFE_PACKAGES.includes(packageOf(e.specifier)),
    )
    .map((e) => `${e.from} imports ${e.specifier}`);
}

/** Edges of the workflow code plus every pure helper it reaches, transitively. */
function workflowEdges(): ImportEdge[] {
  const seen = new Set<string>();
  const edges: ImportEdge[] = [];
  const dirs = ['src/runtime/workflows', 'src/cel', 'src/ir'];
  for (const dir of dirs) {
    for (const edge of safeImportEdges(dir)) {
      const key = `${edge.from}->${edge.specifier}`;
      if (!seen.has(key)) edges.push(edge);
      seen.add(key);
    }
  }
  return edges;
}

function safeImportEdges(dir: string): ImportEdge[] {
  try {
    return importEdges(root, dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

describe('architecture: import rules', () => {
  it('pure cores import no UI, Temporal, SQLite or filesystem modules', () => {
    const edges = PURE_CORES.flatMap(safeImportEdges);
    expect(coreViolations(edges)).toEqual([]);
  });

  it('workflow code imports only @temporalio/workflow, IR types and pure helpers', () => {
    expect(workflowViolations(workflowEdges())).toEqual([]);
  });

  it('workflow code never imports a Node builtin (a hard webpack error in the bundle)', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const offenders = workflowEdges().filter((e) => builtins.has(e.specifier.split('/')[0]));
    expect(offenders).toEqual([]);
  });

  it('detects violations (the rules can fail)', () => {
    const text = [
      "import type { Client } from '@temporalio/client';",
      "import { type Step } from '../ir/types.js';",
      "import { readFileSync } from 'node:fs';",
      "import chalk from 'chalk';",
      "export * from '@temporalio/worker';",
      "const later = () => import('better-sqlite3');",
    ].join('\n');
    const specifiers = valueImports('x.ts', text);
    expect(specifiers).toEqual(['node:fs', 'chalk', '@temporalio/worker', 'better-sqlite3']);
    const edges = specifiers.map((specifier) => ({ from: 'src/plan/x.ts', specifier }));
    expect(coreViolations(edges)).toHaveLength(4);
    expect(
      workflowViolations([
        { from: 'src/runtime/workflows/x.ts', specifier: './y.js', resolved: 'src/runtime/activities/y.ts' },
      ]),
    ).toHaveLength(1);
  });
});
