/** The detail lines of one change: field diff, step diff, transitions and drift. */
import type { FieldChange, ResourceChange, StepDiff } from '../../plan/types.js';
import { formatValue, type PlanStyle } from './style.js';

/** Detail lines (without indentation) for one resource change. */
export function changeDetails(change: ResourceChange, style: PlanStyle): string[] {
  const lines: string[] = [];
  if (change.action === 'create' && change.after)
    lines.push(style.dim(`source: ${change.after.source?.file ?? '(unknown)'}`));
  lines.push(...fieldLines(change.fields, style));
  if (change.steps) lines.push(...stepLines(change.steps, style));
  if (change.drift) {
    lines.push(style.change(`! drift: the workspace copy differs from what apply last wrote`));
    lines.push(
      style.dim(
        `  last applied ${short(change.drift.appliedHash)}, workspace now ${short(change.drift.liveHash)}`,
      ),
    );
    lines.push(
      ...fieldLines(change.drift.fields, style).map(
        (l) => `  ${l}   ${style.dim('(last applied -> workspace now)')}`,
      ),
    );
  }
  return lines;
}

/** `~ path: before -> after`, `+ path: after`, `- path: before`. */
export function fieldLines(fields: FieldChange[], style: PlanStyle): string[] {
  return fields.map((f) => {
    if (f.op === 'add') return style.add(`+ ${f.path}: ${formatValue(f.after)}`);
    if (f.op === 'remove') return style.remove(`- ${f.path}: ${formatValue(f.before)}`);
    return style.change(`~ ${f.path}: ${formatValue(f.before)} -> ${formatValue(f.after)}`);
  });
}

function stepLines(diff: StepDiff, style: PlanStyle): string[] {
  const lines: string[] = [];
  if (diff.steps.length > 0) lines.push('steps:');
  for (const s of diff.steps) {
    if (s.change === 'added') lines.push(style.add(`  + ${s.id} (${s.kind}) added`));
    else if (s.change === 'removed') lines.push(style.remove(`  - ${s.id} (${s.kind}) removed`));
    else if (s.change === 'moved')
      lines.push(style.change(`  ~ ${s.id} (${s.kind}) moved: ${s.from} -> ${s.to}`));
    else {
      lines.push(style.change(`  ~ ${s.id} (${s.kind}) changed`));
      lines.push(...fieldLines(s.fields ?? [], style).map((l) => `      ${l}`));
    }
  }
  if (diff.transitions.length > 0) lines.push('transitions:');
  for (const t of diff.transitions) {
    const line = `${t.from} --${t.label}--> ${t.to}`;
    lines.push(t.change === 'added' ? style.add(`  + ${line}`) : style.remove(`  - ${line}`));
  }
  return lines;
}

function short(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 12);
}
