/**
 * The two ways `aexy validate` (and later `plan`) gather documents: a whole project from its
 * aexy.yaml, or explicit files and directories named on the command line.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic, Result } from '../diagnostics/diagnostic.js';
import type { LoadedDocument, LoadLimits } from '../loader/index.js';
import { PROJECT_FILE } from './find-project.js';
import { fileLabel, findProjectFiles, loadFiles } from './load-files.js';
import { defaultProjectConfig, loadProjectConfig, type ProjectConfig } from './project-config.js';

/** What was loaded: the documents, how many files they came from, and the project config if any. */
export interface LoadedProject {
  documents: LoadedDocument[];
  /** Files read (definition files and aexy.yaml files), for the summary line. */
  fileCount: number;
  config?: ProjectConfig;
}

/** The files a project or a list of paths names, before any is read. */
export interface FoundFiles {
  /** Definition files: absolute paths, sorted. */
  files: string[];
  /** Files the summary counts (definition files and aexy.yaml files). */
  fileCount: number;
  config?: ProjectConfig;
  diagnostics: Diagnostic[];
}

/** `dir/aexy.yaml` and the files it includes; paths print relative to `labelFrom`. */
export async function findProjectInput(dir: string, labelFrom: string): Promise<FoundFiles> {
  const label = fileLabel(labelFrom, join(dir, PROJECT_FILE));
  const config = await loadProjectConfig(dir, label);
  if (!config.value) return { files: [], fileCount: 1, diagnostics: config.diagnostics };
  const files = await findProjectFiles(config.value);
  const empty = files.length === 0 ? [noFiles(config.value, label)] : [];
  return {
    files,
    fileCount: files.length + 1,
    config: config.value,
    diagnostics: [...config.diagnostics, ...empty],
  };
}

/** Loads `dir/aexy.yaml` and every file it includes; paths print relative to `labelFrom`. */
export async function loadProject(
  dir: string,
  labelFrom: string,
  limits?: LoadLimits,
): Promise<Result<LoadedProject>> {
  return loadFound(await findProjectInput(dir, labelFrom), labelFrom, limits);
}

function loadFound(found: FoundFiles, labelFrom: string, limits?: LoadLimits): Result<LoadedProject> {
  const loaded = loadFiles(found.files, labelFrom, limits);
  const value: LoadedProject = { documents: loaded.value, fileCount: found.fileCount };
  if (found.config) value.config = found.config;
  return { value, diagnostics: [...found.diagnostics, ...loaded.diagnostics] };
}

/** A project whose globs match nothing validates "clean", which hides a wrong `include`: say so. */
function noFiles(config: ProjectConfig, label: string): Diagnostic {
  const ref = config.document?.locate('include' in config.data ? ['include'] : []);
  return {
    code: 'project/no-files',
    severity: 'warning',
    summary: 'No definition files found',
    detail: `The project includes ${config.include.map((g) => `\`${g}\``).join(', ')}, and no file matches.`,
    file: label,
    range: ref?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    fix: 'Add automation files, or fix `include` in aexy.yaml (globs are relative to it).',
  };
}

/**
 * The files explicit paths (relative to `cwd`) name: a file is taken as is; a directory contributes the
 * files its own aexy.yaml includes, or every YAML file under it when it has none. Named twice, once.
 */
export async function findPathsInput(cwd: string, paths: readonly string[]): Promise<FoundFiles> {
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  let configFiles = 0;
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const kind = pathKind(absolute);
    if (kind === 'missing') diagnostics.push(notFound(path));
    else if (kind === 'file' && basename(absolute) !== PROJECT_FILE) files.add(absolute);
    else {
      const dir = kind === 'file' ? dirname(absolute) : absolute;
      const config = await configFor(dir, cwd, diagnostics);
      if (config.document) configFiles++;
      if (kind === 'dir') for (const file of await findProjectFiles(config)) files.add(file);
    }
  }
  return { files: [...files].sort(), fileCount: files.size + configFiles, diagnostics };
}

/** Loads the files explicit paths name (see findPathsInput). */
export async function loadPaths(
  cwd: string,
  paths: readonly string[],
  limits?: LoadLimits,
): Promise<Result<LoadedProject>> {
  return loadFound(await findPathsInput(cwd, paths), cwd, limits);
}

async function configFor(dir: string, cwd: string, diagnostics: Diagnostic[]): Promise<ProjectConfig> {
  if (!existsSync(join(dir, PROJECT_FILE))) return defaultProjectConfig(dir);
  const loaded = await loadProjectConfig(dir, fileLabel(cwd, join(dir, PROJECT_FILE)));
  diagnostics.push(...loaded.diagnostics);
  return loaded.value ?? defaultProjectConfig(dir);
}

function pathKind(path: string): 'file' | 'dir' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

function notFound(path: string): Diagnostic {
  return {
    code: 'project/path-not-found',
    severity: 'error',
    summary: `No such file or directory: ${path}`,
    file: path,
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    fix: 'Check the path; it is resolved from the current directory.',
  };
}
