import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dependencyProblems, imagePackageJson, parseDependencies } from './dependencies.js';

describe('dependencies', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('parses names, scoped names, ranges and local tarballs', async () => {
    const parsed = await parseDependencies(['lodash@^4.17.0', '@acme/util@2', 'left-pad@file:/tmp/lp.tgz']);
    expect(parsed).toEqual([
      { name: 'lodash', version: '^4.17.0' },
      { name: '@acme/util', version: '2' },
      { name: 'left-pad', version: 'file:dependencies/lp.tgz', localPath: '/tmp/lp.tgz' },
    ]);
    expect(JSON.parse(imagePackageJson(parsed)).dependencies).toEqual({
      '@acme/util': '2',
      'left-pad': 'file:dependencies/lp.tgz',
      lodash: '^4.17.0',
    });
  });

  it('pins an unversioned dependency to the version installed next to the flow', async () => {
    const project = await mkdtemp(join(tmpdir(), 'hw-deps-'));
    dirs.push(project);
    await mkdir(join(project, 'node_modules', 'greeter'), { recursive: true });
    await writeFile(join(project, 'node_modules', 'greeter', 'package.json'), '{"version":"1.2.3"}');
    await mkdir(join(project, 'src'));
    expect(await parseDependencies(['greeter', 'unknown-pkg'], join(project, 'src'))).toEqual([
      { name: 'greeter', version: '1.2.3' },
      { name: 'unknown-pkg', version: 'latest' },
    ]);
  });

  it('lists every malformed spec', () => {
    expect(dependencyProblems(['ok', 'Bad Name', 'x@file:relative.tgz'])).toHaveLength(2);
    expect(dependencyProblems(['a@file:/one/pkg.tgz', 'b@file:/two/pkg.tgz'])).toEqual([
      'two file: dependencies are both named pkg.tgz; rename one of the files',
    ]);
  });
});
