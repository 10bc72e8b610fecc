/** cel/unknown-root: an expression reads a name that is not one of the roots. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkSite, referenceAt } from './cel-context.js';
import { reportExpr, suggestion } from './helpers.js';
import type { Rule } from './types.js';

const ROOTS = ['trigger', 'record', 'steps', 'vars', 'run', 'automation', 'workspace', 'now', 'secrets'];

/** Names the visual builder used for the same things (reference §4). */
const LEGACY: Record<string, string> = {
  nodes: 'steps.<id>.output',
  variables: 'vars',
  system: '`now`, `run`, `workspace`',
  trigger_data: 'trigger.payload',
  record_data: 'record',
};

export const celUnknownRoot: Rule = {
  code: 'cel/unknown-root',
  severity: 'error',
  summary: 'A CEL expression reads an unknown name',
  description:
    'Expressions start from a root: trigger, record (record events only), steps, vars, run, automation, workspace, now, secrets, or a loop item (`as:`). Agent policy conditions see args, tool and agent.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      for (const site of unit.exprs) {
        const { issues, refs } = checkSite(unit, site, ctx);
        const issue = issues.find((i) => i.kind === 'unknown-root');
        if (!issue) continue;
        const name =
          referenceAt(refs, issue.offset)?.root ?? site.cel.slice(issue.offset, issue.offset + issue.length);
        const noRecord = name === 'record' && unit.resource.kind === 'Automation';
        out.push(
          reportExpr(this, unit, site, issue.offset, issue.length, {
            summary: noRecord ? 'this trigger has no `record`' : `unknown name \`${name}\``,
            detail: noRecord
              ? `Trigger \`${unit.resource.kind === 'Automation' ? unit.resource.trigger.type : ''}\` is not about a CRM record, so \`record\` is not available; read the event from \`trigger.payload\`.`
              : `\`${name}\` is not a root here. Roots: ${[...ROOTS, ...(site.event ? ['event'] : []), ...site.locals].join(', ')}.`,
            fix: noRecord
              ? 'use `trigger.payload.<field>`'
              : LEGACY[name]
                ? `write ${LEGACY[name]}`
                : suggestion(name, [...ROOTS, ...(site.event ? ['event'] : []), ...site.locals]),
          }),
        );
      }
    }
    return out;
  },
};
