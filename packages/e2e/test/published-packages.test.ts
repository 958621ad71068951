import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '@headwater/testing';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult, runCommand } from './support/processes.js';
import { publishedPackages } from './support/published-packages.js';
import { missingBuilds, npmInstall, packTarballs } from './support/user-project.js';

const PACKAGES = publishedPackages();
const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageNameOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Every file under `directory`, relative to it (POSIX separators). */
function filesUnder(directory: string, prefix = ''): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(directory, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** The bare specifiers a type file imports: `import`/`export … from`, `import('…')` types, `/// <reference types>`. */
function bareImportsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return [...info.importedFiles, ...info.typeReferenceDirectives]
    .map((reference) => reference.fileName)
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/'));
}

/**
 * Whether the dependency `name` of the workspace package in `directory` comes with types, as
 * TypeScript resolves it from there (`nodenext`, from an ES module, as our type files are): its
 * own declarations (a `types` field or condition, or `.d.ts` files beside its JavaScript), or
 * `@types/…` — which a user gets only when it is among the package's dependencies. A type file
 * importing an untyped dependency fails with TS7016 in a strict project without `skipLibCheck`.
 */
function typedDependency(directory: string, name: string, dependencies: readonly string[]): boolean {
  const { resolvedModule } = ts.resolveModuleName(
    name,
    join(repoRoot, directory, 'src', 'index.ts'),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
    ts.sys,
    undefined,
    undefined,
    ts.ModuleKind.ESNext,
  );
  if (!resolvedModule || !/\.d\.[cm]?ts$/.test(resolvedModule.resolvedFileName)) return false;
  const definitelyTyped = /\/node_modules\/(@types\/[^/]+)\//.exec(resolvedModule.resolvedFileName)?.[1];
  return definitelyTyped === undefined || dependencies.includes(definitelyTyped);
}

/**
 * The packages as a user gets them from npm: the tarballs `pnpm pack` makes (what `pnpm
 * publish` uploads), looked into, and installed with npm in fresh projects outside the
 * workspace that compile with `strict` and without `skipLibCheck`.
 */
