/**
 * policy/incomplete, policy/shadowed and policy/conflict: agent policies must say enough to decide,
 * and must not be made pointless or contradicted by another policy with the same reach.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { AgentPolicyIR } from '../../ir/types.js';
import type { CompileUnit } from '../unit.js';
import { report } from './helpers.js';
import type { Rule, RuleContext } from './types.js';

interface PolicyUnit extends CompileUnit {
  resource: AgentPolicyIR;
}

function policies(ctx: RuleContext): PolicyUnit[] {
  return ctx.units.filter((u): u is PolicyUnit => u.resource.kind === 'AgentPolicy');
}

/** What a policy of each type must set, as [check, message, fix]. */
function missing(p: AgentPolicyIR): [string, string] | undefined {
  switch (p.type) {
    case 'tool_require_approval':
      if (!p.approval || p.approval.timeoutMs <= 0)
        return ['`approval.timeout` is required', 'add `approval: {approvers: [role:admin], timeout: 4h}`'];
      if (p.approval.approvers.length === 0)
        return ['`approval.approvers` is empty', 'add `approvers: [role:admin]` under `approval:`'];
      return undefined;
    case 'rate_limit':
    case 'token_budget':
      return p.limit !== undefined && p.perMs !== undefined && p.perMs > 0
        ? undefined
        : ['`limit` and `per` are required', 'e.g. `limit: 50` and `per: 1d`'];
    case 'field_restriction':
      return p.read || p.write
        ? undefined
        : ['`read` or `write` is required', 'list the allowed attributes, e.g. `read: [name, email]`'];
    default:
      return undefined;
  }
}

export const policyIncomplete: Rule = {
  code: 'policy/incomplete',
  severity: 'error',
  summary: 'An agent policy lacks the settings its type needs',
  description:
    'tool_require_approval needs `approval` with approvers and a timeout (a timed-out approval blocks the call); rate_limit and token_budget need `limit` and `per`; field_restriction needs `read` and/or `write` allow-lists.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of policies(ctx)) {
      const gap = missing(unit.resource);
      if (!gap) continue;
      out.push(
        report(this, unit, ['spec', 'type'], {
          summary: `${unit.resource.type} policy: ${gap[0]}`,
          detail: `Policy \`${unit.resource.metadata.name}\` cannot decide without it.`,
          fix: gap[1],
        }),
      );
    }
    return out;
  },
};

/** True when `outer` applies to every (agent, tool) that `inner` applies to. */
function covers(outer: AgentPolicyIR, inner: AgentPolicyIR): boolean {
  const agentOk = outer.agent === undefined || outer.agent === inner.agent;
  const toolsOk =
    outer.tools === undefined ||
    (inner.tools !== undefined && inner.tools.every((t) => outer.tools?.includes(t)));
  return agentOk && toolsOk;
}

const SHADOWABLE = new Set(['tool_require_approval', 'rate_limit', 'field_restriction']);

export const policyShadowed: Rule = {
  code: 'policy/shadowed',
  severity: 'warning',
  summary: 'An agent policy never has an effect because a block policy covers it',
  description:
    'Decisions combine most-restrictive-first (BLOCK > REQUIRE_APPROVAL > RATE_LIMITED > ALLOW). A policy whose tools are all blocked unconditionally for the same agents can never change a decision: remove it or narrow the block.',
  check(ctx) {
    const all = policies(ctx);
    const out: Diagnostic[] = [];
    for (const unit of all) {
      const p = unit.resource;
      if (!SHADOWABLE.has(p.type)) continue;
      const blocker = all.find(
        (b) =>
          b !== unit &&
          b.resource.type === 'tool_block' &&
          b.resource.when === undefined &&
          covers(b.resource, p),
      );
      if (!blocker) continue;
      out.push(
        report(this, unit, ['spec', 'type'], {
          summary: `policy \`${p.metadata.name}\` is shadowed by block policy \`${blocker.resource.metadata.name}\``,
          detail: `\`${blocker.resource.metadata.name}\` always blocks ${p.tools ? p.tools.map((t) => `\`${t}\``).join(', ') : 'every tool'} for ${p.agent ? `agent \`${p.agent}\`` : 'every agent'}, so this ${p.type} policy never decides anything.`,
          fix: 'remove this policy, or narrow the block policy (`tools:`, `agent:` or `when:`)',
          related: [{ message: 'blocked here', ref: blocker.doc.locate(['spec', 'type']) }],
        }),
      );
    }
    return out;
  },
};

function settings(p: AgentPolicyIR): string {
  return JSON.stringify([p.limit, p.perMs, p.read, p.write]);
}

function overlaps(a: AgentPolicyIR, b: AgentPolicyIR): boolean {
  if (a.agent !== b.agent || a.when !== undefined || b.when !== undefined) return false;
  if (a.tools === undefined || b.tools === undefined) return true;
  return a.tools.some((t) => b.tools?.includes(t));
}

export const policyConflict: Rule = {
  code: 'policy/conflict',
  severity: 'warning',
  summary: 'Two agent policies of the same type and reach disagree',
  description:
    'Two rate limits, token budgets or field restrictions for the same agent and tools with different settings: only the most restrictive one matters, which is rarely what the author of the other meant. Merge them into one policy.',
  check(ctx) {
    const all = policies(ctx).filter((u) =>
      ['rate_limit', 'token_budget', 'field_restriction'].includes(u.resource.type),
    );
    const out: Diagnostic[] = [];
    all.forEach((unit, i) => {
      const earlier = all
        .slice(0, i)
        .find(
          (o) =>
            o.resource.type === unit.resource.type &&
            overlaps(o.resource, unit.resource) &&
            settings(o.resource) !== settings(unit.resource),
        );
      if (!earlier) return;
      out.push(
        report(this, unit, ['spec', 'type'], {
          summary: `policy \`${unit.resource.metadata.name}\` conflicts with \`${earlier.resource.metadata.name}\``,
          detail: `Both are ${unit.resource.type} policies for ${unit.resource.agent ? `agent \`${unit.resource.agent}\`` : 'every agent'} on overlapping tools, with different settings; the most restrictive wins.`,
          fix: 'merge them into one policy',
          related: [{ message: 'the other policy', ref: earlier.doc.locate(['spec', 'type']) }],
        }),
      );
    });
    return out;
  },
};
