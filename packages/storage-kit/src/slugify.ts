/**
 * A file-system and Docker friendly name: lower case ASCII letters and digits joined by
 * single dashes (`"ETL: Daily Sales"` → `"etl-daily-sales"`).
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128);
}
