/** The endpoint list of docs/serve.md as a Markdown table, rendered from the route table (pure). */
import type { Route } from './context.js';

/** Markdown table: method, path, who may call it, summary. */
export function renderEndpointTable(routes: readonly Route[]): string {
  const access = (r: Route) =>
    r.access.kind === 'token'
      ? `\`${r.access.scope}\``
      : r.access.kind === 'signature'
        ? 'webhook signature'
        : 'none';
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = routes.map((r) => `| ${r.method} | \`${r.path}\` | ${access(r)} | ${cell(r.summary)} |`);
  return ['| Method | Path | Scope | What |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
