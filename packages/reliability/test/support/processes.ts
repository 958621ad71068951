import { readdirSync, readFileSync } from 'node:fs';

/** Ids of the processes on this (Linux) host whose command line contains every one of `parts`. */
export function processesWith(...parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (parts.every((part) => commandLine.includes(part))) pids.push(Number(entry));
  }
  return pids;
}
