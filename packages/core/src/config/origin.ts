/**
 * `value` as a web origin (`https://ui.example.com`, `http://127.0.0.1:5173`): http(s), host
 * and port only; a trailing `/` is dropped. `undefined` when it is anything else (a path, a
 * query, credentials, `*`).
 *
 * @example
 * ```ts
 * parseOrigin('https://UI.example.com/'); // 'https://ui.example.com'
 * parseOrigin('https://ui.example.com/app'); // undefined
 * ```
 */
export function parseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  return bare && web ? url.origin : undefined;
}
