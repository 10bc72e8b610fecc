/**
 * The parallel check (worker threads, src/project/check-files.ts) must give exactly what the serial
 * check gives: the same diagnostics in the same order with the same positions, and the same IR.
 * Workers run the compiled dist/ (built before the suite), so this test drives dist/ too.
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateProject } from '../../bench/lib/generate-project.mjs';
import { repoRoot, spawnCli } from '../helpers/cli.js';
import { makeTempProject } from '../helpers/project.js';

const checkFilesJs = join(repoRoot, 'dist/project/check-files.js');
const loadProjectJs = join(repoRoot, 'dist/project/load-project.js');
const fixtures = join(repoRoot, 'test/fixtures/diagnostics');

type Stats = { workers: number; fallbacks: number };
interface Dist {
  checkFiles(
    files: readonly string[],
    labelFrom: string,
    options?: { threads?: number; stats?: Stats },
  ): Promise<unknown>;
  findPathsInput(cwd: string, paths: string[]): Promise<{ files: string[] }>;
}

async function dist(): Promise<Dist> {
  const [check, load] = await Promise.all([import(checkFilesJs), import(loadProjectJs)]);
  return { checkFiles: check.checkFiles, findPathsInput: load.findPathsInput };
}

/** Serial and parallel results of the same files, and how many workers really ran. */
async function both(dir: string, threads: number) {
  const { checkFiles, findPathsInput } = await dist();
  const { files } = await findPathsInput(dir, ['.']);
  const stats: Stats = { workers: 0, fallbacks: 0 };
  const serial = await checkFiles(files, dir, { threads: 1 });
  const parallel = await checkFiles(files, dir, { threads, stats });
  return { serial: JSON.stringify(serial), parallel: JSON.stringify(parallel), stats, files };
}

/** A generated project with every golden fixture's bad input copied in, first and last in file order. */
function mixedProject(): string {
  const dir = makeTempProject();
  generateProject(dir, 40);
  for (const folder of readdirSync(fixtures, { withFileTypes: true })) {
    if (!folder.isDirectory() || !existsSync(join(fixtures, folder.name, 'input.yaml'))) continue;
    copyFileSync(join(fixtures, folder.name, 'input.yaml'), join(dir, `zz-${folder.name}.yaml`));
    if (folder.name.startsWith('ref-') || folder.name.startsWith('schema-'))
      copyFileSync(join(fixtures, folder.name, 'input.yaml'), join(dir, `aa-${folder.name}.yaml`));
  }
  return dir;
}

describe.skipIf(!existsSync(checkFilesJs))('validate in worker threads', () => {
  it('gives the serial result on a generated project full of findings', async () => {
    const { serial, parallel, stats, files } = await both(mixedProject(), 3);
    expect(files.length).toBeGreaterThan(100);
    expect(stats).toEqual({ workers: 2, fallbacks: 0 });
    expect(serial).toContain('ref/unknown-step');
    expect(serial).toContain('resource/duplicate-name');
    expect(parallel).toBe(serial);
  });

  it('gives the serial result on the examples', async () => {
    const { serial, parallel, stats } = await both(join(repoRoot, 'examples/automations'), 2);
    expect(stats.workers).toBe(1);
    expect(parallel).toBe(serial);
  });

  it('prints the same report from the CLI with AEXY_VALIDATE_THREADS', async () => {
    const dir = mixedProject();
    const run = (threads: string, args: string[]) =>
      spawnCli(['validate', '.', ...args], { cwd: dir, env: { AEXY_VALIDATE_THREADS: threads } });
    for (const args of [[], ['--output', 'json']]) {
      const [serial, parallel] = await Promise.all([run('1', args), run('2', args)]);
      expect(serial.exitCode).toBe(1);
      expect(serial.stderr).toBe('');
      expect(parallel).toEqual(serial);
    }
  }, 60_000);
});
