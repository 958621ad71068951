// Not an `import`: an ESM import of node:util also evaluates its lazy exports (parseArgs, diff
// and more), a few ms of every command's start.
const { stripVTControlCharacters } = process.getBuiltinModule('node:util');

/** One column of a table: its header and how to get the cell from a row. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

/**
 * Formats rows as a table with aligned columns, headers first, two spaces between columns,
 * no trailing spaces. Cells with line breaks are shown on one line.
 *
 * @example
 * ```ts
 * formatTable([{ header: 'NAME', value: (p) => p.name }], projects);
 * ```
 */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const headers = columns.map((column) => column.header);
  const widths = headers.map((header, index) =>
    Math.max(visibleLength(header), ...cells.map((line) => visibleLength(line[index]!))),
  );
  const render = (line: string[]) =>
    line
      .map((cell, index) =>
        index === line.length - 1 ? cell : cell + ' '.repeat(widths[index]! - visibleLength(cell)),
      )
      .join('  ')
      .trimEnd();
  return [render(headers), ...cells.map(render)].join('\n');
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/\s*\n\s*/g, ' ');
}

function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}
