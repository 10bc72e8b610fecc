import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../../src/commands/output.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { codeFrame } from '../../../src/ui/diagnostics/code-frame.js';
import {
  buildReport,
  renderGithub,
  renderJson,
  renderText,
  summaryLine,
} from '../../../src/ui/diagnostics/index.js';
import { annotation, escapeData, escapeProperty } from '../../../src/ui/diagnostics/render-github.js';

const source = 'apiVersion: aexy/v1\nkind: Automation\nspec:\n  tirgger:\n    type: record.created\n';

const unknownKey: Diagnostic = {
  code: 'schema/unknown-key',
  severity: 'error',
  summary: 'Unknown key `tirgger`',
  detail: 'Automation specs have no key `tirgger`.',
  file: 'flows/a.yaml',
  range: { start: { line: 4, column: 3 }, end: { line: 4, column: 10 } },
  path: 'spec.tirgger',
  fix: 'did you mean `trigger`?',
};
const warning: Diagnostic = {
  code: 'loop/self-trigger',
  severity: 'warning',
  summary: 'May re-trigger itself',
  file: 'flows/a.yaml',
  range: { start: { line: 2, column: 1 }, end: { line: 2, column: 5 } },
  related: [{ message: 'the trigger is here', ref: { file: 'flows/a.yaml', range: unknownKey.range } }],
};
const other: Diagnostic = {
  ...warning,
  file: 'b.yaml',
  severity: 'error',
  code: 'yaml/syntax',
  related: undefined,
};

describe('buildReport', () => {
  it('sorts by file and position, counts severities, and uses the shared format version', () => {
    const report = buildReport([unknownKey, other, warning], 2);
    expect(report.formatVersion).toBe(FORMAT_VERSION);
    expect(report.kind).toBe('diagnostics');
    expect(report.diagnostics.map((d) => [d.file, d.range.start.line])).toEqual([
      ['b.yaml', 2],
      ['flows/a.yaml', 2],
      ['flows/a.yaml', 4],
    ]);
    expect(report.summary).toEqual({ errors: 2, warnings: 1, infos: 0, files: 2 });
    expect(Object.keys(report.diagnostics[0])).not.toContain('related');
  });

  it('renders JSON with a stable key order whatever order the diagnostic was built in', () => {
    const { fix, range, code, ...rest } = unknownKey;
    const shuffled = { fix, range, ...rest, code };
    const json = JSON.parse(renderJson(buildReport([shuffled], 1)));
    expect(Object.keys(json)).toEqual(['formatVersion', 'kind', 'diagnostics', 'summary']);
    expect(Object.keys(json.diagnostics[0])).toEqual([
      'code',
      'severity',
      'summary',
      'file',
      'range',
      'detail',
      'path',
      'fix',
    ]);
  });
});

describe('summaryLine', () => {
  it('pluralises and omits zero counts', () => {
    expect(summaryLine({ errors: 2, warnings: 1, infos: 0, files: 3 })).toBe(
      '2 errors, 1 warning in 3 files',
    );
    expect(summaryLine({ errors: 0, warnings: 0, infos: 1, files: 1 })).toBe('1 note in 1 file');
    expect(summaryLine({ errors: 0, warnings: 0, infos: 0, files: 12 })).toBe('no problems in 12 files');
  });
});

describe('codeFrame', () => {
  it('shows the line before, the line, and a caret under the range', () => {
    expect(codeFrame(source, unknownKey.range)).toEqual([
      '  3 | spec:',
      '  4 |   tirgger:',
      '    |   ^^^^^^^',
    ]);
  });

  it('underlines to the end of the line for a multi-line range and one caret for an empty one', () => {
    const multi = { start: { line: 3, column: 1 }, end: { line: 5, column: 3 } };
    expect(codeFrame(source, multi).at(-1)).toBe('    | ^^^^^');
    const empty = { start: { line: 1, column: 5 }, end: { line: 1, column: 5 } };
    expect(codeFrame(source, empty)).toEqual(['  1 | apiVersion: aexy/v1', '    |     ^']);
  });

  it('pads the gutter to the widest line number and shows tabs', () => {
    const text = `${'x\n'.repeat(9)}\tkey: 1\n`;
    const frame = codeFrame(text, { start: { line: 10, column: 1 }, end: { line: 10, column: 2 } });
    expect(frame).toEqual(['   9 | x', '  10 | →key: 1', '     | ^']);
  });

  it('gives no frame for a position outside the source', () => {
    expect(codeFrame('a: 1\n', { start: { line: 40, column: 1 }, end: { line: 40, column: 1 } })).toEqual([]);
  });
});

describe('renderText', () => {
  it('prints location, severity, summary, code, frame, detail, fix, notes and the summary line', () => {
    const text = renderText(buildReport([unknownKey, warning], 1), (f) =>
      f === 'flows/a.yaml' ? source : undefined,
    );
    expect(text).toBe(
      [
        'flows/a.yaml:2:1: warning: May re-trigger itself [loop/self-trigger]',
        '  1 | apiVersion: aexy/v1',
        '  2 | kind: Automation',
        '    | ^^^^',
        '  note: the trigger is here (flows/a.yaml:4:3)',
        '',
        'flows/a.yaml:4:3: error: Unknown key `tirgger` [schema/unknown-key]',
        '  3 | spec:',
        '  4 |   tirgger:',
        '    |   ^^^^^^^',
        '  Automation specs have no key `tirgger`.',
        '  fix: did you mean `trigger`?',
        '',
        '1 error, 1 warning in 1 file',
        '',
      ].join('\n'),
    );
  });

  it('uses colour only when asked', () => {
    const report = buildReport([unknownKey], 1);
    expect(renderText(report, () => source)).not.toContain('\u001b[');
    expect(renderText(report, () => source, { color: true })).toContain('\u001b[31m');
  });
});

describe('renderGithub', () => {
  it('writes one workflow command per diagnostic, then the summary', () => {
    const out = renderGithub(buildReport([unknownKey, { ...warning, related: undefined }], 1)).split('\n');
    expect(out[0]).toBe(
      '::warning file=flows/a.yaml,line=2,col=1,endLine=2,endColumn=5,title=loop/self-trigger::May re-trigger itself',
    );
    expect(out[1]).toBe(
      '::error file=flows/a.yaml,line=4,col=3,endLine=4,endColumn=10,title=schema/unknown-key::' +
        'Unknown key `tirgger`%0AAutomation specs have no key `tirgger`.%0Afix: did you mean `trigger`?',
    );
    expect(out[2]).toBe('1 error, 1 warning in 1 file');
  });

  it('escapes %, CR, LF everywhere and : , in properties', () => {
    expect(escapeData('50% a:b,c\r\nx')).toBe('50%25 a:b,c%0D%0Ax');
    expect(escapeProperty('50% a:b,c\r\nx')).toBe('50%25 a%3Ab%2Cc%0D%0Ax');
    const line = annotation({ ...other, file: 'dir,x/a:b.yaml', summary: 'bad: 100%', severity: 'info' });
    expect(line).toMatch(/^::notice file=dir%2Cx\/a%3Ab.yaml,line=2,/);
    expect(line).toContain('title=yaml/syntax::bad: 100%25');
  });
});
