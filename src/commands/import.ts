import type { Command } from 'commander';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';

interface ImportOptions {
  out?: string;
  name?: string;
  object?: string;
}

/** `aexy import FILE.json`: the platform's native workflow JSON -> an aexy Automation YAML file. */
export function registerImport(program: Command, invocation: Invocation): void {
  program
    .command('import')
    .description(
      "convert the platform's native workflow JSON (export or template) into aexy YAML, then validate it",
    )
    .argument('<file>', 'the workflow JSON: a workflow export, a template, or {nodes, edges}')
    .option('--out <dir>', 'write <dir>/<name>.yaml instead of printing the YAML')
    .option('--name <name>', 'automation name (default: from the export, else the file name)')
    .option('--object <slug>', 'object slug for record triggers (the platform names objects by id)')
    .addHelpText(
      'after',
      '\nExit codes: 0 converted and valid, 1 something could not be mapped or the output does not validate (see the diagnostics).\n\n' +
        'Examples:\n' +
        '  aexy import deal-workflow.json --out automations/\n' +
        '  aexy import template.json --object deals --name follow-up\n',
    )
    .action(action(invocation, importWorkflow));
}

async function importWorkflow(ctx: CommandContext, options: ImportOptions, args: string[]): Promise<number> {
  const { readFileSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(resolve(ctx.cwd, args[0]), 'utf8'));
  } catch (error) {
    throw new UserError(
      `cannot read ${args[0]} as JSON: ${(error as Error).message}`,
      'pass the JSON of a workflow export (GET …/workflow/export)',
    );
  }
  const { importPlatformWorkflow } = await import('../import/index.js');
  const result = importPlatformWorkflow(input, { file: args[0], name: options.name, object: options.object });
  const target = options.out ? join(options.out, `${result.value.name}.yaml`) : `${result.value.name}.yaml`;
  const diagnostics = [...result.diagnostics, ...(await validateOutput(target, result.value.yaml))];
  if (options.out) {
    mkdirSync(resolve(ctx.cwd, options.out), { recursive: true });
    writeFileSync(resolve(ctx.cwd, target), result.value.yaml);
  }
  const { hasErrors } = await import('../diagnostics/diagnostic.js');
  if (wantsJson(ctx))
    writeJson(ctx, 'import', {
      file: options.out ? target : null,
      document: result.value.document,
      diagnostics,
    });
  else {
    if (!options.out) ctx.stdout.write(result.value.yaml);
    await printDiagnostics(ctx, diagnostics);
    if (options.out)
      ctx.stdout.write(
        `Wrote ${target}${hasErrors(diagnostics) ? ' (with errors to fix, see above)' : ''}.\n`,
      );
  }
  return hasErrors(diagnostics) ? ExitCode.findings : ExitCode.ok;
}

/** Runs the output through the same checks as `aexy validate`. */
async function validateOutput(file: string, yaml: string): Promise<Diagnostic[]> {
  const { parseYamlDocuments } = await import('../loader/index.js');
  const { checkProject } = await import('../project/check-project.js');
  const loaded = parseYamlDocuments(file, new TextEncoder().encode(yaml));
  return [...loaded.diagnostics, ...checkProject(loaded.value).diagnostics];
}

async function printDiagnostics(ctx: CommandContext, diagnostics: Diagnostic[]): Promise<void> {
  for (const d of diagnostics) {
    const where = d.path ? ` (${d.path})` : '';
    ctx.stderr.write(`${d.file}${where}: ${d.severity}: ${d.summary} [${d.code}]\n`);
    if (d.fix) ctx.stderr.write(`  fix: ${d.fix}\n`);
  }
}
