import { describe, expect, it } from 'vitest';
import { capabilityDiff } from '../../../src/policy/index.js';
import { agent, policy } from './policy-fixtures.js';

const SIDE_EFFECTS = new Set(['send_email', 'update_record', 'delete_record']);
const options = { sideEffect: (tool: string) => SIDE_EFFECTS.has(tool) };

describe('capabilityDiff', () => {
  it('reports tools gained and lost through agent changes, flagging an unapproved side effect', () => {
    const before = [agent('outreach', ['get_record', 'web_search'])];
    const after = [agent('outreach', ['get_record', 'send_email'])];
    expect(capabilityDiff(before, [], after, [], options)).toEqual([
      {
        agent: 'outreach',
        change: 'changed',
        toolsGained: ['send_email'],
        toolsLost: ['web_search'],
        fields: [],
        flags: [expect.objectContaining({ code: 'policy/unapproved-side-effect', tool: 'send_email' })],
      },
    ]);
  });

  it('does not flag a side-effecting tool an unconditional approval policy covers', () => {
    const approval = policy({ name: 'approve-email', type: 'tool_require_approval', tools: ['send_email'] });
    const conditional = policy({
      name: 'maybe',
      type: 'tool_require_approval',
      tools: ['update_record'],
      when: 'args.x == 1',
    });
    const after = [agent('outreach', ['send_email', 'update_record'])];
    const [change] = capabilityDiff([], [], after, [approval, conditional], options);
    expect(change.change).toBe('added');
    expect(change.flags.map((f) => f.tool)).toEqual(['update_record']);
  });

  it('reports tools gained and lost through policy changes (an unconditional block removes a tool)', () => {
    const agents = [agent('outreach', ['send_email', 'get_record'])];
    const block = policy({ name: 'no-email', type: 'tool_block', tools: ['send_email'] });
    const conditionalBlock = policy({
      name: 'some',
      type: 'tool_block',
      tools: ['get_record'],
      when: 'args.x == 1',
    });
    expect(capabilityDiff(agents, [], agents, [block, conditionalBlock], options)[0]).toMatchObject({
      toolsGained: [],
      toolsLost: ['send_email'],
    });
    const [regained] = capabilityDiff(agents, [block], agents, [], options);
    expect(regained.toolsGained).toEqual(['send_email']);
    expect(regained.flags).toHaveLength(1);
  });

  it('reports fields gained and lost per tool and access, intersecting several restrictions', () => {
    const agents = [agent('outreach', ['update_record'])];
    const narrow = policy({
      name: 'f1',
      type: 'field_restriction',
      tools: ['update_record'],
      write: ['stage'],
      read: ['name', 'email'],
    });
    const wider = policy({
      name: 'f1',
      type: 'field_restriction',
      tools: ['update_record'],
      write: ['stage', 'notes'],
      read: ['name', 'email'],
    });
    const extra = policy({
      name: 'f2',
      type: 'field_restriction',
      agent: 'outreach',
      write: ['stage', 'notes', 'salary'],
    });
    expect(capabilityDiff(agents, [narrow], agents, [wider, extra], options)[0].fields).toEqual([
      { tool: 'update_record', access: 'write', gained: ['notes'], lost: [] },
    ]);
    expect(capabilityDiff(agents, [narrow], agents, [], options)[0].fields).toEqual([
      { tool: 'update_record', access: 'read', gained: ['*'], lost: ['email', 'name'] },
      { tool: 'update_record', access: 'write', gained: ['*'], lost: ['stage'] },
    ]);
  });

  it('leaves unchanged agents out and reports removed agents', () => {
    const a = agent('a', ['get_record']);
    expect(capabilityDiff([a], [], [a], [], options)).toEqual([]);
    expect(capabilityDiff([a], [], [], [], options)).toEqual([
      { agent: 'a', change: 'removed', toolsGained: [], toolsLost: ['get_record'], fields: [], flags: [] },
    ]);
  });
});
