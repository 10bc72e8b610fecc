/**
 * The agent capability section of a plan, as text lines: what each agent may newly do or no longer
 * do, and a `!` line for each side-effecting tool gained without an approval policy.
 */
import type { CapabilityChange } from '../../policy/index.js';
import type { PlanStyle } from './style.js';

export function capabilityLines(changes: readonly CapabilityChange[], style: PlanStyle): string[] {
  if (changes.length === 0) return [];
  const lines = ['Agent capabilities:'];
  for (const change of changes) {
    const tools = [
      ...change.toolsGained.map((t) => style.add(`+${t}`)),
      ...change.toolsLost.map((t) => style.remove(`-${t}`)),
    ];
    lines.push(`  ${change.agent} (${change.change})${tools.length ? `  tools: ${tools.join(' ')}` : ''}`);
    for (const field of change.fields) {
      const gained = field.gained.map((f) => style.add(`+${f}`));
      const lost = field.lost.map((f) => style.remove(`-${f}`));
      lines.push(`      ${field.tool} ${field.access} fields: ${[...gained, ...lost].join(' ')}`);
    }
    for (const flag of change.flags) lines.push(`    ${style.change('!')} ${flag.message}`);
  }
  return lines;
}
