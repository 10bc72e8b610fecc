import { describe, expect, it } from 'vitest';
import type { AutomationIR } from '../../../src/ir/types.js';
import { brief, compileYaml } from './compile-helpers.js';

const ALL_KINDS = `apiVersion: aexy/v1
kind: Automation
metadata: { name: every-kind, labels: { team: ops } }
spec:
  module: crm
  trigger: { type: record.updated, object: deals }
  limits: { runsPerMonth: 100, concurrency: queued, maxConcurrent: 2 }
  retry: { maxAttempts: 2, initialInterval: 30s }
  timeout: 7d
  workflow:
    steps:
      - id: route
        switch:
          - when: record.values.amount > 1000
            next:
              - { id: big, action: send_slack, with: { channel: "#big", message: big }, retry: { backoff: 3 }, timeout: 1m }
        default: end
      - id: fan
        parallel:
          join: { count: 1 }
          onBranchFailure: continue
          branches:
            a: [{ id: a1, action: send_slack, with: { channel: "#a", message: a } }]
            b: [{ id: b1, wait: 1h30m }]
      - id: each
        loop: { forEach: record.values.contacts, as: contact, maxIterations: 5, steps: [{ id: note, set: { last: contact } }] }
      - id: pause
        wait: { until: record.values.renewal_date, offset: -7d }
      - id: ok
        approval: { approvers: ["role:admin"], timeout: 2d, escalate: { after: 1d, to: ["role:owner"] }, message: "Approve \${{ record.values.name }}?" }
        onReject: fail
      - id: think
        agent: helper
        waitForCompletion: false
---
apiVersion: aexy/v1
kind: Agent
metadata: { name: helper }
spec:
  type: custom
  model: { provider: openai, name: gpt-4o-mini }
  instructions: Help.
  tools: [send_email]
`;

describe('step kinds in the IR', () => {
  const { units, diagnostics } = compileYaml(ALL_KINDS);
  const ir = units[0].resource as AutomationIR;
  const step = (id: string) => ir.steps.find((s) => s.id === id) as never as Record<string, unknown>;

  it('compiles without findings', () => {
    expect(brief(diagnostics)).toEqual([]);
  });

  it('converts automation-level settings and merges step retry over the automation retry', () => {
    expect(ir.limits).toEqual({ runsPerMonth: 100, concurrency: { mode: 'queued', max: 2 } });
    expect(ir.retry).toEqual({
      maxAttempts: 2,
      initialIntervalMs: 30_000,
      backoff: 2,
      maxIntervalMs: 600_000,
      on: ['timeout', 'rate_limit', 'server_error', 'connection_error'],
    });
    expect(ir.timeoutMs).toBe(7 * 86_400_000);
    const route = step('route') as {
      cases: Array<{ next: { steps: Array<Record<string, unknown>> } }>;
      default: unknown;
    };
    expect(route.cases[0].next.steps[0]).toMatchObject({
      id: 'big',
      retry: { maxAttempts: 2, backoff: 3, initialIntervalMs: 30_000 },
      timeoutMs: 60_000,
    });
    expect(route.default).toEqual({ kind: 'jump', to: 'end' });
  });

  it('builds parallel, loop, wait, approval and agent steps with their defaults', () => {
    expect(step('fan')).toMatchObject({
      join: { mode: 'count', count: 1 },
      onBranchFailure: 'continue',
      branches: [
        { name: 'a' },
        { name: 'b', steps: [{ wait: { mode: 'duration', durationMs: 5_400_000 } }] },
      ],
    });
    expect(step('each')).toMatchObject({
      as: 'contact',
      maxIterations: 5,
      concurrency: 1,
      forEach: { cel: 'record.values.contacts' },
    });
    expect(step('pause')).toMatchObject({ wait: { mode: 'until', offsetMs: -7 * 86_400_000 } });
    expect(step('ok')).toMatchObject({
      approvers: ['role:admin'],
      timeoutMs: 172_800_000,
      escalate: { afterMs: 86_400_000, to: ['role:owner'] },
      onReject: { kind: 'jump', to: 'fail' },
    });
    expect(step('think')).toMatchObject({
      agent: 'helper',
      waitForCompletion: false,
      timeoutMs: 300_000,
      input: {},
    });
  });

  it('makes a loop item visible inside the loop body', () => {
    const loop = step('each') as { steps: Array<{ vars: unknown }> };
    expect(loop.steps[0].vars).toMatchObject([{ name: 'last', value: { cel: 'contact' } }]);
  });
});

describe('what expressions may read', () => {
  it('lets a loop `until` read the body steps, but not a step read its own or a later output', () => {
    const { diagnostics } = compileYaml(`apiVersion: aexy/v1
kind: Automation
metadata: { name: poll }
spec:
  module: crm
  trigger: { type: record.created, object: contacts }
  workflow:
    steps:
      - id: poll
        loop:
          until: steps.check.output.status == "sent"
          maxIterations: 10
          steps:
            - { id: check, action: send_email, with: { to: "a@b.c", subject: "\${{ steps.check.output.status }}", body: b } }
      - { id: after, action: send_slack, with: { channel: "#a", message: "\${{ steps.later.output.ts }}" } }
      - { id: later, action: send_slack, with: { channel: "#a", message: m } }
`);
    expect(brief(diagnostics)).toEqual([
      'ref/step-not-before@14:83 step `check` reads its own result',
      'ref/step-not-before@15:79 step `later` cannot have run before this',
    ]);
  });
});
