/** resource/duplicate-name: two resources of the same kind share a name (the address plan/apply uses). */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CompileUnit } from '../unit.js';
import { report } from './helpers.js';
import type { Rule } from './types.js';

export const duplicateName: Rule = {
  code: 'resource/duplicate-name',
  severity: 'error',
  summary: 'Two resources of the same kind have the same metadata.name',
  description:
    'A resource is identified by `kind/name`; plan and apply could not tell two documents with the same address apart. Rename one of them (names are unique per kind in a workspace).',
  check(ctx) {
    const first = new Map<string, CompileUnit>();
    const out: Diagnostic[] = [];
    for (const unit of ctx.units) {
      const address = `${unit.resource.kind}/${unit.resource.metadata.name}`;
      const earlier = first.get(address);
      if (!earlier) {
        first.set(address, unit);
        continue;
      }
      const where = earlier.doc.locate(['metadata', 'name']);
      out.push(
        report(this, unit, ['metadata', 'name'], {
          summary: `duplicate ${unit.resource.kind} name \`${unit.resource.metadata.name}\``,
          detail: `${address} is already defined at ${where.file}:${where.range.start.line}. Every ${unit.resource.kind} needs its own name.`,
          fix: 'rename one of the two documents',
          related: [{ message: 'first defined here', ref: where }],
        }),
      );
    }
    return out;
  },
};
