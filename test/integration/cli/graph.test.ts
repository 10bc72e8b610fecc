import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

const FLOW = `apiVersion: aexy/v1
kind: Automation
metadata: { name: welcome }
spec:
  module: crm
  trigger: { type: record.created, object: contacts }
  workflow:
    steps:
      - id: check
        if: record.values.email != ""
        then:
          - { id: mail, action: send_email, with: { to: "\${{ record.values.email }}", subject: Hi, body: Welcome } }
        else: end
`;

function project() {
  return makeTempProject({ 'aexy.yaml': 'name: demo\n', 'automations/welcome.yaml': FLOW });
}

describe('aexy graph', () => {
  it('prints the Mermaid flowchart of an automation of the project', async () => {
    const result = await runCli(['graph', 'welcome'], { cwd: project() });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        'flowchart TD',
        '  start__(["record.created"])',
        '  check{"check<br/>if record.values.email != #quot;#quot;"}',
        '  mail["mail<br/>send_email"]',
        '  end__(("end"))',
        '  mail --> end__',
        '  check -->|"then"| mail',
        '  check -->|"else"| end__',
        '  start__ --> check',
        '  classDef terminal fill:#f3f4f6,stroke:#6b7280',
        '  class end__ terminal',
        '',
      ].join('\n'),
    );
  });

  it('prints DOT with --format dot and JSON with --output json', async () => {
    const dir = project();
    const dot = await runCli(['graph', 'welcome', '--format', 'dot'], { cwd: dir });
    expect(dot.stdout).toContain('"check" -> "end__" [label="else"];');
    const json = await runCli(['graph', 'welcome', '--output', 'json'], { cwd: dir });
    const envelope = JSON.parse(json.stdout);
    expect(envelope).toMatchObject({ formatVersion: 1, kind: 'graph', automation: 'welcome' });
    expect(envelope.graph.nodes.map((n: { id: string }) => n.id)).toEqual([
      'start__',
      'check',
      'mail',
      'end__',
    ]);
  });

  it('accepts a file path instead of a name', async () => {
    const dir = project();
    const result = await runCli(['graph', 'automations/welcome.yaml'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('flowchart TD');
  });

  it('suggests the closest name for an unknown automation', async () => {
    const result = await runCli(['graph', 'welcom'], { cwd: project() });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('no automation named "welcom"');
    expect(result.stderr).toContain('did you mean "welcome"?');
  });

  it('rejects an unknown format', async () => {
    const result = await runCli(['graph', 'welcome', '--format', 'svg'], { cwd: project() });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('unknown graph format "svg"');
  });
});
