import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

describe('aexy registry', () => {
  test('triggers: an aligned table, filtered by module', async () => {
    const all = await runCli(['registry', 'triggers']);
    expect(all.exitCode).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+MODULES\s+FAMILY\s+SUMMARY$/);
    expect(lines.find((l) => l.startsWith('stage.changed '))).toMatch(
      /^stage\.changed\s+crm\s+record\s+A record moved/,
    );
    expect(lines.find((l) => l.startsWith('schedule.cron '))).toMatch(/\sall\s+schedule\s/);
    // Columns line up: the summary column starts at the same offset on every row.
    const offset = lines[0].indexOf('SUMMARY');
    expect(lines.slice(1).every((l) => l[offset - 1] === ' ' && l[offset] !== ' ')).toBe(true);

    const tickets = await runCli(['registry', 'triggers', '--module', 'tickets']);
    expect(tickets.stdout).toContain('ticket.sla_breached');
    expect(tickets.stdout).toContain('webhook.received');
    expect(tickets.stdout).not.toContain('record.created');
  });

  test('actions --output json: full definitions with schemas and example outputs', async () => {
    const result = await runCli(['registry', 'actions', '--module', 'crm', '--output', 'json']);
    expect(result.exitCode).toBe(0);
    const envelope = JSON.parse(result.stdout);
    expect(envelope).toMatchObject({ formatVersion: 1, kind: 'registry-actions', module: 'crm' });
    const ids = envelope.actions.map((a: { id: string }) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['send_email', 'update_record', 'classify_record']));
    expect(ids).not.toContain('assign_ticket');
    const sendEmail = envelope.actions.find((a: { id: string }) => a.id === 'send_email');
    expect(sendEmail.input.required).toEqual(['to', 'subject', 'body']);
    expect(sendEmail.output.properties).toHaveProperty('messageId');
    expect(sendEmail.sideEffect).toBe(true);
    expect(sendEmail.exampleOutput).toMatchObject({ status: 'sent' });
  });

  test('triggers --output json: config, payload and record schemas', async () => {
    const result = await runCli(['registry', 'triggers', '--output', 'json']);
    const envelope = JSON.parse(result.stdout);
    expect(envelope).toMatchObject({ formatVersion: 1, kind: 'registry-triggers', module: null });
    const stage = envelope.triggers.find((t: { id: string }) => t.id === 'stage.changed');
    expect(stage.config.properties).toHaveProperty('to');
    expect(stage.payload.properties).toHaveProperty('from');
    expect(stage.record.required).toEqual(['id', 'object', 'values']);
    expect(envelope.triggers.length).toBeGreaterThan(100);
  });

  test('an unknown module is a user error with a suggestion', async () => {
    const result = await runCli(['registry', 'actions', '--module', 'ticket']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('unknown module `ticket`');
    expect(result.stderr).toContain('did you mean `tickets`?');
  });
});

describe('aexy schema export', () => {
  test('writes every schema and lists what it wrote', async () => {
    const dir = makeTempProject();
    const result = await runCli(['schema', 'export', '--out', 'schemas'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const files = readdirSync(join(dir, 'schemas')).sort();
    expect(files).toEqual([
      'aexy-documents.schema.json',
      'aexy.schema.json',
      'agent-policy.schema.json',
      'agent.schema.json',
      'automation.schema.json',
    ]);
    expect(result.stdout).toMatch(/^wrote schemas\/automation\.schema\.json \(\d+ KiB\)$/m);
    for (const file of files) {
      const schema = JSON.parse(readFileSync(join(dir, 'schemas', file), 'utf8'));
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    }
  });

  test('--output json lists the files with their sizes', async () => {
    const dir = makeTempProject();
    const result = await runCli(['schema', 'export', '--out', 'out', '--output', 'json'], { cwd: dir });
    const envelope = JSON.parse(result.stdout);
    expect(envelope.kind).toBe('schema-export');
    expect(envelope.files).toHaveLength(5);
    expect(envelope.files[0]).toMatchObject({
      path: 'out/automation.schema.json',
      bytes: expect.any(Number),
    });
  });

  test('--out is required', async () => {
    const result = await runCli(['schema', 'export']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("required option '--out <dir>' not specified");
  });
});
