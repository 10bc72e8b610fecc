/**
 * Platform templates (`{{record.values.email}}`, `{{trigger.new_value}}`, `{{nodes.<id>.output}}`,
 * `{{system.now}}`) -> aexy `${{ <cel> }}` templates. Paths the platform never resolved (or resolved
 * against a root aexy does not have) are reported by the caller through `unknown`.
 */

const TEMPLATE = /\{\{\s*([^{}]+?)\s*\}\}/g;

export interface TemplateContext {
  /** Platform node id -> aexy step id, for `nodes.<id>.…` references. */
  stepIds: Map<string, string>;
  /** Paths that could not be mapped (left as written). */
  unknown: string[];
}

/** Rewrites every `{{ path }}` of a string; other values are walked recursively. */
export function convertTemplates(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string')
    return value.replace(TEMPLATE, (whole, path: string) => rewrite(path.trim(), ctx) ?? whole);
  if (Array.isArray(value)) return value.map((v) => convertTemplates(v, ctx));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertTemplates(v, ctx)]));
  }
  return value;
}

function rewrite(path: string, ctx: TemplateContext): string | undefined {
  const cel = pathToCel(path, ctx);
  if (cel === undefined) {
    ctx.unknown.push(path);
    return undefined;
  }
  return `\${{ ${cel} }}`;
}

/** A platform data path as a CEL expression over aexy's roots. */
export function pathToCel(path: string, ctx: Pick<TemplateContext, 'stepIds'>): string | undefined {
  const [root, ...rest] = path.split('.');
  const tail = rest.length > 0 ? `.${rest.join('.')}` : '';
  switch (root) {
    case 'record':
      return rest[0] === 'values' || rest[0] === 'id' || rest[0] === 'object' || rest.length === 0
        ? path
        : `record.values${tail}`;
    case 'trigger':
      return `trigger.payload${tail}`;
    case 'variables':
      return `vars${tail}`;
    case 'system':
      return rest[0] === 'now' || rest[0] === 'today'
        ? 'now'
        : rest[0] === 'execution_id'
          ? 'run.id'
          : rest[0] === 'workspace_name'
            ? 'workspace.name'
            : undefined;
    case 'nodes': {
      const step = ctx.stepIds.get(rest[0] ?? '');
      if (!step) return undefined;
      const field = rest.slice(1);
      const output = field[0] === 'output' ? field.slice(1) : field;
      return `steps.${step}.output${output.length > 0 ? `.${output.join('.')}` : ''}`;
    }
    default:
      // The DAG engine resolved any other root against the record (P2), e.g. `{{email}}`.
      return /^[a-z_][a-z0-9_]*$/i.test(root) && rest.length === 0 ? `record.values.${root}` : undefined;
  }
}

/** A condition field as the platform wrote it (`amount`, `record.values.amount`, `trigger.x`) -> a CEL path. */
export function fieldToCel(field: string, ctx: Pick<TemplateContext, 'stepIds'>): string | undefined {
  const inner = field.replace(/^\{\{\s*|\s*\}\}$/g, '');
  return pathToCel(inner, ctx);
}
