/**
 * Run ids are a function of (automation, event id): the same event routed twice (two routers, a
 * retry after a crash, a duplicate webhook) yields the same id, and the id is the Temporal workflow
 * id, so Temporal refuses the second start.
 */
import { createHash } from 'node:crypto';

/** `run_<20 hex>` for an automation and an event id. */
export function runIdFor(automation: string, eventId: string): string {
  const digest = createHash('sha256').update(`${automation}\u0000${eventId}`).digest('hex');
  return `run_${digest.slice(0, 20)}`;
}
