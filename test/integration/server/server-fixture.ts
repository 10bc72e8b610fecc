// biome-ignore-all lint/suspicious/noExplicitAny: the answers under test are untyped JSON, read field by field
/**
 * An `aexy serve` API server in-process on 127.0.0.1:0 hosting two real SQLite workspaces (acme,
 * beta), a token of every scope in each, and a small fetch wrapper, for the server tests.
 */
import { join } from 'node:path';
import { type ApiServer, type ApiServerOptions, startApiServer } from '../../../src/server/server.js';
import { loadDesired } from '../../../src/sync/project-workspace.js';
import { TOKEN_SCOPES, type TokenScope, type WorkspaceBackend } from '../../../src/workspace/backend.js';
import { openBackend } from '../../../src/workspace/open-backend.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';
import { makeTempProject } from '../../helpers/project.js';

export type Tokens = Record<TokenScope, string>;

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  text: string;
}

export interface TestServer {
  api: ApiServer;
  url: string;
  acme: WorkspaceBackend;
  beta: WorkspaceBackend;
  tokens: { acme: Tokens; beta: Tokens };
  logs: string[];
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> },
  ): Promise<Answer>;
  close(): Promise<void>;
}

async function tokensOf(backend: WorkspaceBackend): Promise<Tokens> {
  const out = {} as Tokens;
  for (const scope of TOKEN_SCOPES)
    out[scope] = (
      await backend.tokens.create({ name: `t-${scope}`, scopes: [scope], createdBy: 'test' })
    ).secret;
  return out;
}

export type StoreKind = 'sqlite' | 'postgres';

async function freshBackend(kind: StoreKind, dir: string, name: string): Promise<WorkspaceBackend> {
  return openBackend(kind === 'postgres' ? await freshPostgresUrl(`serve_${name}`) : join(dir, `${name}.db`));
}

/** Starts the server with fresh acme and beta workspaces (SQLite files, or PostgreSQL databases). */
export async function startTestServer(
  options: Partial<ApiServerOptions> = {},
  kind: StoreKind = 'sqlite',
): Promise<TestServer> {
  const dir = makeTempProject({});
  const acme = await freshBackend(kind, dir, 'acme');
  const beta = await freshBackend(kind, dir, 'beta');
  const logs: string[] = [];
  const api = await startApiServer({
    workspaces: { acme, beta },
    log: (line) => logs.push(line),
    streamPollMs: 50,
    streamPingMs: 200,
    ...options,
  });
  const tokens = { acme: await tokensOf(acme), beta: await tokensOf(beta) };
  return {
    api,
    url: api.url,
    acme,
    beta,
    tokens,
    logs,
    async request(method, path, { token, body, raw, headers = {} } = {}) {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, headers: res.headers, text };
    },
    async close() {
      await api.close();
      await acme.close();
      await beta.close();
    },
  };
}

/** Compiled resources (IR) of a project holding `files` (aexy.yaml added). */
export async function desired(files: Record<string, string>) {
  const dir = makeTempProject({ 'aexy.yaml': 'name: demo\ninclude: ["automations/**/*.yaml"]\n', ...files });
  const loaded = await loadDesired(dir, dir);
  if (loaded.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.resources;
}

/** A minimal automation document (name, subject, trigger YAML, recipient). */
export { simple as automation } from '../workspace/fixtures.js';
