import { describe, expect, it, vi } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { main } from './main.js';

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
});
