/**
 * Golden tests for diagnostics: every folder of test/fixtures/diagnostics is validated with the real
 * CLI (in-process) and its text and JSON output compared with expected.txt and expected.json.
 * Regenerate after an intended change with `AEXY_UPDATE_GOLDEN=1 npx vitest run test/integration/validate-golden.test.ts`
 * and review the diff. The convention is described in test/fixtures/diagnostics/README.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knownRules } from '../../src/project/check-project.js';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../fixtures/diagnostics', import.meta.url));
/** Codes a small fixture file cannot reproduce; unit tests cover them (see the README). */
const EXEMPT = new Set(['yaml/too-large', 'project/unreadable', 'project/path-not-found']);
const update = process.env.AEXY_UPDATE_GOLDEN === '1';
const fixtures = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Project mode when the folder has aexy.yaml, else every YAML file of the folder. */
function validateArgs(dir: string): string[] {
  return existsSync(join(dir, 'aexy.yaml')) ? ['validate'] : ['validate', '.'];
}

/** `schema-unknown-key` and `schema-unknown-key--in-step` both hold fixtures for `schema/unknown-key`. */
function codeOf(folder: string): string {
  return folder.split('--')[0];
}

function compare(file: string, actual: string): void {
  if (update || !existsSync(file)) writeFileSync(file, actual);
  else expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('diagnostic golden fixtures', () => {
  it('has a fixture folder for every rule --list-rules shows', () => {
    const covered = new Set(fixtures.map(codeOf));
    const missing = knownRules()
      .map((r) => r.code)
      .filter((code) => !EXEMPT.has(code) && !covered.has(code.replace('/', '-')));
    expect(missing).toEqual([]);
  });

  for (const folder of fixtures) {
    it(folder, async () => {
      const dir = join(root, folder);
      const args = validateArgs(dir);
      const json = await runCli([...args, '--output', 'json'], { cwd: dir });
      const text = await runCli(args, { cwd: dir });
      expect(json.stderr).toBe('');
      const report = JSON.parse(json.stdout);
      const codes: string[] = report.diagnostics.map((d: { code: string }) => d.code.replace('/', '-'));
      expect(codes, `${folder} must report its own code`).toContain(codeOf(folder));
      expect(json.exitCode).toBe(report.summary.errors > 0 ? 1 : 0);
      expect(text.exitCode).toBe(json.exitCode);
      compare(join(dir, 'expected.json'), json.stdout);
      compare(join(dir, 'expected.txt'), text.stdout);
    });
  }
});
