/**
 * The baseline `aexy validate` is compared with: the same files through the yaml parser and the
 * compiled ajv validators only (no positions, no diagnostics mapping, no compiler). Run as its own
 * process so both measurements include Node's startup. Usage: node validate-baseline.mjs DIR
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { parseAllDocuments } from 'yaml';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { compiledValidator } = await import(`${repo}dist/schema/validate.js`);

const dir = process.argv[2];
const files = (
  await glob(['**/*.yaml', '**/*.yml'], { cwd: dir, absolute: true, ignore: ['aexy.yaml'] })
).sort();
let documents = 0;
let invalid = 0;
for (const file of files) {
  // parseAllDocuments + toJS is yaml.parse for files that may hold several documents.
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const data = doc.toJS();
    documents++;
    if (!compiledValidator(data.kind)(data)) invalid++;
  }
}
console.log(JSON.stringify({ files: files.length, documents, invalid }));
