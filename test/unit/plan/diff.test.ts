import { describe, expect, it } from 'vitest';
import { type Address, addressOf, type Resource } from '../../../src/ir/types.js';
import { contentHash } from '../../../src/plan/canonical.js';
import { diff } from '../../../src/plan/diff.js';
import type { StateResource, WorkspaceState } from '../../../src/plan/types.js';
import { agent, automation, sendEmail, withMeta } from '../../fixtures/ir/resources.js';

function stateOf(resources: Resource[], options: { protect?: string[] } = {}): WorkspaceState {
  return {
    lineage: 'lin-1',
    serial: 7,
    resources: resources.map(
      (ir): StateResource => ({
        address: addressOf(ir),
        kind: ir.kind,
        name: ir.metadata.name,
        version: 1,
        appliedHash: contentHash(ir),
        ir,
        protected: options.protect?.includes(addressOf(ir)) ?? ir.metadata.protected,
      }),
    ),
  };
}

const a = automation('alpha');
const b = automation('beta');
const c = agent('gamma');

interface Case {
  name: string;
  desired: Resource[];
  state: Resource[];
  options?: { prune?: boolean; allowEmpty?: boolean };
  protect?: string[];
  expected: Array<[string, string]>;
  errors?: string[];
}

const cases: Case[] = [
  { name: 'empty vs empty', desired: [], state: [], expected: [] },
  {
    name: 'everything new',
    desired: [a, c],
    state: [],
    expected: [
      ['create', 'Agent/gamma'],
      ['create', 'Automation/alpha'],
    ],
  },
  {
    name: 'unchanged',
    desired: [a, b],
    state: [a, b],
    expected: [
      ['no-op', 'Automation/alpha'],
      ['no-op', 'Automation/beta'],
    ],
  },
  {
    name: 'source text and refs do not count',
    desired: [{ ...a, source: { file: 'moved/alpha.yaml', text: '# reformatted' } }],
    state: [a],
    expected: [['no-op', 'Automation/alpha']],
  },
  {
    name: 'one field changed',
    desired: [{ ...a, enabled: false }, b],
    state: [a, b],
    expected: [
      ['update', 'Automation/alpha'],
      ['no-op', 'Automation/beta'],
    ],
  },
  {
    name: 'absent without prune is kept',
    desired: [a],
    state: [a, b],
    expected: [
      ['no-op', 'Automation/alpha'],
      ['no-op', 'Automation/beta'],
    ],
  },
  {
    name: 'absent with prune is deleted',
    desired: [a],
    state: [a, b],
    options: { prune: true },
    expected: [
      ['no-op', 'Automation/alpha'],
      ['delete', 'Automation/beta'],
    ],
  },
  {
    name: 'protected is never deleted',
    desired: [a],
    state: [a, b],
    protect: ['Automation/beta'],
    options: { prune: true },
    expected: [
      ['no-op', 'Automation/alpha'],
      ['no-op', 'Automation/beta'],
    ],
  },
  {
    name: 'deleting everything is refused',
    desired: [],
    state: [a, b],
    options: { prune: true },
    expected: [
      ['delete', 'Automation/alpha'],
      ['delete', 'Automation/beta'],
    ],
    errors: ['plan/delete-all'],
  },
  {
    name: 'deleting everything with allowEmpty',
    desired: [],
    state: [a, b],
    options: { prune: true, allowEmpty: true },
    expected: [
      ['delete', 'Automation/alpha'],
      ['delete', 'Automation/beta'],
    ],
  },
  {
    name: 'rename keeps identity',
    desired: [withMeta(automation('alpha-2'), { previousName: 'alpha' })],
    state: [a],
    options: { prune: true, allowEmpty: false },
    expected: [['rename', 'Automation/alpha-2']],
  },
  {
    name: 'rename wins over a new file taking the old name',
    desired: [
      automation('alpha', { enabled: false }),
      withMeta(automation('alpha-2'), { previousName: 'alpha' }),
    ],
    state: [a],
    expected: [
      ['create', 'Automation/alpha'],
      ['rename', 'Automation/alpha-2'],
    ],
  },
  {
    name: 'finished rename is a no-op',
    desired: [withMeta(automation('alpha-2'), { previousName: 'alpha' })],
    state: [automation('alpha-2')],
    expected: [['no-op', 'Automation/alpha-2']],
  },
  {
    name: 'duplicate address is an error',
    desired: [a, { ...a, enabled: false }],
    state: [],
    expected: [['create', 'Automation/alpha']],
    errors: ['plan/duplicate-address'],
  },
  {
    name: 'protected flag change is an update',
    desired: [withMeta(a, { protected: true })],
    state: [a],
    expected: [['update', 'Automation/alpha']],
  },
];

