import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** One entry of the `dependencies` option, parsed. */
export interface DependencySpec {
  /** The package name, kept external when bundling. */
  name: string;
  /** What goes into the image's package.json: a range, a tag, or `file:dependencies/<file>`. */
  version: string;
  /** Absolute host path of a local tarball or directory given as `name@file:/abs/path`. */
  localPath?: string;
}

/**
 * Splits `name`, `name@range` and `@scope/name@range`; `name@file:/abs/pkg.tgz` installs
 * a local tarball (copied into the build context). A spec without a version gets the
 * version installed next to the flow module, when there is one, so the image runs what
 * was tested; otherwise `latest`.
 */
export async function parseDependencies(
  specs: readonly string[],
  projectDirectory?: string,
): Promise<DependencySpec[]> {
  const parsed: DependencySpec[] = [];
  for (const spec of specs) {
    const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
    const name = at > 0 ? spec.slice(0, at) : spec;
    const range = at > 0 ? spec.slice(at + 1) : '';
    if (range.startsWith('file:')) {
      const localPath = range.slice('file:'.length);
      parsed.push({ name, version: `file:dependencies/${basename(localPath)}`, localPath });
    } else {
      parsed.push({ name, version: range || (await installedVersion(name, projectDirectory)) || 'latest' });
    }
  }
  return parsed;
}

/** Problems with dependency specs that can be seen without building. */
export function dependencyProblems(specs: readonly string[]): string[] {
  const problems: string[] = [];
  for (const spec of specs) {
    const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
    const name = at > 0 ? spec.slice(0, at) : spec;
    if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) {
      problems.push(
        `dependency "${spec}" is not an npm package name (expected name, name@range or @scope/name@range)`,
      );
    }
    const range = at > 0 ? spec.slice(at + 1) : '';
    if (range.startsWith('file:') && !isAbsolute(range.slice('file:'.length))) {
      problems.push(`dependency "${spec}": a file: dependency needs an absolute path`);
    }
  }
  const localNames = specs.flatMap(
    (spec) =>
      /@file:(.+)$/
        .exec(spec)
        ?.slice(1)
        .map((path) => basename(path)) ?? [],
  );
  for (const name of new Set(localNames.filter((name, i) => localNames.indexOf(name) !== i))) {
    problems.push(`two file: dependencies are both named ${name}; rename one of the files`);
  }
  return problems;
}

async function installedVersion(name: string, from: string | undefined): Promise<string | undefined> {
  for (let dir = from; dir; dir = dirname(dir) === dir ? undefined : dirname(dir)) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
      if (typeof pkg.version === 'string') return pkg.version;
    } catch {}
  }
  return undefined;
}

/** The package.json installed in the image. */
export function imagePackageJson(dependencies: readonly DependencySpec[]): string {
  const deps = Object.fromEntries(
    [...dependencies].sort((a, b) => a.name.localeCompare(b.name)).map((d) => [d.name, d.version]),
  );
  return `${JSON.stringify({ name: 'headwater-flows', private: true, type: 'module', dependencies: deps }, null, 2)}\n`;
}
