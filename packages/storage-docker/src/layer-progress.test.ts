import { describe, expect, it } from 'vitest';
import { LayerProgress, PULL_STATUSES, PUSH_STATUSES } from './layer-progress.js';

describe('LayerProgress', () => {
  it('never counts a pushed layer past its size, so a push never passes 100 %', () => {
    const progress = new LayerProgress(PUSH_STATUSES);
    progress.update({ id: 'a', status: 'Pushing', progressDetail: { current: 512, total: 1000 } });
    const tally = progress.update({
      id: 'b',
      status: 'Pushing',
      progressDetail: { current: 22016, total: 10245 },
    });
    expect(tally).toEqual({ done: 512 + 10245, total: 11245, layers: 2 });
    expect(progress.update({ id: 'a', status: 'Pushed' })).toEqual({ done: 11245, total: 11245, layers: 2 });
  });

  it('ignores events that count nothing: layers it never saw moving, and lines without a layer', () => {
    const progress = new LayerProgress(PUSH_STATUSES);
    expect(progress.update({ id: 'c', status: 'Layer already exists' })).toBeUndefined();
    expect(progress.update({ status: 'The push refers to repository [127.0.0.1:5000/etl]' })).toBeUndefined();
    expect(progress.update({ id: 'd', status: 'Preparing' })).toBeUndefined();
  });

  it('counts a pull by its downloads, so extracting a layer does not move the count back', () => {
    const progress = new LayerProgress(PULL_STATUSES);
    progress.update({ id: 'a', status: 'Downloading', progressDetail: { current: 700, total: 1000 } });
    expect(progress.update({ id: 'a', status: 'Download complete' })).toEqual({
      done: 1000,
      total: 1000,
      layers: 1,
    });
    expect(
      progress.update({ id: 'a', status: 'Extracting', progressDetail: { current: 10, total: 1000 } }),
    ).toBeUndefined();
    expect(progress.update({ id: 'a', status: 'Pull complete' })).toEqual({
      done: 1000,
      total: 1000,
      layers: 1,
    });
  });
});
