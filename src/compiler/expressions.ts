/**
 * Registers the CEL expressions of a document as ExprSites while the builder walks it, so the rules
 * can check each one with its position and scope.
 */
import {
  conditionsToCel,
  conditionToCel,
  type RawCondition,
  templateParts,
  walkStrings,
} from '../cel/index.js';
import type { Expr } from '../ir/types.js';
import type { DocPath } from '../loader/types.js';
import { isMap } from './raw.js';
import type { CompileUnit, ExprSite } from './unit.js';

/** What an expression may see at the point it is written. */
export interface Scope {
  before: ReadonlySet<string>;
  locals: string[];
  stepId?: string;
  inActionWith?: boolean;
}

export function addSite(
  unit: CompileUnit,
  site: Omit<ExprSite, 'inActionWith' | 'before' | 'locals'>,
  scope: Scope,
): void {
  unit.exprs.push({
    ...site,
    stepId: site.stepId ?? scope.stepId,
    inActionWith: scope.inActionWith ?? false,
    before: scope.before,
    locals: scope.locals,
  });
}

/** Every `${{ }}` expression inside a value tree (with:, input:, message). */
export function addTemplateSites(unit: CompileUnit, value: unknown, path: DocPath, scope: Scope): void {
  walkStrings(value, (text, sub) => {
    for (const part of templateParts(text)) {
      if (part.kind === 'expr')
        addSite(
          unit,
          { cel: part.cel, path: [...path, ...sub], offset: part.offset, role: 'template' },
          scope,
        );
    }
  });
}

/**
 * A bare CEL expression (`if:`, `when:`, `forEach:`...). A structured condition object is accepted
 * wherever a condition is, and desugared. Numbers and booleans become literals.
 */
export function buildExpr(
  unit: CompileUnit,
  raw: unknown,
  path: DocPath,
  role: ExprSite['role'],
  scope: Scope,
  event?: string,
): Expr {
  const ref = unit.doc.locate(path);
  if (typeof raw === 'string') {
    const site = { cel: raw, path, offset: 0, role };
    addSite(unit, event === undefined ? site : { ...site, event }, scope);
    return { cel: raw, ref };
  }
  if (role === 'condition' && (isMap(raw) || Array.isArray(raw)))
    return buildCondition(unit, raw, path, scope);
  if (typeof raw === 'number' || typeof raw === 'boolean') return { cel: String(raw), ref };
  unit.problems.push({ kind: 'shape', path, message: 'expected a CEL expression (a string)' });
  return { cel: 'false', ref };
}

/** Structured conditions: one CEL expression for the IR; one checked site per leaf for positions. */
export function buildCondition(unit: CompileUnit, raw: unknown, path: DocPath, scope: Scope): Expr {
  const ref = unit.doc.locate(path);
  const result = conditionsToCel(raw as RawCondition, []);
  for (const problem of result.problems) {
    unit.problems.push({
      kind: 'condition',
      path: [...path, ...problem.path],
      message: problem.message,
      fix: problem.fix,
    });
  }
  if (!result.cel) return { cel: 'false', ref };
  addLeafSites(unit, raw, path, scope);
  return { cel: result.cel, ref };
}

function addLeafSites(unit: CompileUnit, raw: unknown, path: DocPath, scope: Scope): void {
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      addLeafSites(unit, item, [...path, i], scope);
    });
    return;
  }
  if (!isMap(raw)) return;
  for (const key of ['all', 'any'] as const)
    if (key in raw) addLeafSites(unit, raw[key], [...path, key], scope);
  if ('not' in raw) addLeafSites(unit, raw.not, [...path, 'not'], scope);
  if (typeof raw.expr === 'string')
    addSite(unit, { cel: raw.expr, path: [...path, 'expr'], offset: 0, role: 'condition' }, scope);
  else if ('field' in raw) {
    const leaf = conditionToCel(raw as RawCondition);
    if (leaf.cel)
      addSite(
        unit,
        { cel: leaf.cel, path: [...path, 'field'], offset: 0, role: 'condition', generated: true },
        scope,
      );
  }
}
