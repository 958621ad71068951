import { describe, expect, it } from 'vitest';
import { PushProgress } from './push-progress.js';

describe('PushProgress', () => {
  it('never counts a layer past its size, so the push never passes 100 %', () => {
    const progress = new PushProgress();
    progress.update({ id: 'a', status: 'Pushing', progressDetail: { current: 512, total: 1000 } });
    const tally = progress.update({
      id: 'b',
      status: 'Pushing',
      progressDetail: { current: 22016, total: 10245 },
    });
    expect(tally).toEqual({ done: 512 + 10245, total: 11245, layers: 2 });
    expect(progress.update({ id: 'a', status: 'Pushed' })).toEqual({ done: 11245, total: 11245, layers: 2 });
  });

  it('ignores events that count nothing: layers it never saw pushing, and lines without a layer', () => {
    const progress = new PushProgress();
    expect(progress.update({ id: 'c', status: 'Layer already exists' })).toBeUndefined();
    expect(progress.update({ status: 'The push refers to repository [127.0.0.1:5000/etl]' })).toBeUndefined();
    expect(progress.update({ id: 'd', status: 'Preparing' })).toBeUndefined();
  });
});
