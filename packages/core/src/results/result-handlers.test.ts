import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WireFormatError } from '../errors/wire-format-error.js';
import { JSONResultHandler } from './json-result-handler.js';
import { LocalResultHandler } from './local-result-handler.js';
import { resultHandlerFromSerialized } from './result-handler-from-serialized.js';

describe('result handlers', () => {
  it('JSON keeps values in the state, up to a size limit', async () => {
    const handler = new JSONResultHandler({ maxBytes: 20 });
    expect(await handler.write({ a: [1, 2] })).toEqual({ a: [1, 2] });
    expect(await handler.read({ a: 1 })).toEqual({ a: 1 });
    await expect(handler.write('x'.repeat(40))).rejects.toThrow(
      /42 bytes of JSON exceeds the JSONResultHandler limit of 20/,
    );
    await expect(handler.write(() => 1)).rejects.toThrow(/result is a function/);
  });

  it('Local writes files in its directory and reads them back', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'headwater-')), 'nested');
    const handler = new LocalResultHandler({ dir });
    const reference = await handler.write({ rows: [1, 2, 3] });
    expect(reference).toMatch(new RegExp(`^${dir}/.+\\.json$`));
    expect(await handler.read(reference)).toEqual({ rows: [1, 2, 3] });
    await expect(handler.read(join(dir, 'gone.json'))).rejects.toThrow(/Could not read the result file/);
    const map = new Map([['at', new Date(0)]]);
    expect(await handler.read(await handler.write(map))).toEqual(map);
  });

  it('read results stored as plain JSON before encodings existed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headwater-'));
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ rows: [1, 2] }));
    expect(await new LocalResultHandler({ dir }).read(old)).toEqual({ rows: [1, 2] });
    expect(await new JSONResultHandler().read({ rows: [1, 2] })).toEqual({ rows: [1, 2] });
  });

  it('are restored from their serialized form, unknown types rejected', () => {
    const local = resultHandlerFromSerialized(new LocalResultHandler({ dir: '/data' }).serialize());
    expect(local).toBeInstanceOf(LocalResultHandler);
    expect((local as LocalResultHandler).dir).toBe('/data');
    expect(
      (resultHandlerFromSerialized({ type: 'JSONResultHandler', __version__: '0' }) as JSONResultHandler)
        .maxBytes,
    ).toBe(65_536);
    expect(() => resultHandlerFromSerialized({ type: 'S3ResultHandler', __version__: '0' })).toThrow(
      WireFormatError,
    );
  });
});
