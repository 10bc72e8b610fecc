/**
 * A workflow-side deadline: run some work in its own cancellation scope and cancel it when it has no
 * result after `ms` (a timer that is cancelled as soon as the work settles). Used for agent timeouts.
 */
import { CancellationScope, condition as waitFor } from '@temporalio/workflow';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The work's result; after `ms` the work is cancelled and `onTimeout()` is thrown instead. */
export async function withDeadline<T>(
  ms: number,
  work: () => Promise<T>,
  onTimeout: () => Error,
): Promise<T> {
  const scope = new CancellationScope();
  const settled: Settled<T>[] = [];
  scope.run(work).then(
    (value) => {
      settled.push({ ok: true, value });
    },
    (error) => {
      settled.push({ ok: false, error });
    },
  );
  if (!(await waitFor(() => settled.length > 0, Math.max(1, ms)))) {
    scope.cancel();
    throw onTimeout();
  }
  const done = settled[0] as Settled<T>;
  if (!done.ok) throw done.error;
  return done.value;
}
