import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCliDocs } from '../../helpers/cli-docs.js';

const docsPath = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));

describe('docs/cli.md', () => {
  it('matches the command definitions', async () => {
    const rendered = await renderCliDocs();
    if (process.env.AEXY_UPDATE_DOCS === '1') writeFileSync(docsPath, rendered);
    const committed = readFileSync(docsPath, 'utf8');
    expect(
      committed,
      'docs/cli.md is stale: run AEXY_UPDATE_DOCS=1 npx vitest run test/unit/foundation/cli-docs.test.ts',
    ).toBe(rendered);
  });

  it('every command has at least one example in its help', async () => {
    const sections = (await renderCliDocs()).split('\n## ').slice(1);
    const leaves = sections.filter((s) => !/\nCommands:\n/.test(s));
    const withoutExamples = leaves.filter((s) => !/Examples?:/.test(s)).map((s) => s.split('\n')[0]);
    expect(withoutExamples).toEqual([]);
  });
});
