import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';

interface GraphOptions {
  format?: string;
}

const FORMATS = ['mermaid', 'dot'] as const;

/** `aexy graph AUTOMATION`: the workflow DAG of one automation as Mermaid, DOT or JSON. */
export function registerGraph(program: Command, invocation: Invocation): void {
  program
    .command('graph')
    .description(
      'draw the workflow of an automation: steps, branches, parallel blocks, loops, waits and approvals',
    )
    .argument('<automation>', 'metadata.name of the automation (or a YAML file holding one automation)')
    .option('-f, --format <format>', `graph language: ${FORMATS.join(' | ')}`, 'mermaid')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  aexy graph deal-negotiation-followup                 Mermaid flowchart (paste into Markdown)\n' +
        '  aexy graph deal-negotiation-followup -f dot | dot -Tsvg > flow.svg\n' +
        '  aexy graph flows/deal.yaml --output json             nodes, edges and clusters as JSON\n',
    )
    .action(action(invocation, graph));
}

async function graph(ctx: CommandContext, options: GraphOptions, args: string[]): Promise<number> {
  const format = options.format ?? 'mermaid';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UserError(`unknown graph format "${format}"`, `use one of: ${FORMATS.join(', ')}`);
  }
  const automation = await findAutomation(ctx, args[0]);
  const { buildGraph, renderDot, renderMermaid } = await import('../graph/index.js');
  const model = buildGraph(automation);
  if (wantsJson(ctx)) writeJson(ctx, 'graph', { automation: automation.metadata.name, graph: model });
  else ctx.stdout.write(format === 'dot' ? renderDot(model) : renderMermaid(model));
  return ExitCode.ok;
}

/** Loads and compiles the project (or the named file) and returns the automation's IR. */
async function findAutomation(ctx: CommandContext, target: string) {
  const { checkProject } = await import('../project/check-project.js');
  const loaded = await loadDocuments(ctx, target);
  const checked = checkProject(loaded.value.documents);
  const all = checked.value.filter((r) => r.kind === 'Automation');
  const byFile = isYamlPath(target) && all.length === 1 ? all[0] : undefined;
  const found = byFile ?? all.find((r) => r.metadata.name === target);
  if (!found) {
    const { didYouMean } = await import('../compiler/rules/helpers.js');
    const close = didYouMean(
      target,
      all.map((r) => r.metadata.name),
    );
    throw new UserError(
      `no automation named "${target}"${hasSchemaErrors(loaded.diagnostics, checked.diagnostics) ? ' (some files have errors)' : ''}`,
      close ? `did you mean "${close}"?` : 'run `aexy validate` to see every automation and its errors',
    );
  }
  const errors = checked.diagnostics.filter(
    (d) => d.severity === 'error' && d.file === found.source.file,
  ).length;
  if (errors > 0)
    progress(
      ctx,
      `warning: ${found.metadata.name} has ${errors} error(s); run \`aexy validate\` (the graph shows it as written)`,
    );
  return found;
}

function hasSchemaErrors(...lists: Array<Array<{ severity: string }>>): boolean {
  return lists.some((l) => l.some((d) => d.severity === 'error'));
}

function isYamlPath(target: string): boolean {
  return /\.ya?ml$/.test(target);
}

async function loadDocuments(ctx: CommandContext, target: string) {
  const { loadPaths, loadProject } = await import('../project/load-project.js');
  if (isYamlPath(target)) return loadPaths(ctx.cwd, [target]);
  const { findProjectDir } = await import('../project/find-project.js');
  const dir = findProjectDir(ctx.cwd, ctx.global.project);
  if (!dir) {
    throw new UserError(
      `no aexy.yaml in ${ctx.cwd} or any folder above it`,
      'run from a project folder, point at one with -C DIR, or pass the YAML file: `aexy graph flows/deal.yaml`',
    );
  }
  return loadProject(dir, ctx.cwd);
}
