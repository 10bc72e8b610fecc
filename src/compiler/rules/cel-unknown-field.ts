/** cel/unknown-field: an expression reads a field the trigger payload or the step's output does not have. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JsonSchema } from '../../registry/types.js';
import type { CompileUnit } from '../unit.js';
import { checkSite, keysAt, outputSchemas, referenceAt } from './cel-context.js';
import { reportExpr, suggestion } from './helpers.js';
import type { Rule, RuleContext } from './types.js';

/** The schema and path inside it that the reference walks, for listing the fields that do exist. */
function schemaFor(
  unit: CompileUnit,
  ctx: RuleContext,
  root: string,
  path: string[],
): { schema?: JsonSchema; path: string[]; what: string } {
  if (unit.resource.kind !== 'Automation') return { path, what: root };
  const def = ctx.registry.triggers.get(unit.resource.trigger.type);
  if (root === 'trigger' && path[0] === 'payload')
    return { schema: def?.payload, path: path.slice(1), what: `the payload of \`${def?.id}\`` };
  if (root === 'record') return { schema: def?.record, path, what: 'the record' };
  if (root === 'steps' && path[1] === 'output') {
    return {
      schema: outputSchemas(unit, ctx).get(path[0]),
      path: path.slice(2),
      what: `the output of step \`${path[0]}\``,
    };
  }
  return { path, what: `\`${root}\`` };
}

export const celUnknownField: Rule = {
  code: 'cel/unknown-field',
  severity: 'error',
  summary: 'A CEL expression reads a field that does not exist',
  description:
    "Field access is checked against the registry: `trigger.payload.*` against the trigger's payload schema, `steps.<id>.output.*` against the action's output schema (or the agent's `output` schema). `aexy registry triggers --output json` shows every field.",
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      const stepIds = outputSchemas(unit, ctx);
      for (const site of unit.exprs) {
        const { issues, refs } = checkSite(unit, site, ctx);
        const issue = issues.find((i) => i.kind === 'unknown-field');
        if (!issue) continue;
        const ref = referenceAt(refs, issue.offset);
        // An unknown step id is ref/unknown-step's finding, with a better message.
        if (ref?.root === 'steps' && !stepIds.has(ref.path[0])) continue;
        const field = site.cel.slice(issue.offset, issue.offset + issue.length);
        const upTo = ref ? ref.path.slice(0, Math.max(ref.path.indexOf(field), 0)) : [];
        const target = ref ? schemaFor(unit, ctx, ref.root, upTo) : { path: [], what: 'the value' };
        const keys = keysAt(target.schema, target.path);
        out.push(
          reportExpr(this, unit, site, issue.offset, issue.length, {
            summary: `unknown field \`${field}\``,
            detail: `${target.what[0].toUpperCase()}${target.what.slice(1)} has no field \`${field}\`.${keys ? ` Fields: ${keys.join(', ')}.` : ''}`,
            fix: keys ? suggestion(field, keys) : undefined,
          }),
        );
      }
    }
    return out;
  },
};
