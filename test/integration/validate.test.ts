import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeTempProject } from '../helpers/project.js';

const selfTrigger = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: bump-score
spec:
  module: crm
  trigger: { type: field.changed, object: deals, field: score }
  actions:
    - action: update_record
      with: { values: { score: 10 } }
`;
const typo = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: hello
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  actions:
    - action: send_slack
      with: { channel: "#sales", message: New deal }
    - action: sned_email
      with: { to: x }
`;

const clean = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: new-deal-slack
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  actions:
    - action: send_slack
      with: { channel: "#sales", message: New deal }
`;

const broken = {
  'aexy.yaml': 'name: demo\n',
  'flows/a.yaml': 'kind: Agent\nkind: Agent\n',
  'flows/b.yaml': 'x: [1\n',
};

describe('aexy validate', () => {
  it('explains what to do when there is no aexy.yaml and no path', async () => {
    const dir = makeTempProject({ 'a.yaml': 'kind: Agent\n' });
    const { exitCode, stdout, stderr } = await runCli(['validate'], { cwd: dir });
    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: no aexy.yaml in');
    expect(stderr).toContain('hint: pass the files to check');
    const explicit = await runCli(['-C', 'nowhere', 'validate'], { cwd: dir });
    expect(explicit.exitCode).toBe(1);
    expect(explicit.stderr).toContain('nowhere');
  });

  it('passes a project with nothing wrong, counting aexy.yaml', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: demo\n', 'flows/new-deal.yaml': clean });
    const { exitCode, stdout } = await runCli(['validate'], { cwd: dir });
    expect(exitCode).toBe(0);
    expect(stdout).toBe('no problems in 2 files\n');
  });

  it('warns when the project includes no files', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: demo\n' });
    const { exitCode, stdout } = await runCli(['validate'], { cwd: dir });
    expect(exitCode).toBe(0);
    expect(stdout).toContain('aexy.yaml:1:1: warning: No definition files found [project/no-files]');
    expect(stdout).toContain('`**/*.yaml`, `**/*.yml`');
  });

  it('reports every file of the project with exit code 1, from a subfolder too', async () => {
    const dir = makeTempProject(broken);
    const { exitCode, stdout } = await runCli(['validate'], { cwd: dir });
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/^flows\/a\.yaml:2:1: error: Duplicate key `kind` \[yaml\/duplicate-key\]$/m);
    expect(stdout).toMatch(/^flows\/b\.yaml:2:1: error: .* \[yaml\/syntax\]$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('2 errors in 3 files');
    const fromSub = await runCli(['validate'], { cwd: `${dir}/flows` });
    expect(fromSub.stdout).toMatch(/^a\.yaml:2:1: error/m);
  });

  it('checks only the paths given', async () => {
    const dir = makeTempProject(broken);
    const { exitCode, stdout } = await runCli(['validate', 'flows/b.yaml', 'missing.yaml'], { cwd: dir });
    expect(exitCode).toBe(1);
    expect(stdout).not.toContain('flows/a.yaml');
    expect(stdout).toContain(
      'missing.yaml:1:1: error: No such file or directory: missing.yaml [project/path-not-found]',
    );
    expect(stdout).toContain('2 errors in 1 file');
  });

  it('prints one JSON envelope with --output json and --json', async () => {
    const dir = makeTempProject(broken);
    for (const flags of [['--output', 'json'], ['--json']]) {
      const { exitCode, stdout } = await runCli(['validate', ...flags], { cwd: dir });
      expect(exitCode).toBe(1);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({
        formatVersion: 1,
        kind: 'diagnostics',
        summary: { errors: 2, warnings: 0, files: 3 },
      });
      expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual([
        'yaml/duplicate-key',
        'yaml/syntax',
      ]);
    }
  });

  it('writes GitHub annotations and SARIF', async () => {
    const dir = makeTempProject(broken);
    const github = await runCli(['validate', '-o', 'github'], { cwd: dir });
    expect(github.exitCode).toBe(1);
    expect(github.stdout).toMatch(
      /^::error file=flows\/a.yaml,line=2,col=1,endLine=2,endColumn=5,title=yaml\/duplicate-key::Duplicate key `kind`%0A/m,
    );
    const sarif = await runCli(['validate', '--output', 'sarif'], { cwd: dir });
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results).toHaveLength(2);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('yaml/alias-bomb');
  });

  it('rejects an output format it does not have', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: demo\n' });
    const { exitCode, stderr } = await runCli(['validate', '-o', 'markdown'], { cwd: dir });
    expect(exitCode).toBe(1);
    expect(stderr).toContain('unknown output format "markdown"');
    expect(stderr).toContain('text, json, github, sarif');
  });

  it('lists the rules as text and as JSON', async () => {
    const text = await runCli(['validate', '--list-rules']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^yaml\/duplicate-key +error +A mapping defines the same key twice$/m);
    const json = JSON.parse((await runCli(['validate', '--list-rules', '--json'])).stdout);
    expect(json.kind).toBe('rules');
    const codes = json.rules.map((r: { code: string }) => r.code);
    expect(codes).toEqual([...codes].sort());
    expect(json.rules.find((r: { code: string }) => r.code === 'yaml/tab-indent')).toMatchObject({
      severity: 'error',
    });
  });

  it('runs schema validation and the compiler rules on every document', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: demo\n', 'a.yaml': selfTrigger, 'b.yaml': typo });
    const { exitCode, stdout } = await runCli(['validate', '--json'], { cwd: dir });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`)).toEqual([
      'a.yaml automation/self-trigger',
      'b.yaml schema/unknown-action',
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 1, files: 3 });
  });

  it('allows warnings unless --max-warnings says otherwise', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: demo\n', 'a.yaml': selfTrigger });
    const allowed = await runCli(['validate'], { cwd: dir });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain('1 warning in 2 files');
    expect((await runCli(['validate', '--max-warnings', '1'], { cwd: dir })).exitCode).toBe(0);
    const strict = await runCli(['validate', '--max-warnings', '0'], { cwd: dir });
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toContain('error: too many warnings: 1 (--max-warnings 0)');
  });

  it('validates --max-warnings', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: demo\n', 'a.yaml': clean });
    const bad = await runCli(['validate', '--max-warnings', 'lots'], { cwd: dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('--max-warnings must be a whole number');
    expect((await runCli(['validate', '--max-warnings', '0'], { cwd: dir })).exitCode).toBe(0);
  });
});
