import { describe, expect, it } from 'vitest';
import { isUrl, resolveWorkspaceLocation } from '../../../src/workspace/location.js';

describe('workspace location', () => {
  const base = { projectDir: '/proj', cwd: '/proj/sub' };

  it('takes --workspace first, relative to cwd', () => {
    expect(
      resolveWorkspaceLocation({
        ...base,
        flag: 'ws.db',
        env: { AEXY_WORKSPACE: '/env.db' },
        config: 'cfg.db',
      }),
    ).toEqual({
      location: '/proj/sub/ws.db',
      source: 'flag',
    });
  });

  it('then AEXY_WORKSPACE, then aexy.yaml (relative to the project), then .aexy/workspace.db', () => {
    expect(
      resolveWorkspaceLocation({ ...base, env: { AEXY_WORKSPACE: '/env.db' }, config: 'cfg.db' }).location,
    ).toBe('/env.db');
    expect(resolveWorkspaceLocation({ ...base, env: {}, config: 'state/cfg.db' })).toEqual({
      location: '/proj/state/cfg.db',
      source: 'aexy.yaml',
    });
    expect(resolveWorkspaceLocation({ ...base, env: {}, config: { path: 'p.db' } }).location).toBe(
      '/proj/p.db',
    );
    expect(resolveWorkspaceLocation({ ...base, env: {} })).toEqual({
      location: '/proj/.aexy/workspace.db',
      source: 'default',
    });
  });

  it('keeps URLs of remote stores as they are', () => {
    expect(resolveWorkspaceLocation({ ...base, config: { url: 'postgres://db/aexy' } }).location).toBe(
      'postgres://db/aexy',
    );
    expect(isUrl('https://aexy.example/ws')).toBe(true);
    expect(isUrl('/tmp/x.db')).toBe(false);
  });
});