describe('the published packages, as their npm tarballs', () => {
  const root = mkdtempSync(join(tmpdir(), 'headwater-published-'));
  let tarballs: Record<string, string> = {};
  const unpacked = (name: string) => join(root, 'unpacked', name, 'package');

  beforeAll(async () => {
    const missing = missingBuilds(PACKAGES);
    if (missing) throw new Error(missing);
    tarballs = await packTarballs(join(root, 'tarballs'), PACKAGES);
    for (const [name, tarball] of Object.entries(tarballs)) {
      const directory = join(root, 'unpacked', name);
      mkdirSync(directory, { recursive: true });
      const result = await runCommand('tar', ['-xzf', tarball, '-C', directory], {
        cwd: root,
        env: { PATH: process.env.PATH },
      });
      if (result.code !== 0) throw new Error(`Unpacking ${tarball} failed:\n${describeResult(result)}`);
    }
  }, 10 * 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('are every non-private workspace package, each with an entry a user imports or runs', () => {
    expect(PACKAGES.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining(['@headwater/core', '@headwater/runtime', '@headwater/storage-kit']),
    );
    expect(PACKAGES.flatMap((pkg) => pkg.imports)).toEqual(
      expect.arrayContaining([
        '@headwater/runtime/health-check',
        '@headwater/storage-testkit/example-plugin',
      ]),
    );
  });

  describe.each(PACKAGES)('$name', (pkg) => {
    it('ships type files that import only its dependencies (and Node built-ins)', () => {
      const allowed = new Set([pkg.name, ...pkg.dependencies, ...pkg.peerDependencies]);
      const directory = unpacked(pkg.name);
      const typeFiles = filesUnder(directory).filter((file) => file.endsWith('.d.ts'));
      if (pkg.imports.length > 0) expect(typeFiles.length).toBeGreaterThan(0);
      const strays = typeFiles.flatMap((file) =>
        bareImportsOf(join(directory, file))
          .filter((specifier) => !specifier.startsWith('node:') && !BUILTINS.has(specifier))
          .filter((specifier) => !allowed.has(packageNameOf(specifier)))
          .map((specifier) => `${file} imports ${specifier}`),
      );
      expect(
        strays,
        `not in dependencies or peerDependencies of ${pkg.name}: a user's project without skipLibCheck fails on these`,
      ).toEqual([]);
      const imported = new Set(
        typeFiles.flatMap((file) => bareImportsOf(join(directory, file)).map(packageNameOf)),
      );
      const untyped = [...imported]
        .filter((name) => name !== pkg.name && allowed.has(name))
        .filter((name) => !typedDependency(pkg.directory, name, pkg.dependencies));
      expect(
        untyped,
        `imported by ${pkg.name}'s type files, but without types of their own or @types in dependencies`,
      ).toEqual([]);
    });

    it('has a README whose links work on npm, and the registry metadata', () => {
      const directory = unpacked(pkg.name);
      const readme = join(directory, 'README.md');
      expect(existsSync(readme), `${pkg.name} ships no README.md`).toBe(true);
      const text = readFileSync(readme, 'utf8').replace(/```[\s\S]*?```/g, '');
      const targets = [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
      const dead = targets
        .filter((target) => !/^(https?:|mailto:|#)/.test(target))
        .filter((target) => !existsSync(resolve(directory, target.split('#')[0]!)));
      expect(dead, 'relative links to files the tarball does not hold (use absolute GitHub URLs)').toEqual(
        [],
      );

      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
      const base = 'https://github.com/headwater-dev/headwater';
      expect(manifest.repository).toEqual({ type: 'git', url: `git+${base}.git`, directory: pkg.directory });
      expect(manifest.homepage).toBe(`${base}/tree/main/${pkg.directory}#readme`);
      expect(manifest.bugs).toEqual({ url: `${base}/issues` });
      expect(manifest.license).toBe('Apache-2.0');
      expect(manifest.keywords).toContain('headwater');
    });
  });

  /**
   * The TypeScript examples of every README the tarballs ship, one module each
   * (`<package>-<n>.ts`): they must compile against the published types as they are.
   */
  function readmeExamples(): Record<string, string> {
    const examples: Record<string, string> = {};
    for (const pkg of PACKAGES) {
      const readme = join(unpacked(pkg.name), 'README.md');
      if (!existsSync(readme)) continue;
      const blocks = [...readFileSync(readme, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
      blocks.forEach((code, i) => {
        const file = `${pkg.name.replace(/^@/, '').replace('/', '-')}-${i + 1}.ts`;
        examples[file] =
          `// ${pkg.name} README, example ${i + 1}\n${code}${/^(import|export)\b/m.test(code) ? '' : 'export {};\n'}`;
      });
    }
    return examples;
  }

  /**
   * A fresh project made with `npm init -y` (CommonJS unless `type` says otherwise), every
   * tarball installed with npm, and a file importing every published entry, compiled with
   * `strict`, `skipLibCheck: false` and `module`/`moduleResolution` `nodenext`. An ESM project
   * also compiles the READMEs' examples (they use top-level `await`).
   */
  async function compileUserProject(name: string, type: 'module' | 'commonjs') {
    const directory = join(root, name);
    mkdirSync(directory);
    const env = { ...process.env, npm_config_yes: 'true' };
    const init = await runCommand('npm', ['init', '-y'], { cwd: directory, env });
    expect(init.code, describeResult(init)).toBe(0);

    const manifestFile = join(directory, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    expect(manifest.type ?? 'commonjs', 'npm init -y makes a CommonJS project').toBe('commonjs');
    const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const dockerodeTypes = JSON.parse(
      readFileSync(join(repoRoot, 'packages', 'storage-docker', 'package.json'), 'utf8'),
    ).devDependencies['@types/dockerode'];
    const ours = Object.keys(tarballs);
    writeFileSync(
      manifestFile,
      `${JSON.stringify(
        {
          ...manifest,
          type,
          dependencies: Object.fromEntries(ours.map((pkg) => [pkg, `file:${tarballs[pkg]}`])),
          devDependencies: {
            '@types/node': rootManifest.devDependencies['@types/node'],
            typescript: rootManifest.devDependencies.typescript,
            // The Docker storage README shows a dockerode client of the user's own.
            ...(type === 'module' ? { '@types/dockerode': dockerodeTypes } : {}),
          },
          // Nothing is published: the tarballs' own `@headwater/*` ranges resolve to the tarballs.
          overrides: Object.fromEntries(ours.map((pkg) => [pkg, `$${pkg}`])),
        },
        null,
        2,
      )}\n`,
    );
    await npmInstall(directory);

    writeFileSync(
      join(directory, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'es2022',
            lib: ['es2024'],
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: false,
            noEmit: true,
            types: ['node'],
          },
          include: ['index.ts', 'readme-examples'],
        },
        null,
        2,
      )}\n`,
    );
    const specifiers = PACKAGES.flatMap((pkg) => pkg.imports);
    writeFileSync(
      join(directory, 'index.ts'),
      [
        ...specifiers.map((specifier, i) => `import * as module${i} from '${specifier}';`),
        `export const modules = [${specifiers.map((_, i) => `module${i}`).join(', ')}];`,
        '',
      ].join('\n'),
    );
    if (type === 'module') {
      mkdirSync(join(directory, 'readme-examples'));
      const examples = readmeExamples();
      expect(Object.keys(examples)).toEqual(
        expect.arrayContaining(['headwater-core-1.ts', 'headwater-storage-kit-1.ts']),
      );
      for (const [file, code] of Object.entries(examples)) {
        writeFileSync(join(directory, 'readme-examples', file), code);
      }
    }
    const tsc = await runCommand(join(directory, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
      cwd: directory,
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
    });
    expect(tsc.code, `tsc in a ${type} project failed:\n${describeResult(tsc)}`).toBe(0);
  }

  it(
    'compile in a strict ESM project ("type": "module") without skipLibCheck',
    async () => {
      await compileUserProject('esm-project', 'module');
    },
    20 * 60_000,
  );

  it(
    'compile in the CommonJS project of `npm init -y` without skipLibCheck',
    async () => {
      await compileUserProject('cjs-project', 'commonjs');
    },
    20 * 60_000,
  );
});
