/** The API a client talks to when nothing else is configured. */
export const DEFAULT_API_URL = 'http://127.0.0.1:4200';

/**
 * Normalizes an API base URL: no trailing slash, and a `/graphql` suffix removed, so
 * `http://127.0.0.1:4200/`, `http://127.0.0.1:4200/graphql` and `http://127.0.0.1:4200` are
 * the same API (and share one stored token).
 */
export function normalizeApiUrl(api: string): string {
  let url: URL;
  try {
    url = new URL(api.trim());
  } catch (cause) {
    throw new TypeError(`"${api}" is not a valid API URL: use e.g. ${DEFAULT_API_URL}.`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`"${api}" is not an http(s) API URL: use e.g. ${DEFAULT_API_URL}.`);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return `${url.origin}${path}`;
}

/** The GraphQL endpoint of an API base URL. */
export function graphqlEndpoint(api: string): string {
  return `${normalizeApiUrl(api)}/graphql`;
}

/**
 * The API base URLs of a setting that names one or several replicas of one API: a
 * comma-separated list (`http://a:4200,http://b:4200`, as in `HEADWATER__CLOUD__API`) or an
 * array of such lists (a repeated `--api`). Each is normalized; repeats are dropped; the order
 * is kept (the first is the primary).
 *
 * @example
 * ```ts
 * parseApiUrls('http://10.0.0.5:4200, http://10.0.0.6:4200/graphql'); // ['http://10.0.0.5:4200', 'http://10.0.0.6:4200']
 * ```
 */
export function parseApiUrls(value: string | readonly string[]): string[] {
  const urls = (typeof value === 'string' ? [value] : value)
    .flatMap((list) => list.split(','))
    .map((url) => url.trim())
    .filter((url) => url !== '')
    .map(normalizeApiUrl);
  if (urls.length === 0)
    throw new TypeError(
      `No API URL given: name one, or several separated by commas, e.g. ${DEFAULT_API_URL}.`,
    );
  return [...new Set(urls)];
}
