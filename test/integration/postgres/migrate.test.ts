import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { WorkspaceTooNewError } from '../../../src/workspace/errors.js';
import { parsePostgresUrl } from '../../../src/workspace/postgres/connection.js';
import {
  PG_MIGRATIONS,
  PG_SCHEMA_VERSION,
  type PgMigration,
} from '../../../src/workspace/postgres/migrations/index.js';
import { openPostgres, PostgresConnectError } from '../../../src/workspace/postgres/open.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';

async function tables(url: string, schema: string): Promise<string[]> {
  const client = new pg.Client(parsePostgresUrl(url).connectionString);
  await client.connect();
  const { rows } = await client.query<{ t: string }>(
    'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
    [schema],
  );
  await client.end();
  return rows.map((r) => r.t);
}

describe('PostgreSQL workspace: connection and migrations', () => {
  it('parses the schema parameter and hides the password', () => {
    const target = parsePostgresUrl('postgres://u:secret@db:5432/aexy?schema=acme&sslmode=disable');
    expect(target).toEqual({
      connectionString: 'postgres://u:secret@db:5432/aexy?sslmode=disable',
      schema: 'acme',
      location: 'postgres://u@db:5432/aexy?schema=acme&sslmode=disable',
    });
    expect(() => parsePostgresUrl('postgres://db/x?schema=a;drop')).toThrow('invalid schema name');
  });

  it('creates the schema, migrates it once, and keeps workspaces in two schemas apart', async () => {
    const base = await freshPostgresUrl('migrate');
    const [a, b] = await Promise.all(
      ['ws_a', 'ws_b', 'ws_a'].map((schema) => openPostgres(`${base}?schema=${schema}`)),
    );
    expect(a.schemaVersion).toBe(PG_SCHEMA_VERSION);
    expect(await tables(base, 'ws_a')).toEqual(
      expect.arrayContaining(['locks', 'resources', 'schema_migrations']),
    );
    const lineage = (p: pg.Pool) =>
      p.query('SELECT lineage FROM workspace_meta').then((r) => r.rows[0].lineage);
    expect(await lineage(a.pool)).not.toBe(await lineage(b.pool));
    const { rows } = await a.pool.query('SELECT version FROM schema_migrations');
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await Promise.all([a.pool.end(), b.pool.end()]);
  });

  it('races: ten processes-worth of pools opening a fresh schema migrate it exactly once', async () => {
    const url = `${await freshPostgresUrl('race')}?schema=raced`;
    const opened = await Promise.all(Array.from({ length: 10 }, () => openPostgres(url, { max: 2 })));
    const { rows } = await opened[0].pool.query('SELECT COUNT(*)::int AS n FROM workspace_meta');
    expect(rows[0].n).toBe(1);
    await Promise.all(opened.map((o) => o.pool.end()));
  });

  it('upgrades with a new migration, rolls back a failing one, refuses a newer schema', async () => {
    const url = await freshPostgresUrl('upgrade');
    await (await openPostgres(url)).pool.end();
    const extra: PgMigration = {
      version: PG_SCHEMA_VERSION + 1,
      name: 'extra',
      up: async (c) => void (await c.query('CREATE TABLE extra (x int)')),
    };
    const broken: PgMigration = {
      version: PG_SCHEMA_VERSION + 2,
      name: 'broken',
      up: async (c) => {
        await c.query('CREATE TABLE half (x int)');
        throw new Error('boom');
      },
    };
    await expect(openPostgres(url, { migrations: [...PG_MIGRATIONS, extra, broken] })).rejects.toThrow(
      'boom',
    );
    expect(await tables(url, 'public')).not.toContain('half');
    expect(await tables(url, 'public')).not.toContain('extra');
    const upgraded = await openPostgres(url, { migrations: [...PG_MIGRATIONS, extra] });
    expect(upgraded.schemaVersion).toBe(PG_SCHEMA_VERSION + 1);
    await upgraded.pool.end();
    const error = await openPostgres(url).catch((e) => e);
    expect(error).toBeInstanceOf(WorkspaceTooNewError);
    expect(error.message).toContain(
      `schema version ${PG_SCHEMA_VERSION + 1}, newer than this aexy build supports (${PG_SCHEMA_VERSION})`,
    );
  });
});

describe('PostgreSQL workspace: unreachable servers', () => {
  it('names the workspace and the reason when nothing listens or the database is missing', async () => {
    const closed = await openPostgres('postgres://aexy:pw@127.0.0.1:1/nowhere', {
      connectionTimeoutMillis: 2000,
    }).catch((e) => e);
    expect(closed).toBeInstanceOf(PostgresConnectError);
    expect(closed.message).toMatch(
      /^cannot open the PostgreSQL workspace postgres:\/\/aexy@127\.0\.0\.1:1\/nowhere: /,
    );
    expect(closed.message).not.toContain('pw');
    const missing = new URL(await freshPostgresUrl('missing'));
    missing.pathname = '/no_such_database';
    const error = await openPostgres(missing.toString()).catch((e) => e);
    expect(error).toBeInstanceOf(PostgresConnectError);
    expect(error.message).toContain('database "no_such_database" does not exist');
  });
});

describe('PostgreSQL workspace: least privilege', () => {
  it('a role owning only its schema (no CREATE on the database) can open and use the workspace', async () => {
    const base = await freshPostgresUrl('privilege');
    const admin = new pg.Client(base);
    await admin.connect();
    const role = `ws_owner_${Date.now()}`;
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`CREATE SCHEMA acme AUTHORIZATION ${role}`);
    await admin.query(`REVOKE CREATE ON DATABASE ${new URL(base).pathname.slice(1)} FROM PUBLIC`);
    await admin.end();
    const url = new URL(base);
    url.username = role;
    url.searchParams.set('schema', 'acme');
    const opened = await openPostgres(url.toString());
    expect(opened.schemaVersion).toBe(PG_SCHEMA_VERSION);
    await opened.pool.end();
    url.searchParams.set('schema', 'other');
    await expect(openPostgres(url.toString())).rejects.toThrow('permission denied');
  });
});
