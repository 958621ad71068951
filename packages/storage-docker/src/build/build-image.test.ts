import { describe, expect, it } from 'vitest';
import { stepOfVertex } from './build-image.js';
import { dockerfileSteps } from './dockerfile.js';

describe('stepOfVertex', () => {
  const steps = dockerfileSteps({
    baseImage: 'headwater-test/node:20.20.2',
    hasDependencies: true,
    files: [{ context: 'files/0/settings.json', destination: '/etc/headwater-test/settings.json' }],
    env: { TOKEN: 'secret' },
    labels: { 'io.headwater.flows': '["etl"]' },
    runtimeImage: 'headwater-runtime:0123456789abcdef',
  });
  const kindOf = (name: string) => {
    const index = stepOfVertex(steps, name, 'headwater-test/node:20.20.2');
    return index === undefined ? undefined : `${steps[index]!.kind}: ${steps[index]!.instruction}`;
  };

  // Vertex names as a Docker 20.10 engine's BuildKit reports them.
  it('finds the instruction of each Dockerfile vertex, whatever BuildKit did to its arguments', () => {
    expect(kindOf('[stage-0  1/10] FROM docker.io/headwater-test/node:20.20.2')).toBe(
      'base: FROM headwater-test/node:20.20.2',
    );
    expect(kindOf('[stage-0 3/10] COPY install/ /opt/headwater/')).toBe(
      'dependencies: COPY install/ /opt/headwater/',
    );
    expect(
      kindOf('[4/8] RUN npm install --omit=dev --no-audit --no-fund --no-update-notifier --loglevel=warn'),
    ).toMatch(/^dependencies: RUN npm install/);
    expect(kindOf('[5/8] COPY [files/0/settings.json, /etc/headwater-test/settings.json]')).toBe(
      'files: COPY ["files/0/settings.json", "/etc/headwater-test/settings.json"]',
    );
    expect(
      kindOf(
        '[stage-0 6/8] COPY --from=headwater-runtime:0123456789abcdef /opt/headwater/runtime/ /opt/headwater/runtime/',
      ),
    ).toMatch(/^setup: COPY --from=/);
    expect(kindOf('[7/8] COPY app/ /opt/headwater/')).toBe('bundle: COPY app/ /opt/headwater/');
    expect(
      kindOf(
        '[8/8] RUN ["node","--enable-source-maps","/opt/headwater/health-check.mjs","/opt/headwater/health-check.json"]',
      ),
    ).toMatch(/^health-check: RUN/);
  });

  it('gives resolving the base image to FROM, and BuildKit’s own work to no step', () => {
    expect(kindOf('[internal] load metadata for docker.io/headwater-test/node:20.20.2')).toMatch(/^base: /);
    expect(
      kindOf('[internal] load metadata for docker.io/library/headwater-runtime:0123456789abcdef'),
    ).toBeUndefined();
    expect(kindOf('[internal] load remote build context')).toBeUndefined();
    expect(kindOf('copy /context /')).toBeUndefined();
    expect(kindOf('exporting to image')).toBeUndefined();
  });
});
