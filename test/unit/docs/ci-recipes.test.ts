/**
 * Keeps the CI recipes of docs/ci.md honest: both pipeline files parse, every `aexy ...` line in their
 * shell blocks (and in the `sh` blocks of docs/ci.md and docs/serve.md) names commands, options and
 * output formats the CLI really has, so renaming a flag breaks this test, and each pipeline keeps the
 * parts the docs promise (triggers, the comment marker, serialised applies, least privilege).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CliSurface, checkInvocation, loadCliSurface } from './cli-surface.js';
import { aexyInvocations } from './shell-commands.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(root(path), 'utf8');
const GITHUB = 'examples/ci/github/aexy.yml';
const GITLAB = 'examples/ci/gitlab/.gitlab-ci.yml';
const MARKER = '<!-- aexy-plan -->';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML documents are walked by key
type Yaml = any;

/** Shell blocks of a GitHub workflow: every step's `run:`. */
function githubScripts(workflow: Yaml): string[] {
  return Object.values<Yaml>(workflow.jobs).flatMap((job) =>
    (job.steps ?? []).map((s: Yaml) => s.run).filter((r: unknown) => typeof r === 'string'),
  );
}

const GITLAB_GLOBAL_KEYS = new Set([
  'workflow',
  'stages',
  'variables',
  'default',
  'include',
  'image',
  'cache',
]);

/** Shell blocks of a GitLab pipeline: before_script, script and after_script items of jobs and `default`. */
function gitlabScripts(pipeline: Yaml): string[] {
  const jobs = Object.entries<Yaml>(pipeline)
    .filter(([key]) => !GITLAB_GLOBAL_KEYS.has(key) || key === 'default')
    .map(([, job]) => job);
  return jobs.flatMap((job) =>
    ['before_script', 'script', 'after_script'].flatMap((key) => [job[key] ?? []].flat(3)),
  );
}

/** `sh` / `bash` fenced blocks of a Markdown file. */
function markdownShellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((m) => m[1]);
}

let cli: CliSurface;
beforeAll(async () => {
  cli = await loadCliSurface();
});

/** Problems of every aexy line in `scripts`, and the subcommands they use. */
function audit(scripts: string[]) {
  const invocations = scripts.flatMap(aexyInvocations);
  const problems = invocations.flatMap((words) =>
    checkInvocation(cli, words).map((p) => `${p}   in: aexy ${words.join(' ')}`),
  );
  return { problems, used: new Set(invocations.map((words) => words[0])) };
}

describe('the command-line checker', () => {
  it('finds aexy only in command position, through npx, after operators and in substitutions', () => {
    const script = [
      'echo "aexy plan --nope"  # aexy validate',
      'status=0; npx --yes aexy plan -o markdown --out plan.json > plan.md 2>&1 || status=$?',
      'id="$(jq -r .id "$(ls plan.json)")" && aexy apply "$plan" \\\n  --lock-timeout 5m',
    ].join('\n');
    expect(aexyInvocations(script)).toEqual([
      ['plan', '-o', 'markdown', '--out', 'plan.json'],
      ['apply', '$plan', '--lock-timeout', '5m'],
    ]);
  });

  it('rejects unknown flags, commands, formats and arguments, and accepts real ones', () => {
    const check = (line: string) => checkInvocation(cli, line.split(' '));
    expect(check('plan -o markdown --out plan.json --detailed-exitcode --prune')).toEqual([]);
    expect(check('apply plan.json --lock-timeout 5m -C proj --no-color')).toEqual([]);
    expect(check('validate -o github')).toEqual([]);
    expect(check('plan --detailed-exit-code')).toEqual(['aexy plan: unknown option --detailed-exit-code']);
    expect(check('plan -o github')).toEqual(['aexy plan: -o github is not one of text, json, markdown']);
    expect(check('validate -o sarif --out x')).toEqual(['aexy validate: unknown option --out']);
    expect(check('plans')).toEqual(['aexy: unknown command plans']);
    expect(check('apply a.json b.json')).toEqual(['aexy apply: unexpected argument b.json']);
    expect(check('workspace history')).toEqual(['aexy workspace history: missing argument address']);
  });
});

describe(`GitHub Actions recipe (${GITHUB})`, () => {
  const workflow: Yaml = parse(read(GITHUB));

  it('uses only aexy commands, flags and formats that exist', () => {
    const { problems, used } = audit(githubScripts(workflow));
    expect(problems).toEqual([]);
    expect([...used].sort()).toEqual(['apply', 'plan', 'validate']);
  });

  it('plans pull requests and applies pushes to main, with least privilege', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const { plan, apply } = workflow.jobs;
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(Object.values(apply.permissions).every((p) => p === 'read')).toBe(true);
    expect(apply.concurrency['cancel-in-progress']).toBe(false);
    expect(apply.env.AEXY_TOKEN).toContain('secrets.');
  });

  it('updates one PR comment found by its marker, and hands the saved plan to the apply job', async () => {
    const steps: Yaml[] = workflow.jobs.plan.steps;
    const comment = steps.find((s) => String(s.uses).startsWith('actions/github-script'));
    expect(comment.with.script).toContain(MARKER);
    expect(comment.with.script).toMatch(/updateComment[\s\S]*createComment/);
    // github-script runs the text as the body of an async function: it must at least compile.
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
    expect(() => new AsyncFunction('github', 'context', 'require', comment.with.script)).not.toThrow();
    const upload = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact'));
    const download = workflow.jobs.apply.steps.map((s: Yaml) => s.run ?? '').join('\n');
    expect(download).toContain(`--name ${upload.with.name}`);
  });
});

describe(`GitLab CI recipe (${GITLAB})`, () => {
  const pipeline: Yaml = parse(read(GITLAB));

  it('uses only aexy commands, flags and formats that exist', () => {
    const { problems, used } = audit(gitlabScripts(pipeline));
    expect(problems).toEqual([]);
    expect([...used].sort()).toEqual(['apply', 'plan', 'validate']);
  });

  it('plans merge requests with an MR note found by its marker, applies the default branch one at a time', () => {
    const plan = pipeline['aexy:plan'];
    const apply = pipeline['aexy:apply'];
    expect(plan.rules[0].if).toContain('merge_request_event');
    expect(plan.script.join('\n')).toContain(MARKER);
    expect(plan.artifacts.paths).toContain('plan.json');
    expect(apply.rules[0].if).toBe('$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH');
    expect(apply.resource_group).toBeTruthy();
    expect(apply.script.join('\n')).toContain('jobs/$job/artifacts/plan.json');
    expect(pipeline['aexy:validate'].artifacts.reports.codequality).toBe('gl-code-quality-report.json');
  });
});

describe('docs/ci.md', () => {
  const doc = read('docs/ci.md');

  it('links both recipes and the README links it', () => {
    expect(doc).toContain(`../${GITHUB}`);
    expect(doc).toContain(`../${GITLAB}`);
    expect(read('README.md')).toContain('(docs/ci.md)');
  });

  it.each(['docs/ci.md', 'docs/serve.md'])(
    '%s: shell examples use only commands and flags that exist',
    (path) => {
      const { problems, used } = audit(markdownShellBlocks(read(path)));
      expect(problems).toEqual([]);
      expect(used.has(path === 'docs/ci.md' ? 'apply' : 'serve')).toBe(true);
    },
  );
});
