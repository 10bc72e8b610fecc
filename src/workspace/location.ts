/**
 * Where the workspace lives: `--workspace`, else AEXY_WORKSPACE, else aexy.yaml `workspace:`
 * (a path relative to the project, or a URL), else `.aexy/workspace.db` under the project.
 */
import { isAbsolute, join, resolve } from 'node:path';

export const DEFAULT_WORKSPACE_FILE = join('.aexy', 'workspace.db');

export interface LocationInputs {
  /** The `--workspace` flag. */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  /** The `workspace:` setting of aexy.yaml (a string, or `{ path }` / `{ url }`). */
  config?: unknown;
  /** Project directory (aexy.yaml's folder), or the working directory without a project. */
  projectDir: string;
  /** Working directory, for resolving a relative `--workspace` or env value. */
  cwd: string;
}

export interface WorkspaceLocation {
  /** Absolute file path, or the URL of a remote store. */
  location: string;
  source: 'flag' | 'env' | 'aexy.yaml' | 'default';
}

/** Resolves the workspace location by precedence; relative paths resolve from cwd (flag, env) or the project. */
export function resolveWorkspaceLocation(inputs: LocationInputs): WorkspaceLocation {
  if (inputs.flag) return { location: absolute(inputs.flag, inputs.cwd), source: 'flag' };
  const env = inputs.env?.AEXY_WORKSPACE;
  if (env) return { location: absolute(env, inputs.cwd), source: 'env' };
  const configured = configValue(inputs.config);
  if (configured) return { location: absolute(configured, inputs.projectDir), source: 'aexy.yaml' };
  return { location: join(inputs.projectDir, DEFAULT_WORKSPACE_FILE), source: 'default' };
}

function configValue(config: unknown): string | undefined {
  if (typeof config === 'string' && config) return config;
  if (config && typeof config === 'object') {
    const { path, url } = config as { path?: unknown; url?: unknown };
    if (typeof url === 'string' && url) return url;
    if (typeof path === 'string' && path) return path;
  }
  return undefined;
}

/** True for `scheme://...` locations (remote stores), false for file paths. */
export function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !location.startsWith('file://');
}

function absolute(value: string, base: string): string {
  if (value === ':memory:' || isUrl(value)) return value;
  const path = value.startsWith('file://') ? new URL(value).pathname : value;
  return isAbsolute(path) ? path : resolve(base, path);
}
