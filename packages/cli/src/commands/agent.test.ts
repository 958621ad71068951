import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

/** Runs the CLI with stderr captured; resolves to the exit code and what it printed there. */
async function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'headwater', ...args]);
    return { code, stderr: write.mock.calls.map((call) => String(call[0])).join('') };
  } finally {
    write.mockRestore();
  }
}

describe('headwater agent start / execute flow-run', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses an unknown agent type as bad usage', async () => {
    const { code, stderr } = await run('agent', 'start', 'kubernetes');
    expect(code).toBe(2);
    expect(stderr).toMatch(/Allowed choices are docker, process/);
  });

  it('refuses to start an agent without a token, saying how to get one', async () => {
    vi.stubEnv('HEADWATER__CLOUD__AUTH_TOKEN', '');
    vi.stubEnv('HEADWATER__CLOUD__AGENT__AUTH_TOKEN', '');
    vi.stubEnv('HEADWATER__HOME_DIR', '/nonexistent/headwater-home');
    const { code, stderr } = await run('agent', 'start', 'process', '--api', 'http://127.0.0.1:9');
    expect(code).toBe(1);
    expect(stderr).toContain('No API token for agent');
    expect(stderr).toContain('--scope RUNNER');
  });

  it('rejects a malformed memory limit before starting anything', async () => {
    const { code, stderr } = await run('agent', 'start', 'docker', '--memory', 'lots');
    expect(code).toBe(2);
    expect(stderr).toContain('"lots" is not a memory size');
  });

  it('rejects a malformed --env before starting anything', async () => {
    const { code, stderr } = await run('agent', 'start', 'process', '--env', 'NO_EQUALS_SIGN');
    expect(code).toBe(2);
    expect(stderr).toContain('Malformed --env "NO_EQUALS_SIGN"');
  });

  it('says what is missing when execute flow-run runs outside a flow run', async () => {
    vi.stubEnv('HEADWATER__CONTEXT__FLOW_RUN_ID', '');
    const { code, stderr } = await run('execute', 'flow-run');
    expect(code).toBe(1);
    expect(stderr).toContain('HEADWATER__CONTEXT__FLOW_RUN_ID is not set');
  });
});
