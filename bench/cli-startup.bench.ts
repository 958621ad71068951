/**
 * How fast the installed `headwater` command starts, against Node itself: `headwater --help`
 * and `headwater get flows` (against a running server), each side by side with `node -e 0`.
 *
 * The command is installed as a user gets it: `pnpm pack` tarballs of every package it needs,
 * `npm install`ed into a temporary project outside the workspace (install scripts skipped: no
 * native module is on these paths), and run from there. The server is the workspace's build,
 * on a free port with a scratch home. Then many rounds, each running the three commands one
 * after the other (so a busy moment of the machine hits all three alike), after a few
 * untimed warm-up runs (Node 22+ fills its compile cache under the scratch Headwater home).
 * The medians are compared: value / baseline is the ratio, whatever the machine's speed.
 * `get flows` also runs against a stub API that answers at once (recorded as a detail), to
 * tell the command's own start from the time the server takes to answer.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Benchmark, type BenchmarkResult, median, percentile } from './harness.js';

const root = join(import.meta.dirname, '..');
const ROUNDS = 40;
const WARM_UP = 5;

/** Workspace directory of every workspace package, by name. */
function workspaceDirectories(): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const parent of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, parent))) {
      const file = join(root, parent, entry, 'package.json');
      if (existsSync(file)) dirs.set(JSON.parse(readFileSync(file, 'utf8')).name, `${parent}/${entry}`);
    }
  }
  return dirs;
}

/**
 * Every package the `headwater` command installs, by workspace directory: `apps/headwater`
 * and the workspace packages it depends on, directly or not (read from the manifests, so a
 * new dependency is packed too instead of looked for on the registry).
 */
function commandPackages(): string[] {
  const dirs = workspaceDirectories();
  const found = new Set<string>(['apps/headwater']);
  for (const dir of found) {
    const { dependencies = {} } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const [name, spec] of Object.entries(dependencies)) {
      if (spec.startsWith('workspace:') && dirs.has(name)) found.add(dirs.get(name)!);
    }
  }
  return [...found];
}
const PACKAGES = commandPackages();

interface Setup {
  bin: string;
  env: Record<string, string>;
  medians: Record<'node' | 'help' | 'flows' | 'stub', number>;
  p90: Record<'node' | 'help' | 'flows' | 'stub', number>;
}

let measured: Promise<Setup> | undefined;

/** Installs, starts the server, measures all three commands once for both benchmarks. */
function measure(): Promise<Setup> {
  measured ??= (async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'headwater-bench-cli-'));
    let server: ChildProcess | undefined;
    let stub: ChildProcess | undefined;
    try {
      const bin = install(scratch);
      const home = join(scratch, 'home');
      mkdirSync(home, { recursive: true });
      const started = await startServer(home);
      server = started.child;
      const stubbed = await startStubApi();
      stub = stubbed.child;
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: home,
        HEADWATER__HOME_DIR: join(home, '.headwater'),
        HEADWATER__CLOUD__API: started.api,
        NO_COLOR: '1',
      };
      run([bin, 'auth', 'login', '--token', started.token], env);
      run([bin, 'create', 'project', 'Bench'], env);
      const commands = {
        node: ['-e', '0'],
        help: [bin, '--help'],
        flows: [bin, 'get', 'flows'],
        stub: [bin, '--api', stubbed.api, 'get', 'flows'],
      } as const;
      for (let i = 0; i < WARM_UP; i++) for (const args of Object.values(commands)) run(args, env);
      const times: Record<keyof typeof commands, number[]> = { node: [], help: [], flows: [], stub: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, args] of Object.entries(commands) as [keyof typeof commands, readonly string[]][]) {
          const start = performance.now();
          run(args, env);
          times[name].push(performance.now() - start);
        }
      }
      const of = (f: (values: number[]) => number) => ({
        node: f(times.node),
        help: f(times.help),
        flows: f(times.flows),
        stub: f(times.stub),
      });
      return { bin, env, medians: of(median), p90: of((v) => percentile(v, 90)) };
    } finally {
      server?.kill('SIGTERM');
      stub?.kill('SIGTERM');
      rmSync(scratch, { recursive: true, force: true });
    }
  })();
  return measured;
}

