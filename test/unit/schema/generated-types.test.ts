import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';
import { renderTypes } from './types-view.js';

const target = join(repoRoot, 'src/schema/generated/types.ts');

test('src/schema/generated/types.ts matches the schemas', async () => {
  const expected = await renderTypes();
  if (process.env.AEXY_UPDATE_GENERATED) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, expected);
  }
  const actual = existsSync(target) ? readFileSync(target, 'utf8') : '';
  expect(
    actual,
    'stale: run AEXY_UPDATE_GENERATED=1 npx vitest run test/unit/schema/generated-types.test.ts',
  ).toBe(expected);
}, 60_000);
