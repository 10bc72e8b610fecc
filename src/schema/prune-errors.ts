/**
 * ajv reports every failed keyword, including the noise of `if/then`, `anyOf` and `oneOf`: a wrong
 * `priority` yields an enum error, a template-pattern error and an anyOf error for one mistake. This
 * keeps the one error a person needs per mistake.
 */
import type { ErrorObject } from 'ajv';
import { TEMPLATE_PATTERN } from '../registry/schema-helpers.js';
import { didYouMean } from './did-you-mean.js';

type Schema = Record<string, unknown>;

const COMBINATORS = new Set(['anyOf', 'oneOf', 'not']);

const parentOf = (error: ErrorObject): Schema => (error.parentSchema ?? {}) as Schema;

/** True when `inner` was produced below `outer` (same or deeper value, schema path under it). */
function isBelow(inner: ErrorObject, outer: ErrorObject): boolean {
  return (
    inner !== outer &&
    inner.schemaPath.startsWith(`${outer.schemaPath}/`) &&
    (inner.instancePath === outer.instancePath || inner.instancePath.startsWith(`${outer.instancePath}/`))
  );
}

const isTemplatePattern = (error: ErrorObject): boolean =>
  error.keyword === 'pattern' && (error.params as { pattern?: string }).pattern === TEMPLATE_PATTERN;

/** Combinator errors carrying an `errorMessage` replace everything below them. */
function collapseCustomMessages(errors: ErrorObject[]): ErrorObject[] {
  const custom = errors.filter(
    (e) => COMBINATORS.has(e.keyword) && typeof parentOf(e).errorMessage === 'string',
  );
  return errors.filter((error) =>
    custom.every((c) => {
      if (isBelow(error, c)) return false;
      // A step with two kind keys: the kind branches' unknown-key errors are the same mistake.
      return !(parentOf(c)['x-collapse'] && error !== c && error.instancePath === c.instancePath);
    }),
  );
}

/**
 * A template alternative (`anyOf: [{enum}, {pattern: ${{...}}}]`) failing is never the interesting
 * part: drop it when a sibling error explains the value.
 */
function dropTemplateAlternatives(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((error) => {
    if (!isTemplatePattern(error)) return true;
    const alternative = error.schemaPath.replace(/\/anyOf\/\d+\/pattern$/, '/anyOf');
    if (alternative === error.schemaPath) return true;
    return !errors.some(
      (other) =>
        other !== error &&
        other.instancePath === error.instancePath &&
        other.schemaPath.startsWith(`${alternative}/`),
    );
  });
}

/** A combinator without a custom message is kept only when nothing below it explains the failure. */
function dropExplainedCombinators(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter(
    (error) =>
      !(COMBINATORS.has(error.keyword) && error.keyword !== 'not') ||
      typeof parentOf(error).errorMessage === 'string' ||
      !errors.some((other) => isBelow(other, error)),
  );
}

/** Keys a `required` error (or a "one of these keys" combinator) says are missing. */
function missingKeys(error: ErrorObject): string[] {
  if (error.keyword === 'required') return [(error.params as { missingProperty: string }).missingProperty];
  if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return [];
  const branches = (parentOf(error)[error.keyword] ?? []) as Array<Record<string, unknown>>;
  const onlyRequired = branches.every((b) => Object.keys(b).length === 1 && Array.isArray(b.required));
  return onlyRequired ? branches.flatMap((b) => b.required as string[]) : [];
}

/**
 * `trigers:` instead of `trigger:` is one mistake, not two: when an unknown key is a likely typo of a
 * missing required key of the same object, only the unknown key (whose fix names the right one) stays.
 */
function dropRequiredExplainedByTypos(errors: ErrorObject[]): ErrorObject[] {
  const unknownAt = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    unknownAt.set(error.instancePath, [...(unknownAt.get(error.instancePath) ?? []), key]);
  }
  return errors.filter((error) => {
    const missing = missingKeys(error);
    if (missing.length === 0) return true;
    return !(unknownAt.get(error.instancePath) ?? []).some((key) => didYouMean(key, missing) !== undefined);
  });
}

/** A value of the wrong type fails every other keyword too; the type error is the one to show. */
function dropExplainedByType(errors: ErrorObject[]): ErrorObject[] {
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'type' || !typed.has(e.instancePath));
}

/** Same value, same keyword, same parameters: the same error reached through two schema paths. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The errors worth showing, in ajv's order. */
export function pruneErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  kept = collapseCustomMessages(kept);
  kept = dropTemplateAlternatives(kept);
  kept = dropExplainedCombinators(kept);
  kept = dropRequiredExplainedByTypos(kept);
  kept = dropExplainedByType(kept);
  return dedupe(kept);
}
