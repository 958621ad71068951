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
