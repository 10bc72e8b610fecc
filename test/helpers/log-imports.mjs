// Preloaded with `node --import` by the CLI startup test: records every module specifier the ESM
// loader resolves into the file named by AEXY_IMPORT_LOG, one per line.
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.AEXY_IMPORT_LOG) appendFileSync(process.env.AEXY_IMPORT_LOG, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
