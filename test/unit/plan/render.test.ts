import { describe, expect, it } from 'vitest';
import { addressOf, type Resource } from '../../../src/ir/types.js';
import { contentHash } from '../../../src/plan/canonical.js';
import { diff } from '../../../src/plan/diff.js';
import type { WorkspaceState } from '../../../src/plan/types.js';
import { renderPlanMarkdown, renderPlanText } from '../../../src/ui/plan/index.js';
import { automation, sendEmail } from '../../fixtures/ir/resources.js';

function state(resources: Resource[]): WorkspaceState {
  return {
    lineage: 'l',
    serial: 3,
    resources: resources.map((ir) => ({
      address: addressOf(ir),
      kind: ir.kind,
      name: ir.metadata.name,
      version: 2,
      appliedHash: contentHash(ir),
      ir,
      protected: false,
    })),
  };
}

const before = automation('flow', { steps: [sendEmail('one'), sendEmail('two')] });
const after = automation('flow', { enabled: false, steps: [sendEmail('one', 'New'), sendEmail('three')] });

describe('plan text', () => {
  it('has the legend, one line per change, details and the summary line', () => {
    const text = renderPlanText(diff([after, automation('fresh')], state([before, automation('old')])));
    expect(text).toBe(
      [
        'Resource actions are indicated with the following symbols:',
        '  + create',
        '  ~ update in place',
        '',
        'aexy will perform the following actions:',
        '',
        '  ~ Automation/flow   enabled changed, 1 step removed, 1 step changed, 1 step added',
        '  + Automation/fresh  not in the workspace',
        '',
        '  # Automation/flow will be updated in place (version 2 -> 3)',
        '    ~ enabled: true -> false',
        '    steps:',
        '      - two (action) removed',
        '      ~ one (action) changed',
        '          ~ with.subject: "Hello" -> "New"',
        '      + three (action) added',
        '    transitions:',
        '      - one --next--> two',
        '      - two --next--> end',
        '      + one --next--> three',
        '      + three --next--> end',
        '',
        '  # Automation/fresh will be created',
        '    source: automations/fresh.yaml',
        '',
        '1 resource is in the workspace but not in the files, and kept (use --prune to delete): Automation/old',
        '',
        'Plan: 1 to add, 1 to change, 0 to delete.',
        '',
      ].join('\n'),
    );
  });

  it('says No changes when there are none', () => {
    expect(renderPlanText(diff([before], state([before])))).toBe(
      'No changes. The workspace matches the files.\n',
    );
  });
});

describe('plan markdown', () => {
  it('has a summary table, collapsible details and a styled Mermaid diagram', () => {
    const md = renderPlanMarkdown(diff([after], state([before])));
    expect(md).toContain('### aexy plan: 0 to add, 1 to change, 0 to delete.');
    expect(md).toContain(
      '| 🟡 | `Automation/flow` | update | enabled changed, 1 step removed, 1 step changed, 1 step added |',
    );
    expect(md).toContain('<details><summary><code>~ Automation/flow</code> — update</summary>');
    expect(md).toContain('```mermaid\nflowchart TD');
    expect(md).toMatch(/class three added/);
    expect(md).toMatch(/class one changed/);
    expect(md).toMatch(/class two removed/);
  });

  it('stays under the limit and says what it left out', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      automation(`auto-${i}`, { steps: [sendEmail('a'), sendEmail('b'), sendEmail('c')] }),
    );
    const md = renderPlanMarkdown(diff(many, state([])), 20_000);
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/output truncated to stay under 20000 characters; details of \d+ resources left out/);
  });
});
