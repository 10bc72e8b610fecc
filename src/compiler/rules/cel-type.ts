/** cel/type: an expression is well-formed but its types do not fit (e.g. string + int, unknown function). */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkSite } from './cel-context.js';
import { reportExpr } from './helpers.js';
import type { Rule } from './types.js';

export const celType: Rule = {
  code: 'cel/type',
  severity: 'error',
  summary: 'A CEL expression has a type error',
  description:
    'The expression combines values whose types do not fit, or calls a function that does not exist for those types. Data numbers are doubles and mix with int literals; for other conversions use string(), int(), double().',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      for (const site of unit.exprs) {
        const issue = checkSite(unit, site, ctx).issues.find((i) => i.kind === 'type');
        if (!issue) continue;
        out.push(
          reportExpr(this, unit, site, issue.offset, issue.length, {
            summary: `CEL type error: ${issue.message}`,
            detail: `In \`${site.cel}\`: ${issue.message}.`,
          }),
        );
      }
    }
    return out;
  },
};

export const celNotBool: Rule = {
  code: 'cel/not-bool',
  severity: 'error',
  summary: 'A condition does not evaluate to true or false',
  description:
    '`if`, `when`, `until`, `match`, conditions and policy `when` must be bool expressions. Compare the value explicitly, e.g. `size(x) > 0` or `x != ""`.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      for (const site of unit.exprs) {
        if (site.role !== 'condition') continue;
        const { issues, type } = checkSite(unit, site, ctx);
        if (issues.length > 0 || !type || type === 'bool' || type === 'dyn') continue;
        out.push(
          reportExpr(this, unit, site, 0, site.cel.length, {
            summary: `condition has type ${type}, not bool`,
            detail: `\`${site.cel}\` evaluates to a ${type}; a condition must be true or false.`,
            fix:
              type === 'string' ? 'compare it, e.g. `x == "value"` or `x != ""`' : 'compare it, e.g. `x > 0`',
          }),
        );
      }
    }
    return out;
  },
};

const TIME_TYPES = new Set(['google.protobuf.Timestamp', 'string', 'dyn']);

function fits(expects: 'list' | 'time', type: string): boolean {
  return expects === 'list'
    ? type === 'dyn' || type === 'list' || type.startsWith('list<')
    : TIME_TYPES.has(type);
}

export const celWrongType: Rule = {
  code: 'cel/wrong-type',
  severity: 'error',
  summary: 'A loop list or a wait time has the wrong type',
  description:
    '`loop.forEach` must give a list to iterate; `wait.until` must give a point in time (a timestamp, or an ISO-8601 string such as a date attribute). Use `timestamp("...")` or a list expression.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      for (const site of unit.exprs) {
        if (!site.expects) continue;
        const { issues, type } = checkSite(unit, site, ctx);
        if (issues.length > 0 || !type || fits(site.expects, type)) continue;
        const want = site.expects === 'list' ? 'a list' : 'a timestamp or an ISO-8601 string';
        out.push(
          reportExpr(this, unit, site, 0, site.cel.length, {
            summary: `expected ${want}, got ${type}`,
            detail: `\`${site.cel}\` evaluates to a ${type}; ${site.expects === 'list' ? 'forEach iterates over a list' : 'a wait needs a point in time'}.`,
            fix:
              site.expects === 'list'
                ? 'iterate over a list field, e.g. `steps.search.output.records`'
                : 'e.g. `record.values.renewal_date` or `timestamp("2026-01-01T09:00:00Z")`',
          }),
        );
      }
    }
    return out;
  },
};
