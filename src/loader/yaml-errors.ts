/**
 * yaml's parse errors and warnings as aexy diagnostics. Duplicate keys are reported from the AST
 * (not from yaml's error) so the diagnostic names the key and points at its first definition too.
 */
import { type Document, isMap, type Pair, visit, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { keyText, type OffsetMapper } from './locate.js';

/** yaml error codes with their own aexy code; every other parse error is `yaml/syntax`. */
const CODES: Record<string, string> = {
  TAB_AS_INDENT: 'yaml/tab-indent',
  DUPLICATE_KEY: 'yaml/duplicate-key',
  RESOURCE_EXHAUSTION: 'yaml/too-deep',
};

/** Hints for the parse errors people make most. */
const FIXES: Record<string, string> = {
  TAB_AS_INDENT: 'Replace the tab with spaces: YAML allows only spaces for indentation.',
  BAD_INDENT: 'Indent every entry of one mapping or list by the same number of spaces.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; check for a missing `:` or quote on the line above.',
  BAD_ALIAS: 'Define the anchor (&name) before the alias (*name) that uses it.',
  TAG_RESOLVE_FAILED: 'Remove the tag (!name); aexy documents use plain YAML values.',
};

const FLOW_FIX = 'Close the `[` or `{` with its `]` or `}`, or write the list or mapping in block style.';

/** Every problem yaml found in a stream-level list or a document, as diagnostics. */
export function yamlProblems(
  file: string,
  errors: readonly YAMLError[],
  warnings: readonly YAMLError[],
  offsets: OffsetMapper,
): Diagnostic[] {
  return [
    ...errors.map((e) => fromYamlError(file, e, 'error', offsets)),
    ...warnings.map((w) => fromYamlError(file, w, 'warning', offsets)),
  ];
}

/**
 * Problems of one document. yaml's DUPLICATE_KEY errors are replaced by richer AST-based ones, and
 * only the first parse error is kept (or the tab errors, when there are any): the errors after it are
 * almost always the parser losing its footing, and they reappear on the next run if they are real.
 */
export function documentProblems(file: string, doc: Document, offsets: OffsetMapper): Diagnostic[] {
  // The AST walk only runs when yaml saw a duplicate: most documents have none, and walking costs.
  const duplicates = doc.errors.some((e) => e.code === 'DUPLICATE_KEY')
    ? duplicateKeys(file, doc, offsets)
    : [];
  const parse = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY' || duplicates.length === 0);
  const tabs = parse.filter((e) => e.code === 'TAB_AS_INDENT');
  const first = [...parse].sort((a, b) => a.pos[0] - b.pos[0]).slice(0, 1);
  return [...duplicates, ...yamlProblems(file, tabs.length > 0 ? tabs : first, doc.warnings, offsets)];
}

function fromYamlError(file: string, error: YAMLError, severity: 'error' | 'warning', offsets: OffsetMapper) {
  const code = CODES[error.code] ?? 'yaml/syntax';
  const diagnostic: Diagnostic = {
    code,
    severity,
    summary: firstLine(error.message),
    detail: `The YAML parser stopped here (${error.code}).`,
    file,
    range: offsets.range(error.pos[0], error.pos[1]),
  };
  const fix = /^Flow (sequence|mapping)/.test(error.message) ? FLOW_FIX : FIXES[error.code];
  if (fix) diagnostic.fix = fix;
  return diagnostic;
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.$/, '');
}

/** One diagnostic per repeated key of every mapping, pointing at the repeat and relating the first. */
function duplicateKeys(file: string, doc: Document, offsets: OffsetMapper): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const first = new Map<string, Pair<unknown, unknown>>();
      for (const pair of map.items as Pair<unknown, unknown>[]) {
        const name = keyText(pair.key);
        if (name === undefined) continue;
        const earlier = first.get(name);
        if (earlier) found.push(duplicateDiagnostic(file, name, pair, earlier, offsets));
        else first.set(name, pair);
      }
    },
  });
  return found;
}

function duplicateDiagnostic(
  file: string,
  name: string,
  pair: Pair<unknown, unknown>,
  earlier: Pair<unknown, unknown>,
  offsets: OffsetMapper,
): Diagnostic {
  const range = offsets.range(...keyRange(pair));
  const firstRange = offsets.range(...keyRange(earlier));
  return {
    code: 'yaml/duplicate-key',
    severity: 'error',
    summary: `Duplicate key \`${name}\``,
    detail:
      `\`${name}\` is already defined on line ${firstRange.start.line} of this mapping. ` +
      'YAML keeps only one of the values, so the other would be lost silently.',
    file,
    range,
    related: [{ message: `first \`${name}\` is here`, ref: { file, range: firstRange } }],
    fix: `Remove one of the two \`${name}\` entries, or merge their values.`,
  };
}

function keyRange(pair: Pair<unknown, unknown>): [number, number] {
  const r = (pair.key as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : [0, 0];
}
