import { describe, expect, it } from 'vitest';
import { formatPath, parseYamlDocuments } from '../../../src/loader/index.js';

const text = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: follow-up
spec:
  trigger: { type: stage.changed, to: negotiation }
  workflow:
    steps:
      - id: email
        action: send_email
        with:
          to: "\${{ record.values.email }}"
      - id: pause
        wait: 3d
      - id: check
        if: steps.email.output.replied
        then:
`;

function load() {
  const { value, diagnostics } = parseYamlDocuments('flows/follow-up.yaml', text);
  expect(diagnostics).toEqual([]);
  return value[0];
}

describe('LoadedDocument.locate', () => {
  it('finds a nested scalar value through maps and lists', () => {
    const ref = load().locate(['spec', 'workflow', 'steps', 0, 'with', 'to']);
    expect(ref).toEqual({
      file: 'flows/follow-up.yaml',
      path: 'spec.workflow.steps[0].with.to',
      range: { start: { line: 12, column: 15 }, end: { line: 12, column: 43 } },
    });
  });

  it('gives the key position when asked', () => {
    const ref = load().locate(['spec', 'workflow', 'steps', 1, 'wait'], { key: true });
    expect(ref.range).toEqual({ start: { line: 14, column: 9 }, end: { line: 14, column: 13 } });
  });

  it('finds values inside flow mappings', () => {
    const ref = load().locate(['spec', 'trigger', 'to']);
    expect(ref.range).toEqual({ start: { line: 6, column: 39 }, end: { line: 6, column: 50 } });
  });

  it('falls back to the key of the closest existing ancestor for a missing path', () => {
    const doc = load();
    expect(doc.locate(['spec', 'workflow', 'steps', 1, 'timeout']).range.start).toEqual({
      line: 13,
      column: 9,
    });
    const missingTop = doc.locate(['spec', 'enabled', 'deep']);
    expect(missingTop.range.start).toEqual({ line: 5, column: 1 });
    expect(missingTop.path).toBe('spec.enabled.deep');
  });

  it('ends a block collection where its last value ends, not on the next line', () => {
    const ref = load().locate(['metadata']);
    expect(ref.range).toEqual({ start: { line: 4, column: 3 }, end: { line: 4, column: 18 } });
  });

  it('reports an empty value at its key', () => {
    const ref = load().locate(['spec', 'workflow', 'steps', 2, 'then']);
    expect(ref.range).toEqual({ start: { line: 17, column: 9 }, end: { line: 17, column: 13 } });
  });

  it('locates the document root and out-of-range list items', () => {
    const doc = load();
    expect(doc.locate([]).range.start).toEqual({ line: 1, column: 1 });
    expect(doc.locate(['spec', 'workflow', 'steps', 9]).range.start).toEqual({ line: 8, column: 5 });
  });

  it('gives the same answers when paths are located repeatedly and in any order', () => {
    const doc = load();
    const paths = [
      ['spec', 'workflow', 'steps', 0, 'with', 'to'],
      ['spec', 'workflow', 'steps', 0, 'nope'],
      ['spec', 'workflow', 'steps', 1, 'wait'],
      ['spec', 'workflow', 'steps', 0, 'with', 'to'],
      ['spec', 'workflow', 'steps', 0],
    ];
    const first = paths.map((p) => doc.locate(p).range);
    const again = paths.map((p) => doc.locate(p).range);
    expect(again).toEqual(first);
    expect(first[1].start).toEqual({ line: 9, column: 9 });
    expect(first[4].start).toEqual({ line: 9, column: 9 });
    expect(first[3]).toEqual(first[0]);
  });

  it('follows aliases to the anchored node', () => {
    const { value } = parseYamlDocuments('a.yaml', 'base: &b\n  x: 1\nother: *b\n');
    expect(value[0].locate(['other', 'x']).range.start).toEqual({ line: 2, column: 6 });
  });
});

describe('formatPath', () => {
  it('writes keys with dots, indices in brackets and quotes odd keys', () => {
    expect(formatPath(['spec', 'steps', 2, 'with', 'x-y'])).toBe('spec.steps[2].with.x-y');
    expect(formatPath(['labels', 'team name', 0])).toBe('labels["team name"][0]');
    expect(formatPath([])).toBe('');
  });
});
