import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';

interface ExportOptions {
  out: string;
}

/** `aexy schema export --out DIR`: the JSON Schemas editors use for completion and checks. */
export function registerSchema(program: Command, invocation: Invocation): void {
  const schema = program
    .command('schema')
    .description('JSON Schemas of the configuration language, for editors')
    .addHelpText('after', '\nExamples:\n  aexy schema export --out schemas\n');
  schema
    .command('export')
    .description('write the JSON Schemas (draft-07) of every document kind and of aexy.yaml to a directory')
    .requiredOption('--out <dir>', 'directory to write the schema files to (created when missing)')
    .addHelpText(
      'after',
      '\nWrites automation, agent, agent-policy, aexy (project file) and aexy-documents (any kind) schemas.\n' +
        'Point an editor at them with a first line like:\n' +
        '  # yaml-language-server: $schema=./schemas/aexy-documents.schema.json\n\n' +
        'Examples:\n  aexy schema export --out schemas\n  aexy schema export --out .vscode/schemas --output json\n',
    )
    .action(action(invocation, exportSchemas));
}

async function exportSchemas(ctx: CommandContext, options: ExportOptions): Promise<number> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join, relative, resolve } = await import('node:path');
  const { renderSchemaFiles } = await import('../schema/export.js');
  const dir = resolve(ctx.cwd, options.out);
  await mkdir(dir, { recursive: true });
  const written: Array<{ path: string; bytes: number }> = [];
  for (const file of renderSchemaFiles()) {
    const path = join(dir, file.name);
    await writeFile(path, file.content);
    written.push({ path: relative(ctx.cwd, path) || path, bytes: Buffer.byteLength(file.content) });
  }
  if (wantsJson(ctx)) {
    writeJson(ctx, 'schema-export', { directory: dir, files: written });
    return 0;
  }
  for (const file of written) ctx.stdout.write(`wrote ${file.path} (${Math.ceil(file.bytes / 1024)} KiB)\n`);
  return 0;
}
