/**
 * SARIF 2.1.0, the format code-scanning tools (GitHub code scanning, IDE viewers) read: one run, the
 * rule table from the rule lists, one result per diagnostic with its physical location.
 */
import type { Diagnostic, SourceRef } from '../../diagnostics/diagnostic.js';
import type { RuleInfo } from '../../diagnostics/rule-info.js';
import type { DiagnosticReport } from './report.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export interface SarifTool {
  name: string;
  version: string;
  informationUri?: string;
}

/** The SARIF log as a JSON string. Codes missing from `rules` still get a rule entry. */
export function renderSarif(report: DiagnosticReport, rules: readonly RuleInfo[], tool: SarifTool): string {
  const table = ruleTable(report, rules);
  const index = new Map(table.map((rule, i) => [rule.code, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...tool, rules: table.map(sarifRule) } },
        columnKind: 'utf16CodeUnits',
        results: report.diagnostics.map((d) => result(d, index.get(d.code) ?? 0)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Known rules sorted by code, plus a minimal entry for any code a result uses that no list has. */
function ruleTable(report: DiagnosticReport, rules: readonly RuleInfo[]): RuleInfo[] {
  const byCode = new Map(rules.map((r) => [r.code, r]));
  for (const d of report.diagnostics) {
    if (!byCode.has(d.code))
      byCode.set(d.code, { code: d.code, severity: d.severity, summary: d.summary, description: '' });
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function sarifRule(rule: RuleInfo) {
  return {
    id: rule.code,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description || rule.summary },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

function result(d: Diagnostic, ruleIndex: number) {
  const text = [d.summary, d.detail, d.fix && `Fix: ${d.fix}`].filter(Boolean).join('\n');
  const out: Record<string, unknown> = {
    ruleId: d.code,
    ruleIndex,
    level: LEVEL[d.severity],
    message: { text },
    locations: [location({ file: d.file, range: d.range })],
  };
  if (d.related?.length) {
    out.relatedLocations = d.related.map((r, id) => ({
      id,
      message: { text: r.message },
      ...location(r.ref),
    }));
  }
  return out;
}

function location(ref: SourceRef) {
  const { start, end } = ref.range;
  const sameLine = end.line === start.line;
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(ref.file), uriBaseId: '%SRCROOT%' },
      // SARIF regions end before endColumn; an empty range still covers one character.
      region: {
        startLine: start.line,
        startColumn: start.column,
        endLine: end.line,
        endColumn: sameLine ? Math.max(end.column, start.column + 1) : end.column,
      },
    },
  };
}