describe('diff (table)', () => {
  for (const t of cases) {
    it(t.name, () => {
      const plan = diff(t.desired, stateOf(t.state, { protect: t.protect }), t.options);
      expect(plan.changes.map((ch) => [ch.action, ch.address])).toEqual(t.expected);
      expect(plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(
        t.errors ?? [],
      );
      expect(plan.applicable).toBe((t.errors ?? []).length === 0);
      expect(plan.base).toEqual({ lineage: 'lin-1', serial: 7 });
    });
  }
});

describe('diff details', () => {
  it('gives field-level changes with before and after', () => {
    const changed = { ...a, trigger: { type: 'stage.changed', config: { object: 'deals', to: 'won' } } };
    const [change] = diff([changed], stateOf([a])).changes;
    expect(change.fields).toEqual([
      { path: 'trigger.type', op: 'change', before: 'record.created', after: 'stage.changed' },
      { path: 'trigger.config.to', op: 'add', after: 'won' },
    ]);
    expect(change.reason).toBe('2 fields changed');
    expect(change.after).toBe(changed);
  });

  it('gives a step-level diff: added, removed, changed, moved, transitions', () => {
    const before = automation('flow', { steps: [sendEmail('one'), sendEmail('two'), sendEmail('three')] });
    const after = automation('flow', {
      steps: [sendEmail('two', 'Changed'), sendEmail('one'), sendEmail('four')],
    });
    const [change] = diff([after], stateOf([before])).changes;
    const steps = change.steps?.steps.map((s) => [s.change, s.id]);
    expect(steps).toEqual([
      ['removed', 'three'],
      ['changed', 'two'],
      ['moved', 'two'],
      ['moved', 'one'],
      ['added', 'four'],
    ]);
    expect(change.steps?.steps[1].fields).toEqual([
      { path: 'with.subject', op: 'change', before: 'Hello', after: 'Changed' },
    ]);
    const transitions = change.steps?.transitions.map((t) => `${t.change} ${t.from}-${t.label}->${t.to}`);
    expect(transitions).toEqual([
      'removed one-next->two',
      'removed two-next->three',
      'removed three-next->end',
      'added two-next->one',
      'added one-next->four',
      'added four-next->end',
    ]);
    expect(change.fields).toEqual([]);
  });

  it('reports a step moved into a branch and the branch transitions', () => {
    const ifStep = (then: ReturnType<typeof sendEmail>[]) =>
      ({
        kind: 'if',
        id: 'check',
        condition: { cel: 'true' },
        // biome-ignore lint/suspicious/noThenProperty: the IR's if step has a then branch
        then: { kind: 'block', steps: then },
      }) as const;
    const before = automation('flow', { steps: [ifStep([sendEmail('x')]), sendEmail('y')] });
    const after = automation('flow', { steps: [ifStep([sendEmail('x'), sendEmail('y')])] });
    const [change] = diff([after], stateOf([before])).changes;
    expect(change.steps?.steps).toEqual([
      { id: 'y', change: 'moved', kind: 'action', from: 'steps', to: 'check.then' },
    ]);
    // x still falls through to y (inside the block now) and y still ends the run: only else moved.
    expect(change.steps?.transitions.map((t) => `${t.change} ${t.from}-${t.label}->${t.to}`)).toEqual([
      'removed check-else->y',
      'added check-else->end',
    ]);
  });

  it('detects drift and shows both sides', () => {
    const live = { ...a, enabled: false };
    const state = stateOf([a]);
    state.resources[0] = { ...state.resources[0], ir: live, appliedIr: a };
    const [change] = diff([a], state).changes;
    expect(change.action).toBe('update');
    expect(change.reason).toContain('drift');
    expect(change.drift?.fields).toEqual([{ path: 'enabled', op: 'change', before: true, after: false }]);
    expect(change.fields).toEqual([{ path: 'enabled', op: 'change', before: false, after: true }]);
  });

  it('rename carries the previous address and content changes', () => {
    const renamed = withMeta({ ...automation('new-name'), enabled: false }, { previousName: 'alpha' });
    const [change] = diff([renamed], stateOf([a])).changes;
    expect(change.previousAddress).toBe('Automation/alpha' as Address);
    expect(change.reason).toBe('renamed from Automation/alpha; enabled changed');
  });

  it('ignores source refs but not user data under a key named ref', () => {
    const ref = { file: 'a.yaml', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } };
    const step = (branch: string) =>
      ({ kind: 'action', id: 'push', action: 'webhook_call', with: { ref: branch }, ref }) as const;
    const before = automation('alpha', { steps: [step('main')] });
    const moved = automation('alpha', { steps: [{ ...step('main'), ref: { ...ref, file: 'b.yaml' } }] });
    expect(diff([moved], stateOf([before])).changes[0].action).toBe('no-op');
    const changed = automation('alpha', { steps: [step('dev')] });
    expect(diff([changed], stateOf([before])).changes[0].steps?.steps[0].fields).toEqual([
      { path: 'with.ref', op: 'change', before: 'main', after: 'dev' },
    ]);
  });

  it('is deterministic: same inputs give the same id', () => {
    const one = diff([a, b], stateOf([a]));
    const two = diff([b, a], stateOf([a]));
    expect(one.id).toBe(two.id);
    expect(diff([a], stateOf([a])).id).not.toBe(one.id);
  });

  it('secrets stay references', () => {
    const secret = ['$', '{{ secrets.API_TOKEN }}'].join('');
    const withSecret = automation('alpha', {
      steps: [{ kind: 'action', id: 'call', action: 'webhook_call', with: { token: secret } }],
    });
    const text = JSON.stringify(diff([withSecret], stateOf([a])));
    expect(text).toContain(secret);
  });
});
