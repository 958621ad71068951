/** Edit distance between two strings (insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Lower case without `_` and `-`: `registry_url`, `RegistryURL` and `registryUrl` are one name. */
const normalized = (name: string) => name.toLowerCase().replace(/[_-]/g, '');

/**
 * The known option `key` most likely stands for: the same name in another case style
 * (`registry_url` → `registryUrl`), else the closest by edit distance (`imagTag` →
 * `imageTag`), allowing one edit per four characters (at least one).
 *
 * @example
 * ```ts
 * suggestOption('imagTag', ['imageName', 'imageTag']); // 'imageTag'
 * ```
 */
export function suggestOption(key: string, known: readonly string[]): string | undefined {
  const sameName = known.find((name) => normalized(name) === normalized(key));
  if (sameName !== undefined) return sameName;
  const limit = Math.max(1, Math.floor(key.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(normalized(key), normalized(name));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
