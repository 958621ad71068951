import { describe, expect, it } from 'vitest';
import { dockerfileSteps, renderDockerfile } from './dockerfile.js';

describe('dockerfileSteps', () => {
  it('orders steps from least to most often changing and ends with the health check', () => {
    const steps = dockerfileSteps({
      baseImage: 'node:20-slim',
      hasDependencies: true,
      files: [{ context: 'files/0/settings.json', destination: '/etc/app/settings.json' }],
      env: { TOKEN: 'secret value', A: '1' },
      labels: { 'io.headwater.flows': '["etl"]' },
      runtimeImage: 'headwater-runtime:0123456789abcdef',
    });
    expect(steps.map((s) => s.kind)).toEqual([
      'base',
      'setup',
      'setup',
      'setup',
      'dependencies',
      'dependencies',
      'files',
      'env',
      'setup',
      'setup',
      'bundle',
      'health-check',
    ]);
    const text = renderDockerfile(steps);
    expect(text.startsWith('FROM node:20-slim\n')).toBe(true);
    expect(text).toContain('COPY ["files/0/settings.json", "/etc/app/settings.json"]');
    expect(text).toContain('ENV A="1" \\\n    TOKEN="secret value"');
    expect(text).toContain(
      'COPY --from=headwater-runtime:0123456789abcdef /opt/headwater/runtime/ /opt/headwater/runtime/\nLABEL io.headwater.flows="[\\"etl\\"]"\nCOPY app/',
    );
    expect(text).toMatch(
      /RUN \["node","--enable-source-maps","\/opt\/headwater\/health-check.mjs","\/opt\/headwater\/health-check.json"\]\n$/,
    );
  });

  it('never shows ENV values in the loggable form', () => {
    const steps = dockerfileSteps({
      baseImage: 'b',
      hasDependencies: false,
      files: [],
      env: { TOKEN: 's3cr3t' },
      labels: {},
      runtimeImage: 'headwater-runtime:0123456789abcdef',
    });
    expect(steps.map((s) => s.display).join('\n')).not.toContain('s3cr3t');
    expect(steps.some((s) => s.kind === 'dependencies')).toBe(false);
  });
});
