import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';

const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
type ValidateFormat = (typeof FORMATS)[number];

interface ValidateOptions {
  listRules?: boolean;
  maxWarnings?: string;
}

/** `aexy validate [PATH...]`: syntax, schema and semantic checks with file:line:col diagnostics. */
export function registerValidate(program: Command, invocation: Invocation): void {
  program
    .command('validate')
    .description(
      'check YAML definitions (syntax, schema, semantic rules) and report file:line:col diagnostics',
    )
    .argument('[paths...]', 'files or directories to check (default: the files aexy.yaml includes)')
    .option('--list-rules', 'list every diagnostic code with its severity and meaning, then exit')
    .option('--max-warnings <n>', 'also fail (exit 1) when there are more than N warnings')
    .addHelpText(
      'after',
      '\nOutput formats (-o/--output): text (default), json, github (workflow annotations), sarif.\n' +
        'Exit codes: 0 no errors (warnings allowed), 1 errors found, 3 internal error.\n\n' +
        'Examples:\n' +
        '  aexy validate                        check every file of the project\n' +
        '  aexy validate flows/deal.yaml        check one file\n' +
        '  aexy validate -o github              annotate a pull request from GitHub Actions\n' +
        '  aexy validate -o sarif > aexy.sarif  upload to code scanning\n' +
        '  aexy validate --list-rules\n',
    )
    .action(action(invocation, validate));
}

async function validate(ctx: CommandContext, options: ValidateOptions, paths: string[]): Promise<number> {
  if (options.listRules) return listRules(ctx);
  const format = outputFormat(ctx);
  const maxWarnings = parseMaxWarnings(options.maxWarnings);
  const { checkFiles } = await import('../project/check-files.js');
  const found = await findInput(ctx, paths);
  // Paths print relative to the working directory, whichever way the files were found.
  const checked = await checkFiles(found.files, ctx.cwd);
  const { buildReport } = await import('../ui/diagnostics/index.js');
  const report = buildReport([...found.diagnostics, ...checked.diagnostics], found.fileCount);
  ctx.stdout.write(await render(ctx, format, report));
  const { errors, warnings } = report.summary;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings && errors === 0)
    ctx.stderr.write(`error: too many warnings: ${warnings} (--max-warnings ${maxWarnings})\n`);
  return errors > 0 || tooManyWarnings ? ExitCode.findings : ExitCode.ok;
}

/** The files of the explicit paths, else of the project found from the working directory (or -C). */
async function findInput(ctx: CommandContext, paths: string[]) {
  const { findPathsInput, findProjectInput } = await import('../project/load-project.js');
  if (paths.length > 0) return findPathsInput(ctx.cwd, paths);
  const { findProjectDir } = await import('../project/find-project.js');
  const dir = findProjectDir(ctx.cwd, ctx.global.project);
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  if (!dir || !existsSync(join(dir, 'aexy.yaml'))) {
    throw new UserError(
      `no aexy.yaml in ${dir ?? ctx.cwd}${dir ? '' : ' or any folder above it'}, and no files given`,
      'pass the files to check (`aexy validate flows/`), run from a project folder, point at one with -C DIR, ' +
        'or create aexy.yaml (`name: my-project` is enough).',
    );
  }
  return findProjectInput(dir, ctx.cwd);
}

async function render(
  ctx: CommandContext,
  format: ValidateFormat,
  report: import('../ui/diagnostics/index.js').DiagnosticReport,
) {
  const ui = await import('../ui/diagnostics/index.js');
  if (format === 'json') return ui.renderJson(report);
  if (format === 'github') return ui.renderGithub(report);
  if (format === 'sarif') {
    const { VERSION } = await import('../version.js');
    return ui.renderSarif(report, await allRules(), { name: 'aexy', version: VERSION });
  }
  return ui.renderText(report, await sourceReader(ctx), { color: ctx.color });
}

/** Reads a file's text for code frames only when a diagnostic needs it (paths print relative to cwd). */
async function sourceReader(ctx: CommandContext): Promise<(file: string) => string | undefined> {
  const { readFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file))
      cache.set(
        file,
        readSource(() => readFileSync(resolve(ctx.cwd, file), 'utf8')),
      );
    return cache.get(file);
  };
}

function readSource(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

async function allRules() {
  const { knownRules } = await import('../project/check-project.js');
  return knownRules();
}

async function listRules(ctx: CommandContext): Promise<number> {
  const rules = await allRules();
  if (wantsJson(ctx)) {
    writeJson(ctx, 'rules', { rules });
    return ExitCode.ok;
  }
  const width = Math.max(...rules.map((r) => r.code.length));
  for (const rule of rules)
    ctx.stdout.write(`${rule.code.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.summary}\n`);
  return ExitCode.ok;
}

function outputFormat(ctx: CommandContext): ValidateFormat {
  const format = ctx.global.output as ValidateFormat;
  if (FORMATS.includes(format)) return format;
  throw new UserError(`unknown output format "${ctx.global.output}"`, `use one of: ${FORMATS.join(', ')}`);
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 0) return n;
  throw new UserError(
    `--max-warnings must be a whole number, got "${value}"`,
    'for example: --max-warnings 0',
  );
}
