import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { buildReport, renderSarif } from '../../../src/ui/diagnostics/index.js';

const rules = [
  { code: 'yaml/syntax', severity: 'error' as const, summary: 'Not YAML', description: 'The parser failed.' },
  { code: 'dag/cycle', severity: 'error' as const, summary: 'Cycle', description: 'A next goes backwards.' },
];

const diagnostics: Diagnostic[] = [
  {
    code: 'dag/cycle',
    severity: 'error',
    summary: 'Step `b` jumps back to `a`',
    detail: 'Jumps may only go forward.',
    fix: 'Use a loop step.',
    file: 'flows/my flow.yaml',
    range: { start: { line: 9, column: 7 }, end: { line: 9, column: 8 } },
    related: [
      {
        message: 'a is here',
        ref: {
          file: 'flows/my flow.yaml',
          range: { start: { line: 3, column: 9 }, end: { line: 3, column: 10 } },
        },
      },
    ],
  },
  {
    code: 'custom/unlisted',
    severity: 'warning',
    summary: 'Something odd',
    file: 'b.yaml',
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  },
];

describe('renderSarif', () => {
  const log = JSON.parse(renderSarif(buildReport(diagnostics, 2), rules, { name: 'aexy', version: '0.1.0' }));
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run and the tool rules sorted by id', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toContain('sarif-2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'aexy', version: '0.1.0' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'custom/unlisted',
      'dag/cycle',
      'yaml/syntax',
    ]);
    expect(run.tool.driver.rules[1]).toEqual({
      id: 'dag/cycle',
      shortDescription: { text: 'Cycle' },
      fullDescription: { text: 'A next goes backwards.' },
      defaultConfiguration: { level: 'error' },
    });
  });

  it('gives every result its rule index, level, message and region', () => {
    const [unlisted, cycle] = run.results;
    expect(cycle).toMatchObject({ ruleId: 'dag/cycle', ruleIndex: 1, level: 'error' });
    expect(cycle.message.text).toBe(
      'Step `b` jumps back to `a`\nJumps may only go forward.\nFix: Use a loop step.',
    );
    expect(cycle.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'flows/my%20flow.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 9, startColumn: 7, endLine: 9, endColumn: 8 },
    });
    expect(cycle.relatedLocations[0]).toMatchObject({ id: 0, message: { text: 'a is here' } });
    expect(unlisted).toMatchObject({ ruleId: 'custom/unlisted', ruleIndex: 0, level: 'warning' });
    // An empty range still covers one character.
    expect(unlisted.locations[0].physicalLocation.region.endColumn).toBe(2);
  });
});
