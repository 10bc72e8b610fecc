/** ref/unknown-agent: an agent step, hook or policy names an Agent no document defines. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { automations, namesOf, report, stepsWithPaths, suggestion } from './helpers.js';
import type { Rule } from './types.js';

export const unknownAgent: Rule = {
  code: 'ref/unknown-agent',
  severity: 'error',
  summary: 'An agent step, agent hook or policy names an agent that is not defined',
  description:
    'Agents are resources of kind Agent in the project files; steps (`agent:`), automation hooks (`spec.agents[].agent`) and policies (`spec.agent`) refer to them by metadata.name. Define the agent or fix the name.',
  check(ctx) {
    const agents = namesOf(ctx, 'Agent');
    const out: Diagnostic[] = [];
    const check = (
      name: string,
      unit: Parameters<typeof report>[1],
      path: Array<string | number>,
      where: string,
    ) => {
      if (agents.has(name)) return;
      out.push(
        report(this, unit, path, {
          summary: `unknown agent \`${name}\``,
          detail: `${where} refers to agent \`${name}\`, but no document defines \`kind: Agent\` with that name.`,
          fix: suggestion(name, agents) ?? 'add an Agent document with this metadata.name',
        }),
      );
    };
    for (const unit of automations(ctx)) {
      unit.resource.agents.forEach((hook, i) => {
        check(hook.agent, unit, ['spec', 'agents', i, 'agent'], `The ${hook.at} hook`);
      });
      for (const { step, path } of stepsWithPaths(unit)) {
        if (step.kind === 'agent') check(step.agent, unit, [...path, 'agent'], `Step \`${step.id}\``);
      }
    }
    for (const unit of ctx.units) {
      const r = unit.resource;
      if (r.kind === 'AgentPolicy' && r.agent !== undefined)
        check(r.agent, unit, ['spec', 'agent'], `Policy \`${r.metadata.name}\``);
    }
    return out;
  },
};
