/** Printing a plan for `aexy plan` and `aexy apply`: text, JSON envelope or Markdown, and `--out`. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Plan } from '../plan/types.js';
import { type CommandContext, ExitCode } from './context.js';
import { writeJson } from './output.js';

/** Prints the desired-state errors (files that do not validate); true when there were any. */
export async function reportDesiredErrors(ctx: CommandContext, diagnostics: Diagnostic[]): Promise<boolean> {
  const { hasErrors } = await import('../diagnostics/diagnostic.js');
  if (!hasErrors(diagnostics)) return false;
  const ui = await import('../ui/diagnostics/index.js');
  const report = ui.buildReport(diagnostics, 0);
  if (ctx.global.output === 'json') writeJson(ctx, 'plan', { plan: null, diagnostics: report.diagnostics });
  else ctx.stderr.write(ui.renderText(report, () => undefined, { color: ctx.color }));
  ctx.stderr.write('error: the files have errors; fix them before planning (see `aexy validate`)\n');
  return true;
}

/** Writes the plan in the chosen format, and to `out` as JSON when asked. */
export async function writePlan(
  ctx: CommandContext,
  plan: Plan,
  format: string,
  options: { out?: string; markdownLimit?: number },
): Promise<void> {
  if (options.out) {
    const { writeFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const { serializePlan } = await import('../sync/plan-file.js');
    writeFileSync(resolve(ctx.cwd, options.out), serializePlan(plan));
  }
  const ui = await import('../ui/plan/index.js');
  if (format === 'json') writeJson(ctx, 'plan', { plan });
  else if (format === 'markdown')
    ctx.stdout.write(ui.renderPlanMarkdown(plan, options.markdownLimit || ui.MARKDOWN_LIMIT));
  else ctx.stdout.write(ui.renderPlanText(plan, await planStyle(ctx)));
  if (format !== 'json') await writePlanDiagnostics(ctx, plan);
  if (options.out && format === 'text')
    ctx.stderr.write(`Saved the plan to ${options.out}. Apply exactly it with: aexy apply ${options.out}\n`);
}

/** Plan warnings and errors (delete-all, protected, duplicates) to stderr. */
async function writePlanDiagnostics(ctx: CommandContext, plan: Plan): Promise<void> {
  for (const d of plan.diagnostics) {
    ctx.stderr.write(`${d.severity}: ${d.summary} [${d.code}]\n`);
    if (d.detail) ctx.stderr.write(`  ${d.detail}\n`);
  }
}

/** 1 when the plan cannot be applied; with --detailed-exitcode 2 for changes, 0 for none. */
export async function planExitCode(plan: Plan, detailed: boolean): Promise<number> {
  if (!plan.applicable) return ExitCode.findings;
  if (!detailed) return ExitCode.ok;
  const { hasChanges } = await import('../plan/types.js');
  return hasChanges(plan) ? ExitCode.changes : ExitCode.ok;
}

/** Chalk colours when stdout is a colour terminal, plain otherwise. */
export async function planStyle(ctx: CommandContext): Promise<import('../ui/plan/style.js').PlanStyle> {
  const { PLAIN } = await import('../ui/plan/style.js');
  if (!ctx.color) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { add: c.green, remove: c.red, change: c.yellow, bold: c.bold, dim: c.dim };
}
