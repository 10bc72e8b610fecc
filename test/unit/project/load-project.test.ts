import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectFiles } from '../../../src/project/load-files.js';
import { loadPaths, loadProject } from '../../../src/project/load-project.js';
import { loadProjectConfig } from '../../../src/project/project-config.js';
import { makeTempProject } from '../../helpers/project.js';

const doc = (name: string) => `apiVersion: aexy/v1\nkind: Automation\nmetadata:\n  name: ${name}\n`;

describe('loadProjectConfig', () => {
  it('reads name, include and exclude, keeping other settings as data', async () => {
    const dir = makeTempProject({
      'aexy.yaml':
        'name: sales\ninclude: [flows/**/*.yaml]\nexclude: ["flows/drafts/**"]\ntemporal:\n  address: localhost:7233\n',
    });
    const { value, diagnostics } = await loadProjectConfig(dir);
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      dir,
      name: 'sales',
      include: ['flows/**/*.yaml'],
      exclude: ['flows/drafts/**'],
    });
    expect(value?.data.temporal).toEqual({ address: 'localhost:7233' });
  });

  it('uses the defaults for an empty file', async () => {
    const { value, diagnostics } = await loadProjectConfig(
      makeTempProject({ 'aexy.yaml': '# nothing yet\n' }),
    );
    expect(diagnostics).toEqual([]);
    expect(value?.include).toEqual(['**/*.yaml', '**/*.yml']);
  });

  it('checks aexy.yaml against the project schema and keeps the default for a wrong setting', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: x\ninclude:\n  - 3\n' });
    const { value, diagnostics } = await loadProjectConfig(dir);
    expect(diagnostics).toMatchObject([{ code: 'schema/type', file: 'aexy.yaml', path: 'include[0]' }]);
    expect(diagnostics[0].range.start).toEqual({ line: 3, column: 5 });
    expect(value?.include).toEqual(['**/*.yaml', '**/*.yml']);
  });

  it('reports YAML errors in aexy.yaml and a missing file without throwing', async () => {
    const broken = await loadProjectConfig(makeTempProject({ 'aexy.yaml': 'a: 1\na: 2\n' }));
    expect(broken.value).toBeUndefined();
    expect(broken.diagnostics[0].code).toBe('yaml/duplicate-key');
    const missing = await loadProjectConfig(makeTempProject({}));
    expect(missing.diagnostics[0].code).toBe('project/unreadable');
  });
});

describe('loadProjectFiles', () => {
  it('loads included files in sorted order, skipping aexy.yaml, node_modules, .aexy and excludes', async () => {
    const dir = makeTempProject({
      'aexy.yaml': 'exclude: ["drafts/**"]\n',
      'b.yaml': doc('b'),
      'a/z.yml': doc('z'),
      'a/c.yaml': `${doc('c1')}---\n${doc('c2')}`,
      'drafts/d.yaml': doc('d'),
      'node_modules/pkg/x.yaml': doc('x'),
      '.aexy/state.yaml': doc('s'),
      'notes.txt': 'not yaml',
    });
    const config = await loadProjectConfig(dir);
    const { value, diagnostics } = await loadProjectFiles(dir, config.value!);
    expect(diagnostics).toEqual([]);
    expect(value.map((d) => [d.file, d.index])).toEqual([
      ['a/c.yaml', 0],
      ['a/c.yaml', 1],
      ['a/z.yml', 0],
      ['b.yaml', 0],
    ]);
  });

  it('keeps going after a bad file and reports oversized files without reading them', async () => {
    const dir = makeTempProject({
      'bad.yaml': 'a: [\n',
      'big.yaml': `x: "${'y'.repeat(3000)}"\n`,
      'ok.yaml': doc('ok'),
    });
    const config = { dir, include: ['*.yaml'], exclude: [], data: {} };
    const { value, diagnostics } = await loadProjectFiles(dir, config, { limits: { maxBytes: 2048 } });
    expect(value.map((d) => d.file)).toEqual(['ok.yaml']);
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['bad.yaml', 'yaml/syntax'],
      ['big.yaml', 'yaml/too-large'],
    ]);
  });

  it('does not follow symbolic links out of the project', async () => {
    const outside = makeTempProject({ 'secret.yaml': doc('secret') });
    const dir = makeTempProject({ 'ok.yaml': doc('ok') });
    symlinkSync(outside, join(dir, 'linked'));
    const { value } = await loadProjectFiles(dir, { dir, include: ['**/*.yaml'], exclude: [], data: {} });
    expect(value.map((d) => d.file)).toEqual(['ok.yaml']);
  });
});

describe('loadProject and loadPaths', () => {
  it('labels files relative to the given directory and counts aexy.yaml', async () => {
    const dir = makeTempProject({
      'aexy.yaml': 'include: ["flows/*.yaml"]\n',
      'flows/a.yaml': doc('a'),
      'other.yaml': doc('o'),
    });
    const project = await loadProject(dir, join(dir, 'flows'));
    expect(project.value.documents.map((d) => d.file)).toEqual(['a.yaml']);
    expect(project.value.fileCount).toBe(2);
    expect(project.value.config?.include).toEqual(['flows/*.yaml']);
  });

  it('reports a directory without aexy.yaml instead of throwing', async () => {
    const dir = makeTempProject({ 'a.yaml': doc('a') });
    const { value, diagnostics } = await loadProject(dir, dir);
    expect(value.documents).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'project/unreadable', file: 'aexy.yaml' }]);
  });

  it('loads files and directories named explicitly, once each, and reports missing ones', async () => {
    const dir = makeTempProject({
      'one.yaml': doc('one'),
      'sub/aexy.yaml': 'include: ["keep/*.yaml"]\n',
      'sub/keep/k.yaml': doc('k'),
      'sub/skip.yaml': doc('skip'),
      'plain/p.yml': doc('p'),
    });
    const { value, diagnostics } = await loadPaths(dir, [
      'one.yaml',
      'sub',
      'plain',
      './one.yaml',
      'nope.yaml',
    ]);
    expect(value.documents.map((d) => d.file)).toEqual(['one.yaml', 'plain/p.yml', 'sub/keep/k.yaml']);
    expect(value.fileCount).toBe(4);
    expect(diagnostics).toMatchObject([{ code: 'project/path-not-found', file: 'nope.yaml' }]);
  });
});