/** Runs `node ...args` to its end; a failure stops the benchmark. */
function run(args: readonly string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Packs the packages and installs `headwater` into a fresh project; resolves to the bin's file. */
function install(scratch: string): string {
  const missing = PACKAGES.filter((dir) => !existsSync(join(root, dir, 'dist')));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not built: run \`pnpm build\` first.`);
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const packed: Record<string, string> = {};
  for (const dir of PACKAGES) {
    const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string };
    const out = execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(root, dir),
      encoding: 'utf8',
    });
    const file = out
      .split('\n')
      .map((line) => line.trim())
      .findLast((line) => line.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack in ${dir} printed no tarball:\n${out}`);
    packed[name] = resolve(tarballs, file);
  }
  const project = join(scratch, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'bench-cli-startup',
      private: true,
      dependencies: { headwater: `file:${packed.headwater}` },
      // Nothing is published: every Headwater package is its tarball.
      overrides: Object.fromEntries(
        Object.entries(packed)
          .filter(([name]) => name !== 'headwater')
          .map(([name, file]) => [name, `file:${file}`]),
      ),
    }),
  );
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: project,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 20 * 60_000,
  });
  return realpathSync(join(project, 'node_modules', '.bin', 'headwater'));
}

/** `headwater server start` from the workspace build, on a free port; resolves once it listens. */
function startServer(home: string): Promise<{ child: ChildProcess; api: string; token: string }> {
  const child = spawn(
    process.execPath,
    [join(root, 'apps', 'headwater', 'dist', 'headwater.js'), 'server', 'start', '--port', '0'],
    {
      env: { PATH: process.env.PATH, HOME: home, HEADWATER__HOME_DIR: join(home, '.headwater') },
      stdio: 'pipe',
    },
  );
  return new Promise((resolvePromise, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${text}`)), 60_000);
    const onData = (chunk: Buffer) => {
      text += chunk;
      const api = /listening on (http:\/\/\S+)/.exec(text)?.[1];
      const token = /^(hw_\S+)$/m.exec(text)?.[1];
      if (api && token) {
        clearTimeout(timer);
        resolvePromise({ child, api, token });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${text}`));
    });
  });
}

/** A stub of the API in a child process: every request gets one flow, at once. */
function startStubApi(): Promise<{ child: ChildProcess; api: string }> {
  const source = `
    const answer = JSON.stringify({ data: { flows: {
      nodes: [{ id: 'f1', name: 'etl', version: 1, versionGroupId: 'g1', created: new Date().toISOString(), project: { id: 'p1', name: 'Bench' } }],
      pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 } } });
    const server = require('node:http').createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(answer));
    });
    server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolvePromise({ child, api: String(chunk).trim() }));
    child.once('exit', (code) => reject(new Error(`the stub API exited with ${code}`)));
  });
}

function result(command: 'help' | 'flows', setup: Setup): BenchmarkResult {
  return {
    value: setup.medians[command],
    baseline: setup.medians.node,
    unit: 'ms',
    target: 2,
    targetIsRatio: true,
    details: {
      rounds: ROUNDS,
      p90: Number(setup.p90[command].toFixed(1)),
      baselineP90: Number(setup.p90.node.toFixed(1)),
      ...(command === 'flows'
        ? {
            stubApiMedian: Number(setup.medians.stub.toFixed(1)),
            stubApiRatio: Number((setup.medians.stub / setup.medians.node).toFixed(3)),
          }
        : {}),
      node: process.version,
      compileCache: process.versions.node.split('.').map(Number)[0]! >= 22 ? 'on' : 'n/a (Node < 22)',
    },
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'cli: --help',
    description:
      '`headwater --help` from an npm install of the packed tarballs (median of 40 rounds), against `node -e 0` in the same rounds',
    run: async () => result('help', await measure()),
  },
  {
    name: 'cli: get flows',
    description:
      '`headwater get flows` against a running server, from the same install (median of 40 rounds), against `node -e 0` in the same rounds',
    run: async () => result('flows', await measure()),
  },
];
