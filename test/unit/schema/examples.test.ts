import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseYamlDocuments } from '../../../src/loader/index.js';
import type { LoadedDocument } from '../../../src/loader/types.js';
import { registry } from '../../../src/registry/index.js';
import { STEP_KINDS } from '../../../src/schema/steps.js';
import { compiledValidator, validateDocument, validateProjectFile } from '../../../src/schema/validate.js';
import { repoRoot } from '../../helpers/cli.js';

const dir = join(repoRoot, 'examples/automations');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function load(file: string): LoadedDocument[] {
  const result = parseYamlDocuments(file, readFileSync(join(dir, file)));
  expect(result.diagnostics, file).toEqual([]);
  return result.value;
}

const documents = files.filter((f) => f !== 'aexy.yaml').flatMap(load);
type Data = Record<string, any>;
const specs = (kind: string) =>
  documents.filter((d) => (d.data as Data).kind === kind).map((d) => (d.data as Data).spec);

/** Every step of a workflow, nested blocks included. */
function allSteps(steps: Data[] = []): Data[] {
  return steps.flatMap((step) => {
    const nested: Data[][] = [
      step.then,
      step.else,
      step.default,
      step.onTimeout,
      step.onApprove,
      step.onReject,
      step.catch,
      step.loop?.steps,
    ];
    for (const c of step.switch ?? []) nested.push(c.next);
    for (const b of Object.values(step.parallel?.branches ?? {})) nested.push(b as Data[]);
    return [step, ...nested.filter(Array.isArray).flatMap((b) => allSteps(b))];
  });
}

describe('examples/automations', () => {
  test.each(files)('%s is schema-valid and points editors at the published schema', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const match = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    expect(match, `${file} needs a yaml-language-server $schema line`).not.toBeNull();
    expect(existsSync(resolve(dir, match![1])), match![1]).toBe(true);
    expect(
      text
        .split('\n')
        .slice(1, 4)
        .some((l) => /^# \S/.test(l)),
      `${file} needs a comment header`,
    ).toBe(true);
    const docs = load(file);
    const diagnostics = docs.flatMap((doc) =>
      file === 'aexy.yaml' ? validateProjectFile(doc) : validateDocument(doc),
    );
    expect(diagnostics).toEqual([]);
    // What the editor sees: the schema the `$schema` line names accepts the file too.
    const editor = compiledValidator(file === 'aexy.yaml' ? 'project' : 'documents');
    for (const doc of docs) expect(editor(doc.data), JSON.stringify(editor.errors)).toBe(true);
  });

  test('cover every step kind, trigger family, policy type, and at least two agents', () => {
    const automations = specs('Automation');
    const steps = automations.flatMap((s) => allSteps(s.workflow?.steps ?? s.actions));
    const kinds = new Set(steps.map((s) => STEP_KINDS.find((k) => k in s)));
    expect([...kinds].sort()).toEqual([...STEP_KINDS].sort());
    const waits = steps
      .filter((s) => 'wait' in s)
      .map((s) => (typeof s.wait === 'string' ? 'duration' : 'event' in s.wait ? 'event' : 'until'));
    expect(new Set(waits)).toEqual(new Set(['duration', 'event', 'until']));
    const loops = steps.filter((s) => 'loop' in s).map((s) => ('forEach' in s.loop ? 'forEach' : 'until'));
    expect(new Set(loops)).toEqual(new Set(['forEach', 'until']));
    const families = new Set(automations.map((s) => registry.triggers.get(s.trigger.type)?.family));
    expect([...families].sort()).toEqual([
      'communication',
      'date',
      'module',
      'record',
      'schedule',
      'user',
      'webhook',
    ]);
    expect(new Set(specs('AgentPolicy').map((s) => s.type))).toEqual(
      new Set(['tool_block', 'tool_require_approval', 'field_restriction', 'rate_limit', 'token_budget']),
    );
    expect(specs('Agent').length).toBeGreaterThanOrEqual(2);
    expect(automations.some((s) => s.agents?.length)).toBe(true);
  });

  test('the seed scenarios are all there', () => {
    const names = documents.map((d) => (d.data as Data).metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'new-deal-slack',
        'deal-negotiation-followup',
        'lead-reply-routing',
        'discount-approval',
        'stale-deals-cleanup',
        'customer-onboarding',
        'weekly-pipeline-digest',
        'renewal-reminder',
        'partner-lead-webhook',
        'ticket-sla-escalation',
        'hiring-interview-flow',
      ]),
    );
    expect(dirname(join(dir, 'aexy.yaml'))).toBe(dir);
  });
});

describe('the combined documents schema', () => {
  test('rejects what the per-kind schemas reject', () => {
    const editor = compiledValidator('documents');
    const bad = {
      apiVersion: 'aexy/v1',
      kind: 'Agent',
      metadata: { name: 'a' },
      spec: { type: 'custom', model: { provider: 'openai', name: 'm' }, bogus: 1 },
    };
    expect(editor(bad)).toBe(false);
    expect(editor({ apiVersion: 'aexy/v1', kind: 'Nope' })).toBe(false);
  });
});

describe('the examples through the whole checker', () => {
  test('compile without a single finding (warnings included)', async () => {
    const { compileDocuments } = await import('../../../src/compiler/index.js');
    const result = compileDocuments(documents, { validate: validateDocument });
    expect(result.diagnostics.map((d) => `${d.file}:${d.range.start.line} ${d.code} ${d.summary}`)).toEqual(
      [],
    );
    expect(result.value.length).toBe(documents.length);
  });
});
