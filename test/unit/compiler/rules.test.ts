/**
 * Every semantic rule in isolation: it reports its own code on its fixture(s) and nothing on the
 * valid example project (no false positives), and its metadata is well-formed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileUnits, rules } from '../../../src/compiler/index.js';
import type { LoadedDocument } from '../../../src/loader/index.js';
import { parseYamlDocuments } from '../../../src/loader/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/diagnostics', import.meta.url));
const examples = fileURLToPath(new URL('../../../examples/automations', import.meta.url));

function loadDir(dir: string): LoadedDocument[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'aexy.yaml' && !f.startsWith('expected'))
    .sort()
    .flatMap((f) => parseYamlDocuments(f, readFileSync(join(dir, f), 'utf8')).value);
}

function foldersOf(code: string): string[] {
  const name = code.replace('/', '-');
  return readdirSync(fixtures).filter((f) => f === name || f.startsWith(`${name}--`));
}

describe('semantic rules', () => {
  it('has at least 25 rules with unique area/rule codes and descriptions', () => {
    expect(rules.length).toBeGreaterThanOrEqual(25);
    const codes = rules.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of rules) {
      expect(rule.code).toMatch(/^[a-z]+\/[a-z-]+$/);
      expect(rule.summary.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeGreaterThan(40);
    }
  });

  for (const rule of rules) {
    describe(rule.code, () => {
      it('reports its code, and only its code, on its fixtures', () => {
        const folders = foldersOf(rule.code);
        expect(folders.length).toBeGreaterThan(0);
        for (const folder of folders) {
          const { diagnostics } = compileUnits(loadDir(join(fixtures, folder)), { rules: [rule] });
          expect(diagnostics.length, folder).toBeGreaterThan(0);
          for (const d of diagnostics) {
            expect(d.code).toBe(rule.code);
            expect(d.detail, `${folder}: ${d.summary}`).toBeTruthy();
            expect(d.range.start.line).toBeGreaterThan(0);
          }
        }
      });

      it.runIf(existsSync(examples))('reports nothing on the valid example project', () => {
        expect(compileUnits(loadDir(examples), { rules: [rule] }).diagnostics).toEqual([]);
      });
    });
  }
});
