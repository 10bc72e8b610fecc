import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../../../src/loader/index.js';

/** The classic "billion laughs": nine levels of nine aliases each, 9^9 (387 million) strings expanded. */
function billionLaughs(): string {
  let text = 'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i <= 9; i++) {
    text += `lol${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ')}]\n`;
  }
  return text;
}

describe('alias expansion guard', () => {
  it('rejects a billion-laughs file quickly, without building the expanded data', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { value, diagnostics } = parseYamlDocuments('bomb.yaml', billionLaughs());
    const elapsed = performance.now() - started;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(value).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml/alias-bomb', severity: 'error', file: 'bomb.yaml' });
    // The alias that crosses the limit: level 3 already adds 9 * 91 values per alias.
    expect(diagnostics[0].range.start.line).toBeGreaterThan(1);
    expect(elapsed).toBeLessThan(500);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
  });

  it('also rejects the bomb spread over block sequences', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ]) {
      text += `${name}: &${name}\n${Array.from({ length: 10 }, () => `  - *${prev}`).join('\n')}\n`;
    }
    const { diagnostics } = parseYamlDocuments('bomb2.yaml', text);
    expect(diagnostics.map((d) => d.code)).toEqual(['yaml/alias-bomb']);
  });

  it('rejects an alias inside its own anchor', () => {
    const { value, diagnostics } = parseYamlDocuments('loop.yaml', 'a: &x\n  b: *x\n');
    expect(value).toEqual([]);
    expect(diagnostics).toMatchObject([
      { code: 'yaml/alias-bomb', summary: 'Alias refers to its own anchor' },
    ]);
    expect(diagnostics[0].range.start).toEqual({ line: 2, column: 6 });
  });

  it('allows ordinary reuse of anchors', () => {
    const text =
      'defaults: &retry {maxAttempts: 3, initialInterval: 1m}\na: {retry: *retry}\nb: {retry: *retry}\n';
    const { value, diagnostics } = parseYamlDocuments('ok.yaml', text);
    expect(diagnostics).toEqual([]);
    expect(value[0].data).toMatchObject({ b: { retry: { maxAttempts: 3 } } });
  });

  it("falls back on yaml's own alias count limit behind the expansion guard", () => {
    const text = 'a: &a [1]\nb: [*a, *a, *a, *a]\n';
    const { value, diagnostics } = parseYamlDocuments('y.yaml', text, {
      maxAliasExpansion: 1e9,
      maxAliasCount: 2,
    });
    expect(value).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'yaml/alias-bomb', file: 'y.yaml' }]);
  });

  it('honours a lower expansion limit', () => {
    const text = 'a: &a [1, 2, 3]\nb: [*a, *a, *a]\n';
    expect(parseYamlDocuments('l.yaml', text, { maxAliasExpansion: 8 }).diagnostics[0].code).toBe(
      'yaml/alias-bomb',
    );
    expect(parseYamlDocuments('l.yaml', text, { maxAliasExpansion: 12 }).diagnostics).toEqual([]);
  });
});
