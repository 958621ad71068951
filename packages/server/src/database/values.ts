/** The current time as the ISO-8601 string every timestamp column holds. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Normalises a date-time (string, number or Date) to the stored ISO-8601 form. */
export function toIso(value: string | number | Date): string {
  return new Date(value).toISOString();
}

/** Serialises a value for a JSON column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Reads a JSON column. */
export function fromJson<T = unknown>(text: string | null | undefined): T {
  return (text == null ? null : JSON.parse(text)) as T;
}

/** Reads an integer flag column. */
export function flag(value: number | boolean | null | undefined): boolean {
  return Boolean(value);
}

/** PostgreSQL's text of a UTC timestamp: `2026-12-03 09:01:08.12+00`, or in JSON `2026-12-03T09:01:08.12+00:00`. */
const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00(?::00)?$/;

/**
 * A `timestamptz` as PostgreSQL writes it, in the stored ISO-8601 form (milliseconds, `Z`). A
 * session in UTC (the usual) is read as text, without a `Date`; other offsets go through one.
 */
export function postgresTimestampToIso(text: string, parse: (text: string) => Date): string {
  const utc = UTC_TIMESTAMP.exec(text);
  if (utc === null) return parse(text).toISOString();
  const fraction =
    utc[3] === undefined ? '000' : utc[3].length >= 3 ? utc[3].slice(0, 3) : utc[3].padEnd(3, '0');
  return `${utc[1]}T${utc[2]}.${fraction}Z`;
}
