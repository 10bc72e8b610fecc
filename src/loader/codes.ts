/** The diagnostic codes the loader and project reader report, for `--list-rules` and SARIF. */
import type { RuleInfo } from '../diagnostics/rule-info.js';

export const loaderRules: RuleInfo[] = [
  {
    code: 'yaml/syntax',
    severity: 'error',
    summary: 'The file is not valid YAML',
    description:
      'The YAML parser could not read the file (indentation, an unclosed bracket or quote...). Unknown tags are reported as warnings.',
  },
  {
    code: 'yaml/duplicate-key',
    severity: 'error',
    summary: 'A mapping defines the same key twice',
    description:
      'YAML keeps only one of the values, so the other would be lost silently. Remove or merge one of them.',
  },
  {
    code: 'yaml/tab-indent',
    severity: 'error',
    summary: 'A tab is used for indentation',
    description:
      'YAML allows only spaces for indentation. Configure the editor to insert spaces in YAML files.',
  },
  {
    code: 'yaml/encoding',
    severity: 'error',
    summary: 'The file is not valid UTF-8',
    description: 'aexy reads YAML files as UTF-8 only. Save the file with UTF-8 encoding.',
  },
  {
    code: 'yaml/too-large',
    severity: 'error',
    summary: 'The file is over the size limit (1 MiB)',
    description:
      'Very large files are refused so that a mistaken or hostile file cannot exhaust memory. Split it into several files.',
  },
  {
    code: 'yaml/too-deep',
    severity: 'error',
    summary: 'Collections are nested too deeply',
    description:
      'Deep nesting (more than 100 flow levels) is refused because it can exhaust the parser. Flatten the structure.',
  },
  {
    code: 'yaml/alias-bomb',
    severity: 'error',
    summary: 'Aliases expand to too much data, or to themselves',
    description:
      'Aliases (*name) that would expand to more than 10,000 values ("billion laughs") or refer to their own anchor are refused.',
  },
  {
    code: 'project/no-files',
    severity: 'warning',
    summary: 'The project includes no files',
    description:
      'No file matches the `include` globs of aexy.yaml, so nothing was checked. Fix the globs or add files.',
  },
  {
    code: 'project/unreadable',
    severity: 'error',
    summary: 'A file could not be read',
    description: 'The file exists but reading it failed (permissions, a broken link...).',
  },
  {
    code: 'project/path-not-found',
    severity: 'error',
    summary: 'A path given on the command line does not exist',
    description: 'Paths are resolved from the current directory.',
  },
];
