import { describe, expect, it } from 'vitest';
import { decodeBuildkitStatus } from './buildkit-status.js';

// `aux` of `moby.buildkit.trace` events a Docker 20.10 engine sent while building.
const steps =
  'CpcBCkdzaGEyNTY6OWFjMzEzYzNhN2Q1YjhjM2UwMjQ5NTQzYmI4YjdlNDRiMmQ4ZjMzNDI3ZDdjM2FhYzBjN2M5ODg3YzQwOTI0ORowWzEvNl0gRlJPTSBkb2NrZXIuaW8vaGVhZHdhdGVyLXRlc3Qvbm9kZToyMC4yMC4yKgwIheak2AYQ2aDnvQEyDAiF5qTYBhDitfC9AQrOAQpHc2hhMjU2Ojc4MDhkZWNjNTdmODU5ZWIyNWMwMTZkMTllZThlYmU4N2ZkOGYzNDAxODllMjg5MTNiY2RjNGFmYTg2MWZiYzYSR3NoYTI1Njo5YWMzMTNjM2E3ZDViOGMzZTAyNDk1NDNiYjhiN2U0NGIyZDhmMzM0MjdkN2MzYWFjMGM3Yzk4ODdjNDA5MjQ5GhxbMi82XSBXT1JLRElSIC9vcHQvaGVhZHdhdGVyIAEqDAiF5qTYBhCJ+tm+ATIMCIXmpNgGEKSU274BCrACCkdzaGEyNTY6ODBkZjI4ZTljYTUyMDYzOWRlNDczY2Q2MDM0Mzc3Mjk1ZGExMTJjNzg4ZGU2MTI1OTk4MmFiOTFhZmIyZWM5NhJHc2hhMjU2Ojc4MDhkZWNjNTdmODU5ZWIyNWMwMTZkMTllZThlYmU4N2ZkOGYzNDAxODllMjg5MTNiY2RjNGFmYTg2MWZiYzYSR3NoYTI1NjozNjZiMGExOGQ2ZDY5YzNhMDZjZGVjN2E5OWQ1ODk4YWI3Njc1NDBjYjYwNTM0YjUyNGVlYWFmMDQ3OTRlOWI4GkVbMy82XSBDT1BZIFtmaWxlcy8wL3NldHRpbmdzLmpzb24sIC9ldGMvaGVhZHdhdGVyLXRlc3Qvc2V0dGluZ3MuanNvbl0qDAiF5qTYBhDrvd++AQ==';
const stderr =
  'Gl8KR3NoYTI1NjplNDk1NWM4ZmIwZjg2MTI0NWU3ZWI2ODMwNDE1M2ZjMjkwZmI5NzU4ZjAzZDIxMGM1ZGYwMGE4MzhlZWE4N2VhEgwIheak2AYQpaeciQIYAiIEZXJyCg==';
const failed =
  'CroCCkdzaGEyNTY6N2QzYzUyY2UwMjg3ZGI0NGY2OWUzNjkxYjBmNDhhZTQ2YzgyYjZlOGExZTA3ZTRhNmFhYTFmNDljYTY3ZjMzMxJHc2hhMjU2OmU0OTU1YzhmYjBmODYxMjQ1ZTdlYjY4MzA0MTUzZmMyOTBmYjk3NThmMDNkMjEwYzVkZjAwYTgzOGVlYTg3ZWEaOVs2LzZdIFJVTiBbIm5vZGUiLCItZSIsImNvbnNvbGUubG9nKDEpOyBwcm9jZXNzLmV4aXQoMykiXSoMCIXmpNgGENK7uZICMgwIheak2AYQzvzyhgM6T2V4ZWN1dG9yIGZhaWxlZCBydW5uaW5nIFtub2RlIC1lIGNvbnNvbGUubG9nKDEpOyBwcm9jZXNzLmV4aXQoMyldOiBleGl0IGNvZGU6IDM=';

describe('decodeBuildkitStatus', () => {
  it('reads vertexes: name, cached, started, completed', () => {
    const { vertexes, logs } = decodeBuildkitStatus(steps);
    expect(logs).toEqual([]);
    expect(
      vertexes.map(({ name, cached, started, completed }) => ({ name, cached, started, completed })),
    ).toEqual([
      {
        name: '[1/6] FROM docker.io/headwater-test/node:20.20.2',
        cached: false,
        started: true,
        completed: true,
      },
      { name: '[2/6] WORKDIR /opt/headwater', cached: true, started: true, completed: true },
      {
        name: '[3/6] COPY [files/0/settings.json, /etc/headwater-test/settings.json]',
        cached: false,
        started: true,
        completed: false,
      },
    ]);
    expect(vertexes[0]!.digest).toBe(
      'sha256:9ac313c3a7d5b8c3e0249543bb8b7e44b2d8f33427d7c3aac0c7c9887c409249',
    );
    expect(vertexes[0]!.error).toBeUndefined();
  });

  it('reads a log chunk with its vertex and stream', () => {
    const { vertexes, logs } = decodeBuildkitStatus(stderr);
    expect(vertexes).toEqual([]);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.vertex).toBe('sha256:e4955c8fb0f861245e7eb68304153fc290fb9758f03d210c5df00a838eea87ea');
    expect(logs[0]!.stream).toBe(2);
    expect(Buffer.from(logs[0]!.data).toString()).toBe('err\n');
  });

  it('reads the error of a failed vertex', () => {
    const [vertex] = decodeBuildkitStatus(failed).vertexes;
    expect(vertex?.name).toBe('[6/6] RUN ["node","-e","console.log(1); process.exit(3)"]');
    expect(vertex?.error).toBe(
      'executor failed running [node -e console.log(1); process.exit(3)]: exit code: 3',
    );
  });

  it('rejects a truncated message', () => {
    const truncated = Buffer.from(failed, 'base64').subarray(0, 40).toString('base64');
    expect(() => decodeBuildkitStatus(truncated)).toThrow(/truncated/);
  });
});
