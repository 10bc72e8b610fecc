// biome-ignore-all lint/suspicious/noExplicitAny: the answers under test are untyped JSON, read field by field
/**
 * The OpenAPI document: built from the route table (every route appears, with its scope), every
 * `$ref` resolves, every component schema compiles as JSON Schema 2020-12 (OpenAPI 3.1's dialect),
 * `GET /openapi.json` serves the same document, and docs/openapi.json is the committed copy
 * (regenerate with AEXY_UPDATE_DOCS=1 npx vitest run test/integration/server/openapi.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEndpointTable } from '../../../src/server/endpoint-table.js';
import { buildOpenApi } from '../../../src/server/openapi.js';
import { ROUTES } from '../../../src/server/routes.js';
import { startTestServer, type TestServer } from './server-fixture.js';

const docsPath = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));
const servePath = fileURLToPath(new URL('../../../docs/serve.md', import.meta.url));
const doc = buildOpenApi(ROUTES) as any;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, out);
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refs(value, out);
    }
  return out;
}

function resolve(pointer: string): unknown {
  expect(pointer.startsWith('#/')).toBe(true);
  return pointer
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, key) => node?.[key], doc);
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route of the table, its scope and unique operation ids', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op.operationId).toBe(route.operationId);
      if (route.access.kind === 'token') expect(op['x-aexy-scope']).toBe(route.access.scope);
    }
    const ids = ROUTES.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const operations = Object.values(doc.paths).flatMap((p: any) => Object.keys(p));
    expect(operations).toHaveLength(ROUTES.length);
  });

  it('resolves every $ref and compiles every schema as JSON Schema 2020-12', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(50);
    for (const ref of new Set(all)) expect(resolve(ref), ref).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toContain('Lang.automationSpec');
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    for (const name of Object.keys(doc.components.schemas))
      expect(() => ajv.compile({ $ref: `doc#/components/schemas/${name}` }), name).not.toThrow();
  });

  it('is what GET /openapi.json serves', async () => {
    const served = await t.request('GET', '/openapi.json');
    expect(served.body).toEqual(doc);
  });

  it('docs/openapi.json is fresh', () => {
    const rendered = `${JSON.stringify(doc, null, 2)}\n`;
    if (process.env.AEXY_UPDATE_DOCS === '1') writeFileSync(docsPath, rendered);
    expect(
      readFileSync(docsPath, 'utf8'),
      'docs/openapi.json is stale: run AEXY_UPDATE_DOCS=1 npx vitest run test/integration/server/openapi.test.ts',
    ).toBe(rendered);
  });

  it('docs/serve.md lists every endpoint of the route table', () => {
    const table = renderEndpointTable(ROUTES);
    const text = readFileSync(servePath, 'utf8');
    const fresh = text.replace(
      /<!-- endpoints:start -->[\s\S]*<!-- endpoints:end -->/,
      `<!-- endpoints:start -->\n${table}\n<!-- endpoints:end -->`,
    );
    if (process.env.AEXY_UPDATE_DOCS === '1') writeFileSync(servePath, fresh);
    expect(readFileSync(servePath, 'utf8'), 'docs/serve.md endpoints are stale').toBe(fresh);
  });
});
