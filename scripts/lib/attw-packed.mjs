// Runs @arethetypeswrong/cli on the tarball `pnpm pack` makes of the package in the working
// directory: `publishConfig.exports` (dist/ only, no `@headwater/source` condition) applies
// only when pnpm packs, so `attw --pack`, which runs `npm pack`, would check the wrong exports.
//
// Profile `esm-only`: the packages are ESM-only on purpose (`"type": "module"`, ESM builds,
// no `require` condition). It checks resolution from ESM under node16/nodenext and for
// bundlers, and leaves out node10 (which cannot read `exports`, so every subpath fails there)
// and node16 from CommonJS, where TypeScript's `node16` mode lets CommonJS `import()` ESM only.
// CommonJS users are covered by the e2e test that compiles a CommonJS project against the
// tarballs with `module: nodenext` (TypeScript 5.8+ resolves `require` of ESM there).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const cache = join(process.cwd(), 'node_modules', '.cache', 'attw');
mkdirSync(cache, { recursive: true });
const destination = mkdtempSync(join(cache, 'pack-'));
try {
  const packed = execFileSync('pnpm', ['pack', '--pack-destination', destination, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { filename } = JSON.parse(packed);
  execFileSync(
    'attw',
    [filename, '--profile', 'esm-only', '--no-definitely-typed', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
} catch (error) {
  // A command that ran and failed has said why; anything else (attw not found, no JSON) has not.
  process.exitCode = typeof error?.status === 'number' ? error.status : 1;
  if (typeof error?.status !== 'number') console.error(error);
} finally {
  rmSync(destination, { recursive: true, force: true });
}
