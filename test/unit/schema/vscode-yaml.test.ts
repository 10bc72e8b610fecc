/**
 * The published schemas in the engine of VS Code's YAML extension (yaml-language-server 1.x, which
 * implements draft-07 with if/then/else): the examples are clean there, mistakes are flagged, and
 * completion offers the keys of the trigger or action the user picked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { renderSchemaFiles } from '../../../src/schema/export.js';
import { repoRoot } from '../../helpers/cli.js';

const require = createRequire(import.meta.url);
const yls = require('yaml-language-server');
const { TextDocument } = require('vscode-languageserver-textdocument');

const schemaText = new Map(renderSchemaFiles().map((f) => [f.name, f.content]));
const examples = join(repoRoot, 'examples/automations');

const service = yls.getLanguageService({
  // The `$schema` modeline resolves to .../schemas/<file>: serve the freshly rendered schema.
  schemaRequestService: async (uri: string) => {
    const text = schemaText.get(basename(new URL(uri).pathname));
    if (!text) throw new Error(`no schema at ${uri}`);
    return text;
  },
  workspaceContext: {
    resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString(),
  },
});
service.configure({ validate: true, completion: true, hover: true, schemas: [] });

let version = 0;
function document(text: string, file = join(examples, 'test.yaml')) {
  return TextDocument.create(pathToFileURL(file).toString(), 'yaml', ++version, text);
}

/** Text with a `|` cursor -> the document and the cursor position. */
function withCursor(text: string) {
  const offset = text.indexOf('|');
  const doc = document(text.replace('|', ''));
  return { doc, position: doc.positionAt(offset) };
}

const header = '# yaml-language-server: $schema=../../schemas/aexy-documents.schema.json\n';

describe('VS Code YAML extension engine', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.yaml'));

  test.each(files)('%s has no problems in the editor', async (file) => {
    const text = readFileSync(join(examples, file), 'utf8');
    const diagnostics = await service.doValidation(document(text, join(examples, file)), false);
    expect(diagnostics.map((d: { message: string }) => d.message)).toEqual([]);
  });

  test('flags an unknown key under `with:` and an unknown trigger type', async () => {
    const text = `${header}apiVersion: aexy/v1
kind: Automation
metadata: { name: x }
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  actions:
    - action: send_email
      with: { to: a@example.com, subject: hi, body: there, subjct: typo }
`;
    // Messages are localisation keys without VS Code's bundle, so check where the problems are.
    const at = async (source: string) =>
      (await service.doValidation(document(source), false)).map(
        (d: { range: { start: { line: number; character: number } } }) =>
          `${d.range.start.line}:${d.range.start.character}`,
      );
    expect(await at(text)).toEqual(['9:59']);
    expect(await at(text.replace('type: record.created', 'type: record.create'))).toContain('6:19');
  });

  test('completes the input keys of the chosen action', async () => {
    const { doc, position } = withCursor(`${header}apiVersion: aexy/v1
kind: Automation
metadata: { name: x }
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  actions:
    - action: send_email
      with:
        |
`);
    const list = await service.doComplete(doc, position, false);
    const labels = list.items.map((i: { label: string }) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['to', 'subject', 'body', 'cc']));
    expect(labels).not.toContain('channel');
  });

  test('completes the config keys of the chosen trigger', async () => {
    const { doc, position } = withCursor(`${header}apiVersion: aexy/v1
kind: Automation
metadata: { name: x }
spec:
  module: crm
  trigger:
    type: stage.changed
    |
`);
    const labels = (await service.doComplete(doc, position, false)).items.map(
      (i: { label: string }) => i.label,
    );
    expect(labels).toEqual(expect.arrayContaining(['object', 'from', 'to']));
    expect(labels).not.toContain('cron');
  });

  test('offers a skeleton per document kind and per step kind', async () => {
    const root = withCursor(`${header}|`);
    const rootLabels = (await service.doComplete(root.doc, root.position, false)).items.map(
      (i: { label: string }) => i.label,
    );
    expect(rootLabels).toEqual(expect.arrayContaining(['Automation (workflow)', 'Agent', 'AgentPolicy']));
    const step = withCursor(`${header}apiVersion: aexy/v1
kind: Automation
metadata: { name: x }
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  workflow:
    steps:
      - |
`);
    const stepLabels = (await service.doComplete(step.doc, step.position, false)).items.map(
      (i: { label: string }) => i.label,
    );
    expect(stepLabels).toEqual(
      expect.arrayContaining(['approval step', 'wait step (event)', 'parallel step']),
    );
  });

  test('hover shows the property description', async () => {
    const { doc, position } = withCursor(`${header}apiVersion: aexy/v1
kind: Automation
metadata: { name: x }
spec:
  mod|ule: crm
`);
    const hover = await service.doHover(doc, position);
    expect(JSON.stringify(hover?.contents)).toContain('Platform module the automation belongs to');
  });
});
