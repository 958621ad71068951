import { describe, expect, it } from 'vitest';
import { layoutTimeline } from './timeline.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds)).toISOString();

describe('layoutTimeline', () => {
  it('orders task runs by start time, those not started last, with offsets and lengths as fractions of the span', () => {
    const layout = layoutTimeline([
      { id: 'load', startTime: null, endTime: null },
      { id: 'transform', startTime: at(4), endTime: at(10) },
      { id: 'extract', startTime: at(0), endTime: at(4) },
    ]);
    expect(layout.start).toBe(at(0));
    expect(layout.span).toBe(10);
    expect(layout.bars.map((bar) => [bar.taskRun.id, bar.offset, bar.length, bar.seconds])).toEqual([
      ['extract', 0, 0.4, 4],
      ['transform', 0.4, 0.6, 6],
      ['load', 0, 0, null],
    ]);
  });

  it('runs a bar without an end up to now, marked open', () => {
    const now = Date.parse(at(20));
    const layout = layoutTimeline(
      [
        { id: 'a', startTime: at(0), endTime: at(5) },
        { id: 'b', startTime: at(10), endTime: null },
      ],
      now,
    );
    expect(layout.span).toBe(20);
    expect(layout.bars[1]).toMatchObject({ offset: 0.5, length: 0.5, seconds: 10, open: true });
    expect(layout.bars[0]?.open).toBe(false);
  });

  it('has no start and no bars to draw before any task run started', () => {
    const layout = layoutTimeline([{ id: 'a', startTime: null, endTime: null }]);
    expect(layout).toEqual({
      start: null,
      span: 0,
      bars: [
        {
          taskRun: { id: 'a', startTime: null, endTime: null },
          offset: 0,
          length: 0,
          seconds: null,
          open: false,
        },
      ],
    });
  });
});
