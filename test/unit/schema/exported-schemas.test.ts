import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderSchemaFiles } from '../../../src/schema/export.js';
import { schemas } from '../../../src/schema/index.js';
import { repoRoot } from '../../helpers/cli.js';

const dir = join(repoRoot, 'schemas');
const HINT = 'stale: run AEXY_UPDATE_GENERATED=1 npx vitest run test/unit/schema/exported-schemas.test.ts';

describe('published schemas', () => {
  test('schemas/ holds exactly what `aexy schema export` writes', () => {
    const files = renderSchemaFiles();
    if (process.env.AEXY_UPDATE_GENERATED) {
      mkdirSync(dir, { recursive: true });
      for (const file of files) writeFileSync(join(dir, file.name), file.content);
    }
    expect(existsSync(dir) ? readdirSync(dir).sort() : [], HINT).toEqual(files.map((f) => f.name).sort());
    for (const file of files)
      expect(readFileSync(join(dir, file.name), 'utf8'), `${file.name} ${HINT}`).toBe(file.content);
  });

  test('every property of every schema has a description', () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => {
          visit(item, `${path}[${i}]`);
        });
        return;
      }
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const props = record.properties as Record<string, Record<string, unknown>> | undefined;
      if (props && typeof props === 'object') {
        for (const [key, value] of Object.entries(props)) {
          // Inside `if` only consts select a branch; they document nothing.
          if (!path.includes('.if') && typeof value.description !== 'string')
            missing.push(`${path}.properties.${key}`);
        }
      }
      for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`);
    };
    for (const [name, schema] of Object.entries(schemas())) visit(schema, name);
    expect(missing).toEqual([]);
  });

  test('only draft-07 keywords VS Code understands (no 2019-09 vocabulary)', () => {
    const text = renderSchemaFiles()
      .map((f) => f.content)
      .join('\n');
    for (const keyword of [
      'unevaluatedProperties',
      '$defs',
      'dependentRequired',
      'dependentSchemas',
      '$anchor',
      'prefixItems',
    ]) {
      expect(text).not.toContain(`"${keyword}"`);
    }
  });

  test('the combined schema selects the document by kind', () => {
    const combined = schemas().documents as { allOf: Array<{ if: unknown; then: unknown }> };
    expect(combined.allOf.map((b) => JSON.stringify(b.if))).toEqual([
      '{"properties":{"kind":{"const":"Automation"}},"required":["kind"]}',
      '{"properties":{"kind":{"const":"Agent"}},"required":["kind"]}',
      '{"properties":{"kind":{"const":"AgentPolicy"}},"required":["kind"]}',
    ]);
  });
});
