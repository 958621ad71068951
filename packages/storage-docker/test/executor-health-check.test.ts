import { recordingReporter } from '@headwater/storage-kit';
import { requireTestEnv } from '@headwater/testing';
import { describe, expect, it } from 'vitest';
import { createDockerStorage, HealthCheckError } from '../src/index.js';
import { flow } from './fixtures/unbundled-executor-flow.js';
import { runNamespace } from './support/docker-test-support.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

describe.runIf(setup.available)("the image's health check resolves each flow's executor", () => {
  const env = setup.available ? setup.env : ({} as never);

  it('fails the build on an executor the image cannot load, before anything is pushed', async () => {
    const storage = createDockerStorage({
      baseImage: env.baseImage,
      dockerHost: env.dockerHost,
      registryUrl: `${env.registry}/${runNamespace()}`,
    });
    storage.addFlow(flow);
    const reporter = recordingReporter();
    const error = await storage.build({ reporter }).catch((e: unknown) => e);
    expect(HealthCheckError.isInstance(error)).toBe(true);
    const output = (error as HealthCheckError).output;
    expect(output).toContain(
      'executor "headwater-test-queue-executor:QueueExecutor" of flow "unbundled-executor"',
    );
    expect(output).toMatch(/package headwater-test-queue-executor is not installed/);
    const steps = reporter.events.filter((e) => e.method === 'step').map((e) => e.id);
    expect(steps).toContain('health-check');
    expect(steps).not.toContain('push');
  });
});
