/**
 * A token as it may be shown: the prefix `auth list-tokens` prints (`hw_` and four
 * characters) and an ellipsis; never the secret part.
 */
export function maskToken(token: string | undefined): string | null {
  if (!token) return null;
  return token.startsWith('hw_') && token.length > 16 ? `${token.slice(0, 7)}…` : '…';
}
