import module from 'node:module';

/** The oldest Node.js the CLI runs on: `engines.node` of this package (a test keeps them equal). */
const MINIMUM_NODE = [22, 12] as const;

// On an older Node, the CLI's dependencies fail in ways that do not say why (a native module
// crashes the process with a segmentation fault), so it says so first.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1])) {
  process.stderr.write(
    `headwater needs Node.js ${MINIMUM_NODE.join('.')} or newer, and this is Node.js ${process.versions.node} (${process.execPath}).\n` +
      'Install a current Node.js (https://nodejs.org/, or `nvm install 24`), then install headwater again with it: `npm install --global headwater`.\n',
  );
  process.exit(1);
}

// Node 22+ keeps the compiled code of the CLI's modules between runs, under the Headwater
// home (the only place Headwater writes to besides the user's project). It must be on before
// the CLI's modules load, hence the dynamic import below.
const enableCompileCache = (module as { enableCompileCache?: (directory: string) => unknown })
  .enableCompileCache;
if (enableCompileCache && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  const [{ homedir }, { join }] = await Promise.all([import('node:os'), import('node:path')]);
  const home = process.env.HEADWATER__HOME_DIR || join(homedir(), '.headwater');
  try {
    enableCompileCache(join(home, 'cache', 'node-compile-cache'));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

// `headwater get flows | head`: once the reader is gone there is nothing left to say.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const { main } = await import('@headwater/cli');
process.exitCode = await main(process.argv);
