import { randomUUID } from 'node:crypto';
import type { PgMigration } from './types.js';

/**
 * Definitions and access: workspace identity (lineage, serial), resources with their immutable
 * versions, the apply log, the lock table and API tokens. The same tables and columns as the SQLite
 * migrations 001 and 006, so both stores map rows the same way:
 * - time stamps are ISO-8601 TEXT written by the store (they come back exactly as written, and
 *   compare correctly as text);
 * - IR stays JSON TEXT, not JSONB: plan detects drift by comparing the live copy with the applied
 *   text, and JSONB would reorder keys;
 * - ids are INTEGER identities (pg returns int4 as a number; BIGINT would come back as a string);
 * - api_tokens.seq stands in for SQLite's rowid: tokens created in the same millisecond list in
 *   creation order.
 */
export const migration: PgMigration = {
  version: 1,
  name: 'definitions',
  async up(client) {
    await client.query(`
      CREATE TABLE workspace_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        lineage TEXT NOT NULL,
        serial INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE resources (
        id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        ir_json TEXT NOT NULL,
        applied_hash TEXT NOT NULL,
        protected BOOLEAN NOT NULL DEFAULT FALSE,
        deleted_at TEXT,
        deleted_by TEXT,
        deleted_plan_id TEXT
      );
      CREATE UNIQUE INDEX resources_live_address ON resources (kind, name) WHERE deleted_at IS NULL;
      CREATE TABLE resource_versions (
        id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        resource_id INTEGER NOT NULL REFERENCES resources (id),
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        ir_json TEXT NOT NULL,
        source_file TEXT NOT NULL,
        source_text TEXT NOT NULL,
        applied_by TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        plan_id TEXT NOT NULL,
        protected BOOLEAN NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('create', 'update', 'rename')),
        UNIQUE (resource_id, version)
      );
      CREATE INDEX resource_versions_address ON resource_versions (kind, name);
      CREATE TABLE applies (
        serial INTEGER PRIMARY KEY,
        plan_id TEXT NOT NULL,
        applied_by TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        summary_json TEXT NOT NULL
      );
      CREATE TABLE locks (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL UNIQUE,
        holder TEXT NOT NULL,
        operation TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        seq INTEGER GENERATED ALWAYS AS IDENTITY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        scopes_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT
      );
    `);
    await client.query('INSERT INTO workspace_meta (id, lineage, serial, created_at) VALUES (1, $1, 0, $2)', [
      randomUUID(),
      new Date().toISOString(),
    ]);
  },
};
