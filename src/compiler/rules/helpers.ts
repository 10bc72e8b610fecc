/**
 * Shared helpers for rules: building diagnostics at a document path, pointing into a CEL expression,
 * "did you mean" suggestions, and iterating automations and their steps.
 */
import type { Diagnostic, RelatedLocation, Severity, SourceRange } from '../../diagnostics/diagnostic.js';
import type { AutomationIR, Step } from '../../ir/types.js';
import type { DocPath } from '../../loader/types.js';
import { allSteps, type CompileUnit, type ExprSite } from '../unit.js';
import type { Rule, RuleContext } from './types.js';

export interface Finding {
  summary: string;
  detail?: string;
  fix?: string;
  related?: RelatedLocation[];
  /** Point at the key rather than the value. */
  key?: boolean;
  severity?: Severity;
  range?: SourceRange;
}

/** A diagnostic of `rule` at `path` in the unit's document. */
export function report(
  rule: Pick<Rule, 'code' | 'severity'>,
  unit: CompileUnit,
  path: DocPath,
  f: Finding,
): Diagnostic {
  const ref = unit.doc.locate(path, { key: f.key });
  const d: Diagnostic = {
    code: rule.code,
    severity: f.severity ?? rule.severity,
    summary: f.summary,
    file: ref.file,
    range: f.range ?? ref.range,
  };
  if (ref.path) d.path = ref.path;
  if (f.detail) d.detail = f.detail;
  if (f.fix) d.fix = f.fix;
  if (f.related?.length) d.related = f.related;
  return d;
}

/**
 * The range of `length` characters at `offset` inside an expression. Exact for single-line scalars
 * (plain or quoted); for block scalars and generated expressions, the whole value.
 */
export function exprRange(unit: CompileUnit, site: ExprSite, offset: number, length: number): SourceRange {
  const { range } = unit.doc.locate(site.path);
  if (site.generated || range.start.line !== range.end.line) return range;
  const width = range.end.column - range.start.column;
  const text = stringAt(unit.doc.data, site.path);
  if (text === undefined) return range;
  const quote = width === text.length + 2 ? 1 : width === text.length ? 0 : -1;
  if (quote < 0) return range;
  const start = range.start.column + quote + site.offset + offset;
  return {
    start: { line: range.start.line, column: start },
    end: { line: range.start.line, column: start + Math.max(length, 1) },
  };
}

function stringAt(data: unknown, path: DocPath): string | undefined {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return typeof current === 'string' ? current : undefined;
}

/** A diagnostic about part of an expression (offsets into the expression source). */
export function reportExpr(
  rule: Pick<Rule, 'code' | 'severity'>,
  unit: CompileUnit,
  site: ExprSite,
  offset: number,
  length: number,
  f: Finding,
): Diagnostic {
  return report(rule, unit, site.path, { ...f, range: exprRange(unit, site, offset, length) });
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a third of the name's length, e.g. `send_emial` -> `send_email`. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Math.max(2, Math.ceil(name.length / 3)) + 1;
  const lower = name.toLowerCase().replace(/[-_.]/g, '');
  for (const candidate of candidates) {
    const score = distance(lower, candidate.toLowerCase().replace(/[-_.]/g, ''));
    if (score < bestScore || (score === bestScore && best !== undefined && candidate < best)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** "did you mean `x`?" or undefined. */
export function suggestion(name: string, candidates: Iterable<string>): string | undefined {
  const match = didYouMean(name, candidates);
  return match ? `did you mean \`${match}\`?` : undefined;
}

export interface AutomationUnit extends CompileUnit {
  resource: AutomationIR;
}

/** The units that hold automations. */
export function automations(ctx: RuleContext): AutomationUnit[] {
  return ctx.units.filter((u): u is AutomationUnit => u.resource.kind === 'Automation');
}

/** Every step of an automation with its document path. */
export function stepsWithPaths(unit: AutomationUnit): ReadonlyArray<{ step: Step; path: DocPath }> {
  let list = stepLists.get(unit);
  if (!list) {
    list = [...allSteps(unit.resource.steps)].map((step) => ({ step, path: unit.stepPaths.get(step) ?? [] }));
    stepLists.set(unit, list);
  }
  return list;
}

// Most rules walk every step; walk each automation once.
const stepLists = new WeakMap<CompileUnit, Array<{ step: Step; path: DocPath }>>();

/** Every step kind's selecting key, used to point a diagnostic at the kind value (`action: x`). */
export function kindPath(path: DocPath, step: Step): DocPath {
  return [...path, step.kind === 'set' ? 'set' : step.kind];
}

/** Names defined in the project, by kind. */
export function namesOf(ctx: RuleContext, kind: 'Automation' | 'Agent' | 'AgentPolicy'): Set<string> {
  const names = new Set(
    ctx.units.filter((u) => u.resource.kind === kind).map((u) => u.resource.metadata.name),
  );
  for (const name of ctx.declared?.get(kind) ?? []) names.add(name);
  return names;
}
