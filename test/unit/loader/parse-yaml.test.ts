import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../../../src/loader/index.js';

const automation = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: hello
spec:
  trigger:
    type: record.created
  actions:
    - action: send_slack_message
      with:
        channel: "#sales"
`;

describe('parseYamlDocuments', () => {
  it('returns data, kind, apiVersion and the document text', () => {
    const { value, diagnostics } = parseYamlDocuments('a.yaml', automation);
    expect(diagnostics).toEqual([]);
    expect(value).toHaveLength(1);
    const [doc] = value;
    expect(doc).toMatchObject({ file: 'a.yaml', index: 0, apiVersion: 'aexy/v1', kind: 'Automation' });
    expect(doc.data).toMatchObject({
      metadata: { name: 'hello' },
      spec: { actions: [{ with: { channel: '#sales' } }] },
    });
    expect(doc.text).toBe(automation);
  });

  it('splits multi-document files and keeps each index and text', () => {
    const text = '# header\n---\nkind: Agent\nmetadata: {name: a}\n---\n---\nkind: AgentPolicy\n';
    const { value, diagnostics } = parseYamlDocuments('multi.yaml', text);
    expect(diagnostics).toEqual([]);
    expect(value.map((d) => [d.index, d.kind])).toEqual([
      [0, 'Agent'],
      [2, 'AgentPolicy'],
    ]);
    expect(value[0].text).toBe('---\nkind: Agent\nmetadata: {name: a}\n');
    expect(value[1].locate(['kind']).range.start).toEqual({ line: 7, column: 7 });
  });

  it('accepts bytes, drops a byte-order mark and leaves kind unset when it is not a string', () => {
    const bytes = new TextEncoder().encode('\uFEFFkind: 3\nname: café\n');
    const { value, diagnostics } = parseYamlDocuments('b.yaml', bytes);
    expect(diagnostics).toEqual([]);
    expect(value[0].kind).toBeUndefined();
    expect(value[0].data).toEqual({ kind: 3, name: 'café' });
  });

  it('keeps positions right in a file with CRLF line endings', () => {
    const { value, diagnostics } = parseYamlDocuments(
      'crlf.yaml',
      'kind: Agent\r\nspec:\r\n  type: custom\r\n  type: x\r\n',
    );
    expect(value).toEqual([]);
    expect(diagnostics[0]).toMatchObject({
      code: 'yaml/duplicate-key',
      range: { start: { line: 4, column: 3 } },
    });
    const ok = parseYamlDocuments('crlf.yaml', 'kind: Agent\r\nspec:\r\n  type: custom\r\n').value[0];
    expect(ok.locate(['spec', 'type']).range).toEqual({
      start: { line: 3, column: 9 },
      end: { line: 3, column: 15 },
    });
  });

  it('returns nothing for an empty file or a file of comments', () => {
    expect(parseYamlDocuments('e.yaml', '')).toEqual({ value: [], diagnostics: [] });
    expect(parseYamlDocuments('e.yaml', '# only a comment\n')).toEqual({ value: [], diagnostics: [] });
  });

  it('reports a syntax error with its position and leaves the broken document out', () => {
    const { value, diagnostics } = parseYamlDocuments('s.yaml', 'a: [1, 2\nb: 3\n---\nkind: Agent\n');
    expect(value.map((d) => d.kind)).toEqual(['Agent']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml/syntax', severity: 'error', file: 's.yaml' });
    expect(diagnostics[0].range.start.line).toBe(2);
  });

  it('reports each duplicate key at the repeat, relating the first definition', () => {
    const { value, diagnostics } = parseYamlDocuments('d.yaml', 'spec:\n  name: a\n  other: 1\n  name: b\n');
    expect(value).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({ code: 'yaml/duplicate-key', summary: 'Duplicate key `name`' });
    expect(d.range).toEqual({ start: { line: 4, column: 3 }, end: { line: 4, column: 7 } });
    expect(d.related?.[0].ref.range.start).toEqual({ line: 2, column: 3 });
  });

  it('reports tabs used for indentation', () => {
    const { diagnostics } = parseYamlDocuments('t.yaml', 'spec:\n\tname: a\n');
    expect(diagnostics.map((d) => d.code)).toContain('yaml/tab-indent');
    const tab = diagnostics.find((d) => d.code === 'yaml/tab-indent');
    expect(tab?.range.start).toEqual({ line: 2, column: 1 });
    expect(tab?.fix).toMatch(/spaces/);
  });

  it('allows tabs inside values', () => {
    const { diagnostics, value } = parseYamlDocuments('t.yaml', 'a: "x\ty"\nb: |\n  col1\tcol2\n');
    expect(diagnostics).toEqual([]);
    expect(value[0].data).toEqual({ a: 'x\ty', b: 'col1\tcol2\n' });
  });

  it('reports an unknown tag as a warning and keeps the document', () => {
    const { value, diagnostics } = parseYamlDocuments('w.yaml', 'a: !custom 1\n');
    expect(value).toHaveLength(1);
    expect(diagnostics).toMatchObject([{ code: 'yaml/syntax', severity: 'warning' }]);
  });

  it('reports invalid UTF-8 at the offending byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a: 1\nb: x'), 0xff, 0x0a]);
    const { value, diagnostics } = parseYamlDocuments('u.yaml', bytes);
    expect(value).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'yaml/encoding', range: { start: { line: 2, column: 5 } } }]);
    expect(diagnostics[0].detail).toContain('0xff');
  });

  it('recognises a UTF-16 file', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x00]);
    const { diagnostics } = parseYamlDocuments('u16.yaml', bytes);
    expect(diagnostics[0].code).toBe('yaml/encoding');
    expect(diagnostics[0].detail).toContain('UTF-16');
  });

  it('rejects files over the size limit without parsing them', () => {
    const big = `a: "${'x'.repeat(2000)}"\n`;
    const { value, diagnostics } = parseYamlDocuments('big.yaml', big, { maxBytes: 1024 });
    expect(value).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'yaml/too-large' }]);
    expect(diagnostics[0].summary).toContain('the limit is 1 KiB');
    const bytes = new Uint8Array(2048).fill(0x20);
    expect(parseYamlDocuments('big.yaml', bytes, { maxBytes: 1024 }).diagnostics[0].code).toBe(
      'yaml/too-large',
    );
  });

  it('rejects deep flow nesting before the parser can exhaust its stack', () => {
    const depth = 50_000;
    const started = performance.now();
    const { value, diagnostics } = parseYamlDocuments(
      'deep.yaml',
      `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(value).toEqual([]);
    expect(diagnostics).toMatchObject([
      { code: 'yaml/too-deep', range: { start: { line: 1, column: 104 } } },
    ]);
  });

  it('accepts brackets inside strings whatever their number', () => {
    const text = `a: "${'['.repeat(500)}"\nb: [[1], {c: [2]}]\n`;
    const { value, diagnostics } = parseYamlDocuments('ok.yaml', text);
    expect(diagnostics).toEqual([]);
    expect((value[0].data as { b: unknown }).b).toEqual([[1], { c: [2] }]);
  });
});
