import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_FILE = 'aexy.yaml';

/**
 * The project directory: `--project` when given, else the nearest folder upward from `cwd` holding
 * aexy.yaml. Returns undefined when there is none (commands then say how to create one).
 */
export function findProjectDir(cwd: string, explicit?: string): string | undefined {
  if (explicit) return resolve(cwd, explicit);
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, PROJECT_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
