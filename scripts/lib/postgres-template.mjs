/**
 * A pristine initdb output kept per machine and PostgreSQL build, copied for each throw-away
 * cluster (scripts/lib/postgres-cluster.mjs): initdb costs 1-6 s on a busy 2-core machine, a copy
 * of its 40 MB a few hundred ms. Built in a private dir and renamed into place, so runs starting
 * together never see half of one. Plain JavaScript (types in postgres-template.d.mts) so both the
 * vitest helpers and the node benchmarks import it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** As root, PostgreSQL programs run as the `postgres` OS user (they refuse root). */
export function asPostgres(asRoot, file, args) {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

/** Runs a PostgreSQL program to completion; its stderr becomes the error message. */
export async function runProgram(asRoot, file, args, cwd) {
  const [cmd, argv] = asPostgres(asRoot, file, args);
  try {
    await execFileAsync(cmd, argv, { cwd });
  } catch (error) {
    throw new Error(`${file} failed: ${error.stderr || error.message}`);
  }
}

/** Copies a fresh cluster data directory to `data` (whose parent exists and, as root, is postgres'). */
export async function freshDataDir(bin, asRoot, data) {
  const template = await ensureTemplate(bin, asRoot);
  // cp -a keeps the owner (postgres) and the 0700 mode the server insists on.
  await execFileAsync('cp', ['-a', template, data]);
}

async function ensureTemplate(bin, asRoot) {
  // The binary's path and mtime name the template: an upgraded PostgreSQL gets a new one.
  const stamp = Math.floor(statSync(join(bin, 'postgres')).mtimeMs).toString(36);
  const version = bin.replace(/[^A-Za-z0-9]+/g, '_').slice(-40);
  const template = join(tmpdir(), `aexy-pgtemplate-${process.getuid?.() ?? 'u'}-${version}-${stamp}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const work = mkdtempSync(join(tmpdir(), 'aexy-pgtemplate-build-'));
  try {
    if (asRoot) await execFileAsync('chown', ['postgres:postgres', work]);
    const args = ['-D', join(work, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C'];
    await runProgram(asRoot, join(bin, 'initdb'), [...args, '--no-sync', '--no-instructions'], work);
    try {
      renameSync(join(work, 'data'), template);
    } catch (error) {
      // Another run renamed its template into place first: use that one.
      if (!existsSync(join(template, 'PG_VERSION'))) throw error;
    }
    return template;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
