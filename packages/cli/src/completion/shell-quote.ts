/** `text` as one word for bash or zsh: single-quoted, inner single quotes closed and escaped. */
export function posixQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `text` as one word for fish, whose single quotes take `\\` and `\'` as escapes. */
export function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
