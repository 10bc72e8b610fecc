/**
 * The backend rule of docs/architecture.md: only a backend's own folder touches its database
 * driver (better-sqlite3 in src/workspace/sqlite, pg in src/workspace/postgres), and nothing outside
 * src/workspace reaches into a backend's folder: the runtime, the commands, the server and the remote
 * client all go through the WorkspaceBackend contract (src/workspace/backend.ts).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listSourceFiles } from '../../helpers/import-graph.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Every module specifier of a file, type-only imports included (`from '…'`, `import('…')`). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push(m[1] ?? m[2] ?? '');
  return out;
}

const DRIVERS: Array<{ pkg: RegExp; home: string }> = [
  { pkg: /^better-sqlite3$/, home: 'src/workspace/sqlite/' },
  { pkg: /^pg(\/|$)|^pg-/, home: 'src/workspace/postgres/' },
];

/** `file imports spec` for every driver import outside the driver's backend folder. */
function driverViolations(files: Array<{ path: string; text: string }>): string[] {
  return files.flatMap(({ path, text }) =>
    specifiers(text)
      .filter((s) => DRIVERS.some((d) => d.pkg.test(s) && !path.startsWith(d.home)))
      .map((s) => `${path} imports ${s}`),
  );
}

/** Imports of a backend folder from outside src/workspace. */
function folderViolations(files: Array<{ path: string; text: string }>): string[] {
  return files
    .filter(({ path }) => !path.startsWith('src/workspace/'))
    .flatMap(({ path, text }) =>
      specifiers(text)
        .filter((s) => /workspace\/(sqlite|postgres)\//.test(s))
        .map((s) => `${path} imports ${s}`),
    );
}

function sources() {
  return listSourceFiles(`${root}src`).map((file) => ({
    path: relative(root, file).replaceAll('\\', '/'),
    text: readFileSync(file, 'utf8'),
  }));
}

describe('workspace backends: only a backend touches its database', () => {
  it('imports better-sqlite3 only under src/workspace/sqlite and pg only under src/workspace/postgres', () => {
    expect(driverViolations(sources())).toEqual([]);
  });

  it('reaches a backend folder only from src/workspace (everyone else uses the contract)', () => {
    expect(folderViolations(sources())).toEqual([]);
  });

  it('detects violations (the rules can fail)', () => {
    const files = [
      { path: 'src/runtime/x.ts', text: "import type { Database } from 'better-sqlite3';" },
      { path: 'src/commands/y.ts', text: "const pg = await import('pg');" },
      { path: 'src/workspace/sqlite/z.ts', text: "import Database from 'better-sqlite3';" },
      { path: 'src/runtime/w.ts', text: "import { X } from '../workspace/sqlite/store.js';" },
    ];
    expect(driverViolations(files)).toEqual([
      'src/runtime/x.ts imports better-sqlite3',
      'src/commands/y.ts imports pg',
    ]);
    expect(folderViolations(files)).toEqual(['src/runtime/w.ts imports ../workspace/sqlite/store.js']);
  });
});
