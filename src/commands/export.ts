import type { Command } from 'commander';
import { type CommandContext, ExitCode } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { openForCommand, usingStore } from './workspace-support.js';

interface ExportOptions {
  out: string;
  source?: boolean;
}

/** `aexy export --out DIR`: the workspace's current resources as YAML files in the canonical form. */
export function registerExport(program: Command, invocation: Invocation): void {
  program
    .command('export')
    .description(
      'write the workspace resources as YAML files (canonical form; plan against them shows no changes)',
    )
    .option('--out <dir>', 'folder to write to (automations/, agents/, policies/ below it)', 'exported')
    .option('--source', 'write the source text as it was applied instead of the canonical form')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy export --out backup/\n  aexy export --out . --source     restore the files exactly as they were applied\n',
    )
    .action(action(invocation, exportWorkspace));
}

async function exportWorkspace(ctx: CommandContext, options: ExportOptions): Promise<number> {
  const { backend, store } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const { emitYaml, exportPath } = await import('../workspace/export.js');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { dirname, join, resolve } = await import('node:path');
    const outDir = resolve(ctx.cwd, options.out);
    const files: string[] = [];
    for (const version of await store.currentVersions()) {
      const path = exportPath(version.ir);
      const text = options.source && version.sourceText ? version.sourceText : emitYaml(version.ir);
      mkdirSync(dirname(join(outDir, path)), { recursive: true });
      writeFileSync(join(outDir, path), text.endsWith('\n') ? text : `${text}\n`);
      files.push(path);
    }
    if (wantsJson(ctx)) writeJson(ctx, 'export', { out: outDir, files });
    else
      ctx.stdout.write(
        `Exported ${files.length} resource${files.length === 1 ? '' : 's'} to ${options.out}${files.map((f) => `\n  ${f}`).join('')}\n`,
      );
    return ExitCode.ok;
  });
}
