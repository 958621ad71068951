import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addGlobalOptions, globalOptions } from './global-options.js';

/** The global options a command sees after parsing `args`. */
function parsed(...args: string[]) {
  const program = addGlobalOptions(new Command('headwater'));
  const agent = addGlobalOptions(program.command('agent').action(() => undefined));
  program.parse(args, { from: 'user' });
  return globalOptions(agent);
}

describe('global options', () => {
  it('takes several API URLs from a comma-separated --api, a repeated --api, or both', () => {
    expect(parsed('agent', '--api', 'http://a:4200,http://b:4200').api).toBe('http://a:4200,http://b:4200');
    expect(parsed('agent', '--api', 'http://a:4200', '--api', 'http://b:4200,http://c:4200').api).toBe(
      'http://a:4200,http://b:4200,http://c:4200',
    );
    expect(parsed('--api', 'http://a:4200', 'agent').api).toBe('http://a:4200');
    expect(parsed('agent').api).toBeUndefined();
  });
});
