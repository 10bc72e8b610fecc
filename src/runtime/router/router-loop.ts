/**
 * The router as a long-running loop (in `aexy dev` and `aexy worker`): claims unrouted events from
 * the workspace outbox, routes them, and gives an event back to the outbox when routing fails (for
 * example Temporal is unreachable) so it is retried on a later poll; routing is idempotent, so a
 * retry never starts a second run.
 */
import type { EventStore } from '../../workspace/events/event-store.js';
import type { RoutableAutomation } from './match.js';
import type { RouteResult, Router } from './router.js';

export interface RouterLoopOptions {
  router: Router;
  events: EventStore;
  automations: () => Promise<RoutableAutomation[]>;
  /** Name recorded on claimed events (host:pid). */
  name: string;
  /** Poll interval when the outbox is empty (default 50 ms: one indexed query, cheap on SQLite). */
  intervalMs?: number;
  batchSize?: number;
  /** How many events of a batch are routed at once (default 8). */
  concurrency?: number;
  onRouted?: (result: RouteResult) => void;
  onError?: (error: Error, eventId: string) => void;
}

/** A claim this old that never finished belongs to a router that died: it is routed again. */
export const STALE_CLAIM_MS = 60_000;

/** Polls and routes until stopped. */
export class RouterLoop {
  private stopped = false;
  private nextStaleCheck = 0;
  private wake?: () => void;
  private done?: Promise<void>;

  constructor(private readonly options: RouterLoopOptions) {}

  start(): void {
    this.done ??= this.loop();
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done;
  }

  /** Claims and routes one batch; returns how many events it handled. */
  async pollOnce(): Promise<number> {
    if (Date.now() >= this.nextStaleCheck) {
      this.nextStaleCheck = Date.now() + STALE_CLAIM_MS / 2;
      await this.options.events.releaseStale(STALE_CLAIM_MS);
    }
    const claimed = await this.options.events.claim(this.options.name, this.options.batchSize ?? 64);
    if (claimed.length === 0) return 0;
    const automations = await this.options.automations();
    const queue = [...claimed];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          // Route first: `onRouted?.(await route())` would skip routing when there is no callback.
          const result = await this.options.router.route(next.event, automations);
          await this.options.events.finish(next.event.id);
          this.options.onRouted?.(result);
        } catch (error) {
          await this.options.events.release(next.event.id);
          this.options.onError?.(error as Error, next.event.id);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency ?? 8, claimed.length) }, worker),
    );
    return claimed.length;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let handled = 0;
      try {
        handled = await this.pollOnce();
        failures = 0;
      } catch (error) {
        failures++;
        this.options.onError?.(error as Error, '');
      }
      if (handled === 0 && !this.stopped) await this.sleep(this.backoff(failures));
    }
  }

  private backoff(failures: number): number {
    const base = this.options.intervalMs ?? 50;
    return Math.min(base * 2 ** failures, 5000);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
