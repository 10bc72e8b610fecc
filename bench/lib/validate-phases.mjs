/**
 * Where `aexy validate` spends its time, in one process: module imports, loading (glob + read + YAML
 * with positions), schema validation (first document of each kind includes ajv's compile), and the
 * compiler with its rules. Prints one JSON line of milliseconds. Usage: node validate-phases.mjs DIR
 */
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = process.argv[2];
const times = {};
const mark = async (name, fn) => {
  const started = performance.now();
  const value = await fn();
  times[name] = Math.round(performance.now() - started);
  return value;
};

const modules = await mark('import', async () => ({
  project: await import(`${repo}dist/project/load-project.js`),
  schema: await import(`${repo}dist/schema/validate.js`),
  compiler: await import(`${repo}dist/compiler/index.js`),
}));
const loaded = await mark('load', () => modules.project.loadProject(dir, dir));
const docs = loaded.value.documents;
await mark('schema', () => docs.map((d) => modules.schema.validateDocument(d)));
await mark('compile', () => modules.compiler.compileDocuments(docs));
console.log(JSON.stringify(times));
