/** cel/syntax: an expression does not parse. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkSite } from './cel-context.js';
import { reportExpr } from './helpers.js';
import type { Rule } from './types.js';

export const celSyntax: Rule = {
  code: 'cel/syntax',
  severity: 'error',
  summary: 'A CEL expression has a syntax error',
  description:
    'Conditions (`if`, `when`, `until`, `match`), `forEach`, `set` values and `${{ }}` templates are CEL. Fix the expression at the caret; strings are quoted with "..." and `${{ }}` may not contain `}}`.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      for (const site of unit.exprs) {
        const issue = checkSite(unit, site, ctx).issues.find((i) => i.kind === 'syntax');
        if (!issue) continue;
        out.push(
          reportExpr(this, unit, site, issue.offset, issue.length, {
            summary: `CEL syntax error: ${issue.message}`,
            detail: `In \`${site.cel}\`: ${issue.message} at character ${issue.offset + 1}.`,
          }),
        );
      }
    }
    return out;
  },
};
