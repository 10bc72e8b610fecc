import { randomUUID } from 'node:crypto';
import type { Migration } from './types.js';

/**
 * The first schema: workspace identity (lineage, serial), resources with their immutable versions,
 * the apply log and the lock table.
 *
 * A resource row keeps its integer id across renames, so history follows it; deleting marks the
 * row (`deleted_at`) and keeps its versions, because runs refer to the version they executed.
 * `resources.ir_json` is the live copy that the runtime reads; `applied_hash` is the content hash
 * apply wrote, so plan can tell when the live copy was changed by another tool (drift).
 */
export const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE workspace_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        lineage TEXT NOT NULL,
        serial INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE resources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        ir_json TEXT NOT NULL,
        applied_hash TEXT NOT NULL,
        protected INTEGER NOT NULL DEFAULT 0,
        deleted_at TEXT,
        deleted_by TEXT,
        deleted_plan_id TEXT
      );
      CREATE UNIQUE INDEX resources_live_address ON resources (kind, name) WHERE deleted_at IS NULL;
      CREATE TABLE resource_versions (
        id INTEGER PRIMARY KEY,
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
        protected INTEGER NOT NULL,
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
    `);
    db.prepare('INSERT INTO workspace_meta (id, lineage, serial, created_at) VALUES (1, ?, 0, ?)').run(
      randomUUID(),
      new Date().toISOString(),
    );
  },
};
