/**
 * Errors of the PostgreSQL backend that a user can act on. Kept free of `pg` so commands can map
 * them to messages without loading the driver.
 */

/** The PostgreSQL server could not be reached, or refused the connection (auth, missing database). */
export class PostgresConnectError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot open the PostgreSQL workspace ${location}: ${reason}`, options);
    this.name = 'PostgresConnectError';
  }
}
