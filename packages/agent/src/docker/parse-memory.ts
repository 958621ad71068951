/** `512m`, `2g`, `1048576` → bytes. */
export function parseMemory(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a memory size; use bytes or e.g. 512m, 2g.`);
  const factor = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase()]!;
  return Math.round(Number(match[1]) * factor);
}
