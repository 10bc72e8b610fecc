/**
 * automation/self-trigger: an action changes the very field (or creates the kind of record) the
 * automation's own trigger watches, so each run may start the next one.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ActionStep } from '../../ir/types.js';
import { asMap, asString } from '../raw.js';
import { type AutomationUnit, automations, report, stepsWithPaths } from './helpers.js';
import type { Rule } from './types.js';

/** The attribute slugs the trigger watches on update, or 'any' for every attribute. */
function watchedFields(unit: AutomationUnit): string[] | 'any' | undefined {
  const { type, config } = unit.resource.trigger;
  if (type === 'record.updated') return Array.isArray(config.fields) ? (config.fields as string[]) : 'any';
  if (type === 'field.changed') return typeof config.field === 'string' ? [config.field] : undefined;
  if (type === 'stage.changed') return [asString(config.field) ?? 'stage'];
  if (type === 'status.changed') return [asString(config.field) ?? 'status'];
  return undefined;
}

/** An update_record without `record:` (or with the trigger's record) writes the record that triggered the run. */
function writesTriggerRecord(step: ActionStep): boolean {
  const target = step.with.record;
  return (
    target === undefined ||
    (typeof target === 'string' && /\$\{\{\s*(record\.id|trigger\.payload\.recordId)\s*\}\}/.test(target))
  );
}

function finding(unit: AutomationUnit, step: ActionStep): string | undefined {
  const { type, config } = unit.resource.trigger;
  if (step.action === 'create_record' && type === 'record.created' && step.with.object === config.object) {
    return `creates a \`${String(config.object)}\` record, which fires \`record.created\` for \`${String(config.object)}\` again`;
  }
  if (step.action !== 'update_record' || !writesTriggerRecord(step)) return undefined;
  const watched = watchedFields(unit);
  const written = Object.keys(asMap(step.with.values));
  if (watched === 'any' && written.length > 0) return `updates the record, which fires \`${type}\` again`;
  const hit = Array.isArray(watched) ? written.find((f) => watched.includes(f)) : undefined;
  return hit ? `writes \`${hit}\`, the field its trigger \`${type}\` watches` : undefined;
}

export const selfTrigger: Rule = {
  code: 'automation/self-trigger',
  severity: 'warning',
  summary: 'The automation may re-trigger itself',
  description:
    "An action writes the field the automation's own trigger watches (or creates the record kind it fires on), so every run can start another. aexy stops such chains with its causation guard, but the intent is usually a condition or a `from`/`to` filter on the trigger.",
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      for (const { step, path } of stepsWithPaths(unit)) {
        if (step.kind !== 'action') continue;
        const why = finding(unit, step);
        if (!why) continue;
        out.push(
          report(this, unit, [...path, 'action'], {
            summary: `step \`${step.id}\` may re-trigger this automation`,
            detail: `Step \`${step.id}\` ${why}.`,
            fix: 'add a trigger filter (`to:`/`from:`, `fields:`) or a condition that is false after the update',
          }),
        );
      }
    }
    return out;
  },
};
