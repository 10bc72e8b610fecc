/**
 * What plan, apply and export share: find the project, load and check its files (desired IR), and
 * open the workspace its settings point at. I/O lives here; the diff itself is pure (src/plan).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Resource } from '../ir/types.js';
import { findProjectDir, PROJECT_FILE } from '../project/find-project.js';
import type { ProjectConfig } from '../project/project-config.js';
import type { WorkspaceBackend } from '../workspace/backend.js';
import { resolveWorkspaceLocation, type WorkspaceLocation } from '../workspace/location.js';

export interface ProjectSettings {
  /** The project directory (or the working directory when there is no aexy.yaml). */
  dir: string;
  config?: ProjectConfig;
  hasProjectFile: boolean;
}

export interface DesiredState {
  resources: Resource[];
  diagnostics: Diagnostic[];
  fileCount: number;
}

/** Where the project is and what its aexy.yaml says (diagnostics of a broken aexy.yaml included). */
export async function projectSettings(
  cwd: string,
  explicit?: string,
): Promise<ProjectSettings & { diagnostics: Diagnostic[] }> {
  const dir = findProjectDir(cwd, explicit) ?? resolve(cwd);
  if (!existsSync(join(dir, PROJECT_FILE))) return { dir, hasProjectFile: false, diagnostics: [] };
  const { loadProjectConfig } = await import('../project/project-config.js');
  const loaded = await loadProjectConfig(dir);
  return { dir, config: loaded.value, hasProjectFile: true, diagnostics: loaded.diagnostics };
}

/** Loads every file of the project and compiles it to IR (the desired state). */
export async function loadDesired(dir: string, cwd: string): Promise<DesiredState> {
  const { loadProject } = await import('../project/load-project.js');
  const { checkProject } = await import('../project/check-project.js');
  const loaded = await loadProject(dir, cwd);
  const checked = checkProject(loaded.value.documents);
  return {
    resources: checked.value,
    diagnostics: [...loaded.diagnostics, ...checked.diagnostics],
    fileCount: loaded.value.fileCount,
  };
}

/** The workspace location for this invocation: flag, env, aexy.yaml, default. */
export function workspaceLocation(
  settings: ProjectSettings,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): WorkspaceLocation {
  return resolveWorkspaceLocation({
    flag,
    env,
    config: settings.config?.data.workspace,
    projectDir: settings.dir,
    cwd,
  });
}

/** Opens (creating a SQLite file if needed) the workspace backend at the resolved location. */
export async function openProjectWorkspace(
  location: WorkspaceLocation,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WorkspaceBackend> {
  const { openBackend } = await import('../workspace/open-backend.js');
  return openBackend(location.location, { env });
}

/** A project setting that is a boolean (`prune: true`), else undefined. */
export function booleanSetting(settings: ProjectSettings, key: string): boolean | undefined {
  const value = settings.config?.data[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** Reads a text file relative to cwd (for saved plans and import input). */
export function readText(cwd: string, path: string): string {
  return readFileSync(resolve(cwd, path), 'utf8');
}
