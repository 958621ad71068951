import type { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { createProgram, main } from './main.js';

describe('main', () => {
  it('prints the version and exits 0', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['node', 'headwater', 'version'])).toBe(0);
    expect(write).toHaveBeenCalledWith(`${packageJson.version}\n`);
    write.mockRestore();
  });

  it('exits 2 on an unknown command', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'headwater', 'no-such-command'])).toBe(2);
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/unknown command/);
    write.mockRestore();
  });

  it('gives every command help with an example, and documents the exit codes', () => {
    const helpOf = (command: Command) => {
      let text = '';
      command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
      command.outputHelp();
      return text;
    };
    const all = (command: Command): Command[] => command.commands.flatMap((sub) => [sub, ...all(sub)]);
    const program = createProgram();
    expect(helpOf(program)).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
    const missing = all(program)
      .filter((command) => !/Examples?:\n\s+\$ /.test(helpOf(command)))
      .map((command) => command.name());
    expect(missing).toEqual([]);
    expect(all(program).length).toBeGreaterThan(25);
  });
});
