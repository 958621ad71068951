import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './build-program.js';
import { groupsNamedIn } from './commands/groups-named-in.js';
import { createProgram } from './main.js';

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

const definedGroups = (program: Command) =>
  program.commands.filter((command) => command.commands.length > 0).map((command) => command.name());

describe('buildProgram', () => {
  it('lists every command in --help as the whole tree does, with no group defined', () => {
    const outline = buildProgram(() => false);
    expect(helpOf(outline)).toBe(helpOf(createProgram()));
    expect(definedGroups(outline)).toEqual([]);
  });

  it('defines the groups a command line names, and gives their commands the global options', () => {
    const program = buildProgram(groupsNamedIn(['node', 'headwater', '--api', 'http://x', 'get', 'flows']));
    expect(definedGroups(program)).toEqual(['get']);
    const flows = program.commands.find((command) => command.name() === 'get')!.commands[1]!;
    expect(helpOf(flows)).toBe(
      helpOf(createProgram().commands.find((c) => c.name() === 'get')!.commands[1]!),
    );
    expect(flows.options.map((option) => option.long)).toContain('--api');
  });

  it('defines every group for completion, which reads the whole tree', () => {
    const program = buildProgram(groupsNamedIn(['node', 'headwater', 'completion', 'bash']));
    expect(definedGroups(program)).toEqual(definedGroups(createProgram()));
  });
});
