import { describe, expect, it } from 'vitest';
import { dockerConnectionOptions } from './docker-client.js';

describe('dockerConnectionOptions', () => {
  it('reads unix sockets, tcp hosts and the default', () => {
    expect(dockerConnectionOptions('unix:///run/docker.sock')).toEqual({ socketPath: '/run/docker.sock' });
    expect(dockerConnectionOptions('tcp://127.0.0.1:2376')).toEqual({
      host: '127.0.0.1',
      port: 2376,
      protocol: 'http',
    });
    expect(dockerConnectionOptions('')).toEqual({ socketPath: '/var/run/docker.sock' });
  });
});
