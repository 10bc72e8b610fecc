/** The rule both workspace backends' migration lists follow: versions strictly increase. */

/** What the check needs of a migration (SQLite's and PostgreSQL's both have it). */
export interface VersionedMigration {
  version: number;
  name: string;
}

/**
 * The last version of a migration list, after checking the list is strictly increasing (a merge
 * mistake shows up at once, not in production).
 */
export function latestVersion(migrations: readonly VersionedMigration[]): number {
  let last = 0;
  for (const m of migrations) {
    if (m.version <= last)
      throw new Error(`migration ${m.version}-${m.name} is out of order (after ${last})`);
    last = m.version;
  }
  return last;
}
