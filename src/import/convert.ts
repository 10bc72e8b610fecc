/**
 * The platform's native workflow JSON (export `{workflow: {nodes, edges}}`, a template
 * `{nodes, edges}`, or an automation with its `workflow`) -> one aexy Automation document. The
 * graph becomes nested blocks: a condition becomes `if` with both sides up to where they rejoin, a
 * branch node a `switch`, a fan-out a `parallel` ending at its join. Pure: data in, document out.
 */
import { stringify } from 'yaml';
import type { Diagnostic, Result } from '../diagnostics/diagnostic.js';
import { registry as defaultRegistry } from '../registry/index.js';
import type { Registry } from '../registry/types.js';
import { type FlowEdge, FlowGraph, type FlowNode } from './graph.js';
import { type Data, isData, type NodeContext } from './nodes.js';
import { Report } from './report.js';
import { buildSteps } from './structure.js';

export interface ImportOptions {
  /** The input's path as diagnostics print it. */
  file: string;
  /** Automation name (default: from the export's metadata, else the file name). */
  name?: string;
  /** Object slug for record triggers that name their object by id. */
  object?: string;
  registry?: Registry;
}

export interface ImportedWorkflow {
  name: string;
  /** The Automation document as data. */
  document: Data;
  /** The same as YAML text. */
  yaml: string;
}

/** Converts one platform workflow; the diagnostics say what could not be mapped. */
export function importPlatformWorkflow(input: unknown, options: ImportOptions): Result<ImportedWorkflow> {
  const report = new Report(options.file);
  const root = isData(input) ? input : {};
  const flow = isData(root.workflow) ? root.workflow : root;
  const nodes = readNodes(flow.nodes, report);
  const edges = readEdges(flow.edges);
  const graph = new FlowGraph(nodes, edges);
  const name = automationName(root, options);
  const ctx: NodeContext = {
    registry: options.registry ?? defaultRegistry,
    templates: { stepIds: new Map(), unknown: [] },
    report,
    object: options.object,
  };
  if (graph.cycle.length > 0)
    report.error(
      'import/cycle',
      `the graph has a cycle through ${graph.cycle.join(', ')}`,
      'workflow.edges',
      'aexy workflows only jump forward; use a loop step',
    );
  const built = buildSteps(graph, ctx);
  for (const path of ctx.templates.unknown)
    report.warning(
      'import/template',
      `template {{${path}}} has no aexy equivalent and was left as written`,
      'workflow.nodes',
    );
  const metadata = compact({ name, description: description(root) });
  const spec = compact({
    module: built.module,
    enabled: root.is_active === false ? false : undefined,
    trigger: built.trigger,
    workflow: { steps: built.steps },
  });
  const document = { apiVersion: 'aexy/v1', kind: 'Automation', metadata, spec };
  const header = `# Imported from ${options.file} by aexy import.\n`;
  return {
    value: { name, document, yaml: header + stringify(document, { lineWidth: 0 }) },
    diagnostics: report.diagnostics as Diagnostic[],
  };
}

function readNodes(raw: unknown, report: Report): FlowNode[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    report.error(
      'import/no-nodes',
      'the input has no workflow nodes',
      'workflow.nodes',
      'pass the JSON of a workflow export or a template',
    );
    return [];
  }
  return raw.filter(isData).map((n, index) => ({
    id: String(n.id),
    type: String(n.type ?? ''),
    data: isData(n.data) ? n.data : {},
    index,
  }));
}

function readEdges(raw: unknown): FlowEdge[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isData).map((e) => {
    const handle = e.sourceHandle ?? e.source_handle;
    return {
      source: String(e.source),
      target: String(e.target),
      ...(typeof handle === 'string' ? { handle } : {}),
    };
  });
}

function automationName(root: Data, options: ImportOptions): string {
  const meta = isData(root.metadata) ? root.metadata : {};
  const raw =
    options.name ??
    String(meta.automation_name ?? root.name ?? options.file.replace(/^.*\//, '').replace(/\.json$/, ''));
  return slug(raw, '-') || 'imported-workflow';
}

function description(root: Data): string | undefined {
  const meta = isData(root.metadata) ? root.metadata : {};
  const text = meta.automation_description ?? root.description;
  return typeof text === 'string' && text ? text : undefined;
}

/** Lower-case words joined by `sep`, only [a-z0-9]. */
export function slug(text: string, sep: '-' | '_'): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), '')
    .slice(0, 63);
}

function compact(value: Data): Data {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
