/**
 * The project file, aexy.yaml: which files belong to the project, plus the settings other commands
 * read (workspace location, Temporal connection). Reading it is split in two: I/O here, and a pure
 * reader over the loaded document that commands and tests can share.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Diagnostic, hasErrors, NO_RANGE, type Result } from '../diagnostics/diagnostic.js';
import { type LoadedDocument, parseYamlDocuments } from '../loader/index.js';
import { validateProjectFile } from '../schema/validate.js';
import { PROJECT_FILE } from './find-project.js';

/** Globs loaded when aexy.yaml names none. */
export const DEFAULT_INCLUDE = ['**/*.yaml', '**/*.yml'];
/**
 * Never loaded as definitions, whatever the globs say: the project file, dependencies, aexy's own
 * state, and policy test cases (`policy-tests/`, read by `aexy policy test`).
 */
export const ALWAYS_EXCLUDE = [
  PROJECT_FILE,
  '**/node_modules/**',
  '**/.aexy/**',
  '**/.git/**',
  'policy-tests/**',
];

/** What aexy.yaml says, with defaults applied. */
export interface ProjectConfig {
  /** Absolute project directory. */
  dir: string;
  name?: string;
  /** Globs of definition files, relative to `dir`. */
  include: string[];
  /** Globs left out even when included. */
  exclude: string[];
  /** The whole document as written, for settings this reader does not interpret. */
  data: Record<string, unknown>;
  /** The loaded aexy.yaml (absent for the defaults used when there is no project file). */
  document?: LoadedDocument;
}

/** The configuration of a directory without aexy.yaml: every YAML file under it. */
export function defaultProjectConfig(dir: string): ProjectConfig {
  return { dir, include: [...DEFAULT_INCLUDE], exclude: [], data: {} };
}

/**
 * Reads and checks `dir/aexy.yaml`. The value is undefined when the file cannot be used; the
 * diagnostics say why (reported against `label`, the path diagnostics print).
 */
export async function loadProjectConfig(
  dir: string,
  label = PROJECT_FILE,
): Promise<Result<ProjectConfig | undefined>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(dir, PROJECT_FILE));
  } catch (error) {
    return { value: undefined, diagnostics: [unreadable(label, error)] };
  }
  const loaded = parseYamlDocuments(label, bytes);
  if (hasErrors(loaded.diagnostics)) return { value: undefined, diagnostics: loaded.diagnostics };
  const read = readProjectConfig(dir, loaded.value[0]);
  return { value: read.value, diagnostics: [...loaded.diagnostics, ...read.diagnostics] };
}

/**
 * Checks a loaded aexy.yaml against the project schema and reads the settings this module needs
 * (pure). An empty file means every default; a setting of the wrong shape keeps its default, and the
 * schema's diagnostic says what is wrong with it.
 */
export function readProjectConfig(dir: string, doc: LoadedDocument | undefined): Result<ProjectConfig> {
  const config = defaultProjectConfig(dir);
  if (!doc) return { value: config, diagnostics: [] };
  config.document = doc;
  const diagnostics = validateProjectFile(doc);
  if (!isRecord(doc.data)) return { value: config, diagnostics };
  config.data = doc.data;
  if (typeof doc.data.name === 'string') config.name = doc.data.name;
  config.include = globList(doc.data.include) ?? config.include;
  config.exclude = globList(doc.data.exclude) ?? config.exclude;
  return { value: config, diagnostics };
}

function globList(value: unknown): string[] | undefined {
  const ok =
    Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '');
  return ok ? (value as string[]) : undefined;
}

function unreadable(label: string, error: unknown): Diagnostic {
  return {
    code: 'project/unreadable',
    severity: 'error',
    summary: `Cannot read ${label}`,
    detail: (error as Error).message,
    file: label,
    range: NO_RANGE,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
