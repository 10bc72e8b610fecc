/**
 * Text forms of policy decisions, test results and the decisions log (`aexy policy ...`). The JSON
 * forms are the data itself (Decision, PolicyTestResult, DecisionRecord), so these only arrange it.
 */
import type {
  Decision,
  DecisionRecord,
  PolicyCall,
  PolicyTestProblem,
  PolicyTestResult,
} from '../../policy/index.js';
import { renderTable } from '../table.js';

/** `aexy policy eval`: the outcome, then every policy considered with whether it matched and why. */
export function renderDecision(
  call: PolicyCall,
  decision: Decision,
  context: { now: string; timeZone: string; source: string },
): string {
  const lines = [
    `${decision.outcome}  ${call.agent} -> ${call.tool} (${call.access ?? 'write'})`,
    `  at ${context.now}, time zone ${context.timeZone}, policies from ${context.source}`,
    '',
  ];
  if (decision.considered.length === 0) lines.push('No policy covers this agent and tool.');
  else {
    lines.push(`Policies considered (${decision.considered.length}):`);
    const rows = decision.considered.map((v) => [
      v.matched ? 'matched' : 'skipped',
      v.policy,
      v.type,
      v.matched ? v.outcome : '-',
      v.reason,
    ]);
    lines.push(indent(renderTable(['', 'POLICY', 'TYPE', 'SAYS', 'WHY'], rows)));
  }
  lines.push(`Reason: ${decision.reason}`);
  if (decision.approval) {
    const { approvers, timeoutMs } = decision.approval;
    lines.push(
      `Approval: ${approvers.join(', ') || '(any approver)'}, times out after ${timeoutMs / 60_000} min`,
    );
  }
  for (const r of decision.reservations)
    lines.push(`Reserves: ${r.amount} of ${r.limit} on ${r.key} (${r.window.unit} ${r.window.label})`);
  for (const mask of decision.readMasks) lines.push(`Read mask: ${mask.join(', ') || '(no fields)'}`);
  return `${lines.join('\n')}\n`;
}

/** `aexy policy test`: one line per case, a diff under each failure, and a summary. */
export function renderTestResults(results: PolicyTestResult[], problems: PolicyTestProblem[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.pass ? 'ok  ' : 'FAIL'}  ${r.case.name}  (${r.case.file} ${pathText(r.case.path)})`);
    if (!r.pass) {
      for (const d of r.diff) lines.push(`        ${d}`);
      lines.push(`        reason: ${r.decision.reason}`);
    }
  }
  for (const p of problems) lines.push(`ERROR ${p.file} ${pathText(p.path)}: ${p.message}`);
  const failed = results.filter((r) => !r.pass).length;
  lines.push(
    '',
    `${results.length - failed} passed, ${failed} failed${problems.length ? `, ${problems.length} invalid` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `aexy policy decisions`: a table, newest first. */
export function renderDecisions(decisions: DecisionRecord[]): string {
  if (decisions.length === 0) return 'No decisions recorded.\n';
  const rows = decisions.map((d) => [d.at, d.agent, d.tool, d.outcome, d.run ?? '-', d.reason]);
  return renderTable(['TIME', 'AGENT', 'TOOL', 'OUTCOME', 'RUN', 'REASON'], rows);
}

function pathText(path: Array<string | number>): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, '') || '(file)'
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}
