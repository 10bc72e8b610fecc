/**
 * Secrets in action inputs. The workflow renders `secrets.NAME` as the literal reference
 * `${{ secrets.NAME }}` (so values never enter workflow history); the activity resolves references
 * just before calling the handler, and redacts the values from outputs and errors it logs or returns.
 */
import { ActionError } from './errors.js';

const REFERENCE = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Default resolver: environment variable AEXY_SECRET_<NAME> (name upper-cased). */
export function secretFromEnv(name: string): string | undefined {
  return process.env[`AEXY_SECRET_${name.toUpperCase()}`];
}

/** Replaces secret references with their values; `used` collects the values (for redaction). */
export function resolveSecrets(
  value: unknown,
  lookup: (name: string) => string | undefined,
  used: Set<string>,
): unknown {
  if (typeof value === 'string') {
    if (!value.includes('secrets.')) return value;
    return value.replace(REFERENCE, (_match, name: string) => {
      const secret = lookup(name);
      if (secret === undefined) {
        throw new ActionError(
          'secret_missing',
          `secret ${name} is not set (set the environment variable AEXY_SECRET_${name.toUpperCase()})`,
        );
      }
      if (secret) used.add(secret);
      return secret;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveSecrets(v, lookup, used));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecrets(v, lookup, used)]));
  }
  return value;
}

/** Replaces every occurrence of a used secret value with `***` in strings of a value tree. */
export function redact<T>(value: T, secrets: ReadonlySet<string>): T {
  if (!secrets.size) return value;
  if (typeof value === 'string') {
    let text: string = value;
    for (const secret of secrets) text = text.split(secret).join('***');
    return text as T;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secrets)])) as T;
  }
  return value;
}
