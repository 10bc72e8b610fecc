/** ref/unknown-tool: an agent or policy lists a tool the runtime does not have. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { report, suggestion } from './helpers.js';
import type { Rule, RuleContext } from './types.js';

/** Every tool an agent may be given: the registry's actions (the Agent schema allows exactly these). */
export function knownTools(ctx: RuleContext): Set<string> {
  return new Set(ctx.registry.actions.keys());
}

export const unknownTool: Rule = {
  code: 'ref/unknown-tool',
  severity: 'error',
  summary: 'An agent or policy lists a tool that does not exist',
  description:
    'Agent tools are registry actions (`send_email`, `update_record`, `get_record`, ...; see `aexy registry actions`). A policy naming an unknown tool never matches anything.',
  check(ctx) {
    const tools = knownTools(ctx);
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      const r = unit.resource;
      const list = r.kind === 'Agent' ? r.tools : r.kind === 'AgentPolicy' ? (r.tools ?? []) : [];
      list.forEach((tool, i) => {
        if (tools.has(tool)) return;
        out.push(
          report(this, unit, ['spec', 'tools', i], {
            summary: `unknown tool \`${tool}\``,
            detail: `${r.kind} \`${r.metadata.name}\` lists \`${tool}\`, which is not a registry action.`,
            fix: suggestion(tool, tools),
          }),
        );
      });
    }
    return out;
  },
};
