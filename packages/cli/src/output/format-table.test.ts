import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('aligns columns under their headers', () => {
    const rows = [
      { name: 'etl', count: 12, description: 'nightly\nload' },
      { name: 'a-much-longer-name', count: 3, description: null },
    ];
    const text = formatTable(
      [
        { header: 'NAME', value: (r) => r.name },
        { header: 'FLOW COUNT', value: (r) => r.count },
        { header: 'DESCRIPTION', value: (r) => r.description },
      ],
      rows,
    );
    expect(text.split('\n')).toEqual([
      'NAME                FLOW COUNT  DESCRIPTION',
      'etl                 12          nightly load',
      'a-much-longer-name  3',
    ]);
  });

  it('ignores color codes when measuring', () => {
    const text = formatTable(
      [
        { header: 'STATE', value: (r: { s: string }) => r.s },
        { header: 'X', value: () => 'x' },
      ],
      [{ s: '\u001b[32mSuccess\u001b[39m' }],
    );
    expect(text.split('\n')[1]).toBe('\u001b[32mSuccess\u001b[39m  x');
  });
});
