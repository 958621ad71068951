/**
 * `pnpm bench [filter]`: runs every `bench/*.bench.ts` (benchmarks across packages, such as
 * the agent's pickup against a real server) and `packages/<name>/bench/*.bench.ts` (each
 * exports `benchmarks: Benchmark[]`), writes `bench/results.json` and prints a markdown table.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark, BenchmarkResult } from './harness.js';

const root = join(import.meta.dirname, '..');
const filter = process.argv[2];

const benchFiles = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.bench.ts'))
        .sort()
        .map((f) => join(dir, f))
    : [];
const files = [
  ...readdirSync(join(root, 'packages'))
    .sort()
    .flatMap((pkg) => benchFiles(join(root, 'packages', pkg, 'bench'))),
  ...benchFiles(join(root, 'bench')),
];

const rows: (BenchmarkResult & { name: string; description: string; ratio?: number; met?: boolean })[] = [];
/** Every benchmark there is, filtered or not: results of benchmarks since removed are dropped. */
const known = new Set<string>();
for (const file of files) {
  const { benchmarks } = (await import(pathToFileURL(file).href)) as { benchmarks: Benchmark[] };
  for (const bench of benchmarks) {
    known.add(bench.name);
    if (filter && !bench.name.includes(filter)) continue;
    process.stderr.write(`running ${bench.name}…\n`);
    const result = await bench.run();
    const ratio = result.baseline ? result.value / result.baseline : undefined;
    const measured = result.targetIsRatio ? ratio : result.value;
    const met =
      result.target === undefined || measured === undefined
        ? undefined
        : result.higherIsBetter
          ? measured >= result.target
          : measured <= result.target;
    rows.push({ name: bench.name, description: bench.description, ...result, ratio, met });
  }
}

const fmt = (n: number | undefined) => (n === undefined ? '' : Number(n.toPrecision(4)).toString());
// A filtered run replaces only its own rows, so `pnpm bench engine` keeps the other results.
const resultsFile = join(root, 'bench', 'results.json');
const previous: typeof rows =
  filter && existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).results : [];
const measured = new Set(rows.map((r) => r.name));
writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      results: [...previous.filter((r) => known.has(r.name) && !measured.has(r.name)), ...rows],
    },
    null,
    2,
  )}\n`,
);
console.log('| benchmark | value | baseline | ratio | target | met |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const target =
    r.target === undefined
      ? ''
      : `${r.higherIsBetter ? '≥' : '≤'} ${fmt(r.target)}${r.targetIsRatio ? '×' : ` ${r.unit}`}`;
  console.log(
    `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit}`} | ${fmt(r.ratio)} | ${target} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} |`,
  );
}
