/**
 * Access to the run's PostgreSQL cluster (started once in test/global-setup.ts). Each test file (or
 * test) takes its own database with `freshPostgresUrl`, so files run in parallel without sharing
 * state; the cluster and its databases vanish with the run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Superuser URL of the cluster's `postgres` database. */
export function postgresUrl(): string {
  return inject('postgresUrl');
}

/** Creates an empty database named after `label` and returns its URL (add `?schema=` as needed). */
export async function freshPostgresUrl(label: string): Promise<string> {
  const name = `${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
