/**
 * The export conditions this Node process was started with (`--conditions`/`-C`, on its
 * command line or in `NODE_OPTIONS`), so resolving a package from another directory picks the
 * same files Node's own `import` would.
 */
export function nodeConditions(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env.NODE_OPTIONS,
): string[] {
  const args = [...execArgv, ...(nodeOptions?.split(/\s+/).filter(Boolean) ?? [])];
  const conditions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg);
    if (inline) conditions.push(inline[1]!);
    else if ((arg === '--conditions' || arg === '-C') && args[i + 1]) conditions.push(args[++i]!);
  }
  return conditions;
}
