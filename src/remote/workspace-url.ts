/**
 * The address of a remote workspace: `https://host[:port][/prefix]/workspaces/NAME`. Every API path of
 * that workspace hangs below this URL (docs/serve.md); the part before `/workspaces/` is the server.
 */
import { RemoteError } from './errors.js';

/** A parsed remote workspace URL. */
export interface WorkspaceUrl {
  /** `https://host/prefix/workspaces/acme` without credentials, query or trailing slash. */
  base: string;
  /** The server root: `https://host/prefix`. */
  server: string;
  /** The workspace name (`acme`). */
  workspace: string;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** The URL is not a remote workspace address. */
export class InvalidWorkspaceUrlError extends RemoteError {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(
      `the workspace URL ${url} is not usable: ${reason}`,
      'a remote workspace is addressed as https://HOST/workspaces/NAME (the URL `aexy serve` prints for each workspace)',
    );
    this.name = 'InvalidWorkspaceUrlError';
  }
}

/** Parses and normalises a workspace URL; throws InvalidWorkspaceUrlError naming what is wrong. */
export function parseWorkspaceUrl(location: string): WorkspaceUrl {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new InvalidWorkspaceUrlError(location, 'it is not a URL');
  }
  const shown = redactUrl(location);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidWorkspaceUrlError(shown, `the scheme ${url.protocol} is not http: or https:`);
  const parts = url.pathname.replace(/\/+$/, '').split('/');
  const at = parts.lastIndexOf('workspaces');
  const workspace = at >= 0 && at === parts.length - 2 ? decodeURIComponent(parts[at + 1]) : undefined;
  if (!workspace) throw new InvalidWorkspaceUrlError(shown, 'its path does not end in /workspaces/NAME');
  if (!NAME.test(workspace))
    throw new InvalidWorkspaceUrlError(
      shown,
      `"${workspace}" is not a workspace name (lowercase letters, digits and dashes)`,
    );
  const server = `${url.protocol}//${url.host}${parts.slice(0, at).join('/')}`;
  return { base: `${server}/workspaces/${workspace}`, server, workspace };
}

/** The URL with any user and password removed (what messages and `location` show). */
export function redactUrl(location: string): string {
  try {
    const url = new URL(location);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return location;
  }
}
