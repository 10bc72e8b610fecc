/**
 * cel/unknown-field: an expression reads a field the trigger payload, the record, the awaited event
 * or a step's output does not have.
 */
import type { CelReference } from '../../cel/index.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JsonSchema } from '../../registry/types.js';
import type { CompileUnit, ExprSite } from '../unit.js';
import { checkSite, keysAt, outputSchemas, referenceAt } from './cel-context.js';
import { reportExpr, suggestion } from './helpers.js';
import type { Rule, RuleContext } from './types.js';

/** The schema the reference walks, for listing the fields that do exist. */
function schemaFor(
  unit: CompileUnit,
  ctx: RuleContext,
  site: ExprSite,
  ref: CelReference,
): { schema?: JsonSchema; skip: number; what: string } {
  if (unit.resource.kind !== 'Automation') return { skip: 0, what: `\`${ref.root}\`` };
  const def = ctx.registry.triggers.get(
    ref.root === 'event' ? (site.event ?? '') : unit.resource.trigger.type,
  );
  if ((ref.root === 'trigger' || ref.root === 'event') && ref.path[0] === 'payload') {
    return { schema: def?.payload, skip: 1, what: `the payload of \`${def?.id}\`` };
  }
  if (ref.root === 'record') return { schema: def?.record, skip: 0, what: 'the record' };
  return { skip: 0, what: `\`${ref.root}\`` };
}

type Props = Record<string, JsonSchema>;

/** The first segment of `path` (from `from`) that a closed object schema does not declare. */
function firstUnknown(schema: JsonSchema | undefined, path: string[], from: number): number | undefined {
  let current = schema;
  for (let i = from; i < path.length && current; i++) {
    const props = current.properties as Props | undefined;
    if (!props || current.type !== 'object') return undefined;
    if (!(path[i] in props)) return current.additionalProperties === false ? i : undefined;
    current = props[path[i]];
  }
  return undefined;
}

function finding(
  rule: Rule,
  unit: CompileUnit,
  site: ExprSite,
  offset: number,
  field: string,
  what: string,
  keys: string[] | undefined,
): Diagnostic {
  return reportExpr(rule, unit, site, offset, field.length, {
    summary: `unknown field \`${field}\``,
    detail: `${what[0].toUpperCase()}${what.slice(1)} has no field \`${field}\`.${keys ? ` Fields: ${keys.join(', ')}.` : ''}`,
    fix: keys ? suggestion(field, keys) : undefined,
  });
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
      const outputs = outputSchemas(unit, ctx);
      for (const site of unit.exprs) {
        const { issues, refs } = checkSite(unit, site, ctx);
        const issue = issues.find((i) => i.kind === 'unknown-field');
        if (issue) {
          const ref = referenceAt(refs, issue.offset);
          const field = site.cel.slice(issue.offset, issue.offset + issue.length);
          const target = ref ? schemaFor(unit, ctx, site, ref) : { skip: 0, what: 'the value' };
          const at = ref ? Math.max(ref.path.indexOf(field), 0) : 0;
          const keys = ref ? keysAt(target.schema, ref.path.slice(target.skip, at)) : undefined;
          out.push(finding(celUnknownField, unit, site, issue.offset, field, target.what, keys));
        }
        for (const ref of refs) {
          if (ref.root !== 'steps' || ref.path[1] !== 'output' || !outputs.has(ref.path[0])) continue;
          const schema = outputs.get(ref.path[0]);
          const i = firstUnknown(schema, ref.path, 2);
          if (i === undefined) continue;
          const keys = keysAt(schema, ref.path.slice(2, i));
          out.push(
            finding(
              celUnknownField,
              unit,
              site,
              ref.offsets[i],
              ref.path[i],
              `the output of step \`${ref.path[0]}\``,
              keys,
            ),
          );
        }
      }
    }
    return out;
  },
};
