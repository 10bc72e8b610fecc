/** Types of postgres-template.mjs (the per-machine initdb template of throw-away clusters). */

/** As root, PostgreSQL programs run as the `postgres` OS user (they refuse root). */
export function asPostgres(asRoot: boolean, file: string, args: string[]): [string, string[]];

/** Runs a PostgreSQL program to completion; its stderr becomes the error message. */
export function runProgram(asRoot: boolean, file: string, args: string[], cwd: string): Promise<void>;

/** Copies a fresh cluster data directory to `data` (whose parent exists and, as root, is postgres'). */
export function freshDataDir(bin: string, asRoot: boolean, data: string): Promise<void>;
