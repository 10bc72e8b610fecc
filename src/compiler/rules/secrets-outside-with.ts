/** secrets/outside-action-with: `secrets.*` read anywhere but an action step's `with:`. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkSite } from './cel-context.js';
import { reportExpr } from './helpers.js';
import type { Rule } from './types.js';

export const secretsOutsideWith: Rule = {
  code: 'secrets/outside-action-with',
  severity: 'error',
  summary: "`secrets.*` is used outside an action's `with:`",
  description:
    'Secrets are resolved inside the action activity and redacted everywhere else. In a condition, a `set`, an agent input or an approval message the value would land in workflow history, logs and run records. Pass the secret to the action that needs it.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      for (const site of unit.exprs) {
        if (site.inActionWith) continue;
        for (const ref of checkSite(unit, site, ctx).refs) {
          if (ref.root !== 'secrets') continue;
          out.push(
            reportExpr(this, unit, site, ref.start, ref.end - ref.start, {
              summary: `\`secrets.${ref.path[0] ?? ''}\` outside an action's \`with:\``,
              detail:
                'Secrets may only appear in `with:` of action steps, where they are resolved in the activity and redacted from records and logs.',
              fix: 'move the value into the `with:` of the action that needs it',
            }),
          );
        }
      }
    }
    return out;
  },
};
