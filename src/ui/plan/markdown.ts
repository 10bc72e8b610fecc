/**
 * The plan as a pull-request comment: a summary table, one collapsible section per changed resource
 * (field and step diffs, and a Mermaid diagram for automations), kept under a size limit (GitHub
 * rejects comments over 65,536 characters) with a note when sections had to be left out.
 */
import type { Plan, ResourceChange } from '../../plan/types.js';
import { capabilityLines } from './capabilities.js';
import { changeDetails } from './details.js';
import { renderPlanMermaid } from './mermaid.js';
import { PLAIN } from './style.js';
import { ACTION_MARK } from './symbols.js';
import { summaryLine } from './text.js';

/** Default budget: under GitHub's comment limit with room for a bot's own header. */
export const MARKDOWN_LIMIT = 60_000;

const EMOJI = { create: '🟢', update: '🟡', delete: '🔴', rename: '🔵', 'no-op': '⚪' } as const;

/** Markdown for a PR comment, at most `limit` characters. */
export function renderPlanMarkdown(plan: Plan, limit = MARKDOWN_LIMIT): string {
  const changed = plan.changes.filter((c) => c.action !== 'no-op');
  const head = [`### aexy plan: ${summaryLine(plan).replace(/^Plan: /, '')}`, ''];
  if (changed.length === 0) head.push('No changes. The workspace matches the files.', '');
  else head.push('| | Resource | Action | Reason |', '|---|---|---|---|', ...changed.map(row), '');
  const capabilities = capabilityLines(plan.capabilities ?? [], PLAIN);
  if (capabilities.length)
    head.push(
      '#### Agent capabilities',
      '',
      '```diff',
      ...capabilities.slice(1).map((l) => l.replace(/^ {2}/, '')),
      '```',
      '',
    );
  head.push(...diagnosticLines(plan));
  const sections = changed.map(section);
  const footer = `\n<sub>plan ${plan.id} · workspace serial ${plan.base.serial}</sub>\n`;
  return fitToLimit(head.join('\n'), sections, footer, limit);
}

function row(c: ResourceChange): string {
  return `| ${EMOJI[c.action]} | \`${c.address}\` | ${c.action} | ${cell(c.reason)} |`;
}

function section(c: ResourceChange): string {
  const details = changeDetails(c, PLAIN);
  const out = [
    `<details><summary><code>${ACTION_MARK[c.action]} ${c.address}</code> — ${c.action}</summary>`,
    '',
  ];
  if (details.length > 0) out.push('```diff', ...details.map(diffLine), '```', '');
  if (c.after?.kind === 'Automation' && c.action !== 'delete' && (c.action === 'create' || c.steps)) {
    out.push('```mermaid', renderPlanMermaid(c.after, c.steps), '```', '');
  }
  out.push('</details>', '');
  return out.join('\n');
}

/** GitHub's diff highlighting keys on the first column: `~` lines are shown as changed (`!`). */
function diffLine(line: string): string {
  const trimmed = line.trimStart();
  const indent = line.slice(0, line.length - trimmed.length);
  if (trimmed.startsWith('~ ')) return `! ${indent}${trimmed.slice(2)}`;
  if (trimmed.startsWith('+ ') || trimmed.startsWith('- '))
    return `${trimmed[0]} ${indent}${trimmed.slice(2)}`;
  return `  ${line}`;
}

function diagnosticLines(plan: Plan): string[] {
  if (plan.diagnostics.length === 0) return [];
  const lines = plan.diagnostics.map((d) => `> **${d.severity}** \`${d.code}\`: ${d.summary}`);
  return [...lines, ''];
}

function fitToLimit(head: string, sections: string[], footer: string, limit: number): string {
  let body = head;
  let omitted = 0;
  for (const s of sections) {
    if (omitted === 0 && body.length + s.length + footer.length + 200 <= limit) body += `\n${s}`;
    else omitted++;
  }
  if (omitted > 0) {
    body += `\n> **Note:** output truncated to stay under ${limit} characters; details of ${omitted} resource${omitted === 1 ? '' : 's'} left out. Run \`aexy plan\` for the full plan.\n`;
  }
  return (body + footer).slice(0, limit);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
