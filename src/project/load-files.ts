/**
 * Finding and reading a project's definition files. This is where file I/O happens; each file's text
 * then goes through the pure loader. Files are read in sorted order, so output is deterministic.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { type Diagnostic, NO_RANGE, type Result } from '../diagnostics/diagnostic.js';
import {
  DEFAULT_MAX_BYTES,
  type LoadedDocument,
  type LoadLimits,
  parseYamlDocuments,
  tooLargeDiagnostic,
} from '../loader/index.js';
import { ALWAYS_EXCLUDE, type ProjectConfig } from './project-config.js';

export interface LoadFilesOptions {
  /** Directory that printed file paths are relative to (default: the project directory). */
  labelFrom?: string;
  limits?: LoadLimits;
}

/** The project's files (absolute paths, sorted) that match `include` and none of the excludes. */
export async function findProjectFiles(config: ProjectConfig): Promise<string[]> {
  const files = await glob(config.include, {
    cwd: config.dir,
    ignore: [...ALWAYS_EXCLUDE, ...config.exclude],
    onlyFiles: true,
    absolute: true,
    dot: false,
    followSymbolicLinks: false,
  });
  return files.sort();
}

/** Loads every document of the project's files; one file's problems never stop the others. */
export async function loadProjectFiles(
  dir: string,
  config: ProjectConfig,
  options: LoadFilesOptions = {},
): Promise<Result<LoadedDocument[]>> {
  const files = await findProjectFiles({ ...config, dir });
  return loadFiles(files, options.labelFrom ?? dir, options.limits);
}

/** Loads the given absolute file paths in order, labelling each relative to `labelFrom`. */
export function loadFiles(
  files: readonly string[],
  labelFrom: string,
  limits: LoadLimits = {},
): Result<LoadedDocument[]> {
  const value: LoadedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const loaded = loadFile(file, fileLabel(labelFrom, file), limits);
    value.push(...loaded.value);
    diagnostics.push(...loaded.diagnostics);
  }
  return { value, diagnostics };
}

function loadFile(path: string, label: string, limits: LoadLimits): Result<LoadedDocument[]> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    // Check the size before reading so a huge file is never pulled into memory.
    const { size } = statSync(path);
    if (size > maxBytes) return { value: [], diagnostics: [tooLargeDiagnostic(label, size, maxBytes)] };
    return parseYamlDocuments(label, readFileSync(path), limits);
  } catch (error) {
    return { value: [], diagnostics: [unreadableFile(label, error)] };
  }
}

/** The path diagnostics print: relative to `from`, with forward slashes on every platform. */
export function fileLabel(from: string, path: string): string {
  const rel = relative(from, path) || path;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

function unreadableFile(label: string, error: unknown): Diagnostic {
  return {
    code: 'project/unreadable',
    severity: 'error',
    summary: `Cannot read ${label}`,
    detail: (error as Error).message,
    file: label,
    range: NO_RANGE,
  };
}
