/**
 * The plan as terminal text, in the shape Terraform users know: legend, one line per change with
 * its reason, the details of each change, then `Plan: N to add, N to change, N to delete.`
 * Built from the Plan data only, so text and JSON cannot disagree.
 */
import type { Plan, ResourceChange } from '../../plan/types.js';
import { hasChanges } from '../../plan/types.js';
import { capabilityLines } from './capabilities.js';
import { changeDetails } from './details.js';
import { PLAIN, type PlanStyle } from './style.js';
import { ACTION_WORDS, markFor } from './symbols.js';

/** The whole plan as text (ends with a newline). */
export function renderPlanText(plan: Plan, style: PlanStyle = PLAIN): string {
  const changed = plan.changes.filter((c) => c.action !== 'no-op');
  const lines: string[] = [];
  if (changed.length === 0) {
    lines.push(style.bold('No changes.') + ' The workspace matches the files.');
  } else {
    lines.push(legend(plan, style), '', 'aexy will perform the following actions:', '');
    const width = Math.max(...changed.map((c) => c.address.length));
    for (const c of changed)
      lines.push(`  ${markFor(c.action, style)} ${c.address.padEnd(width)}  ${style.dim(c.reason)}`);
    for (const c of changed) lines.push('', ...detailBlock(c, style));
  }
  const capabilities = capabilityLines(plan.capabilities ?? [], style);
  if (capabilities.length) lines.push('', ...capabilities);
  lines.push(...keptNote(plan, style));
  if (hasChanges(plan)) lines.push('', style.bold(summaryLine(plan)));
  return `${lines.join('\n')}\n`;
}

/** `Plan: 2 to add, 1 to change, 0 to delete.` (renames appended when there are any). */
export function summaryLine(plan: Plan): string {
  const { add, change, delete: del, rename } = plan.summary;
  const renames = rename > 0 ? `, ${rename} to rename` : '';
  return `Plan: ${add} to add, ${change} to change, ${del} to delete${renames}.`;
}

function legend(plan: Plan, style: PlanStyle): string {
  const used = new Set(plan.changes.map((c) => c.action));
  const parts: string[] = [];
  if (used.has('create')) parts.push(`${markFor('create', style)} create`);
  if (used.has('update')) parts.push(`${markFor('update', style)} update in place`);
  if (used.has('delete')) parts.push(`${markFor('delete', style)} delete`);
  if (used.has('rename')) parts.push(`${markFor('rename', style)} rename (history kept)`);
  return `Resource actions are indicated with the following symbols:\n${parts.map((p) => `  ${p}`).join('\n')}`;
}

function detailBlock(change: ResourceChange, style: PlanStyle): string[] {
  const version = change.currentVersion
    ? ` (version ${change.currentVersion}${change.action === 'delete' ? '' : ` -> ${change.currentVersion + 1}`})`
    : '';
  const from = change.previousAddress ? ` from ${change.previousAddress}` : '';
  const head = style.bold(`  # ${change.address} ${ACTION_WORDS[change.action]}${from}${version}`);
  return [head, ...changeDetails(change, style).map((line) => `    ${line}`)];
}

function keptNote(plan: Plan, style: PlanStyle): string[] {
  const kept = plan.changes.filter((c) => c.kept === 'prune-off');
  if (kept.length === 0) return [];
  const names = kept.map((c) => c.address).join(', ');
  const noun = kept.length === 1 ? 'resource is' : 'resources are';
  return [
    '',
    style.dim(
      `${kept.length} ${noun} in the workspace but not in the files, and kept (use --prune to delete): ${names}`,
    ),
  ];
}
