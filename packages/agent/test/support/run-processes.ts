import { execFileSync } from 'node:child_process';

/** This process's children that are run processes of a flow (`… execute flow-run …`). */
export function runProcessPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('execute flow-run'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}
