/**
 * Matching a request to a route of the table: path templates compiled to regular expressions once;
 * a path that matches with another method is still a 404 (nothing about a workspace is revealed).
 */
import { badRequest } from './api-error.js';
import type { Route } from './context.js';

export interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/** Compiles `/workspaces/{ws}/runs/{id}` into a regular expression with named segments. */
export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const escaped = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    const source = escaped.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, pattern: new RegExp(`^${source}/?$`), names };
  });
}

/** The route and decoded path parameters of a request, or undefined. */
export function matchRoute(
  table: readonly CompiledRoute[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern, names } of table) {
    if (route.method !== method) continue;
    const match = pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decode(match[i + 1]);
    });
    return { route, params };
  }
  return undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`malformed path segment "${segment}"`);
  }
}
