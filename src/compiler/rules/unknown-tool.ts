/** ref/unknown-tool: an agent or policy lists a tool the runtime does not have. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { report, suggestion } from './helpers.js';
import type { Rule, RuleContext } from './types.js';

/** Read-only agent tools that are not automation actions (reference §5.1). */
export const AGENT_ONLY_TOOLS = [
  'search_contacts',
  'get_record',
  'get_activities',
  'create_draft',
  'get_email_history',
  'get_writing_style',
  'enrich_company',
  'enrich_person',
  'web_search',
];

/** Every tool an agent may be given: the registry's actions plus the agent-only tools. */
export function knownTools(ctx: RuleContext): Set<string> {
  return new Set([...ctx.registry.actions.keys(), ...AGENT_ONLY_TOOLS]);
}

export const unknownTool: Rule = {
  code: 'ref/unknown-tool',
  severity: 'error',
  summary: 'An agent or policy lists a tool that does not exist',
  description:
    'Agent tools are registry actions (`send_email`, `update_record`, ...) or the read-only agent tools (search_contacts, get_activities, web_search, ...). A policy naming an unknown tool never matches anything.',
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
            detail: `${r.kind} \`${r.metadata.name}\` lists \`${tool}\`, which is neither a registry action nor an agent tool.`,
            fix: suggestion(tool, tools),
          }),
        );
      });
    }
    return out;
  },
};
