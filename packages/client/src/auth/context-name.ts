import { normalizeApiUrl } from '../api-url.js';

/**
 * The name `headwater auth login` gives a context when none is chosen: the API's host and
 * port, and its path when it has one (`http://127.0.0.1:4300` → `127.0.0.1:4300`).
 */
export function defaultContextName(api: string): string {
  const url = new URL(normalizeApiUrl(api));
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}${url.pathname === '/' ? '' : url.pathname}`;
}

/**
 * Checks a context name chosen by the user: letters, digits and `. _ : / @ -`, no URL (a name
 * and a URL both select a context in `auth switch`, so a name must not read as a URL).
 */
export function checkContextName(name: string): string {
  if (!/^[\w.:/@-]{1,100}$/.test(name) || name.includes('://'))
    throw new TypeError(
      `"${name}" is not a valid context name: use up to 100 letters, digits and . _ : / @ - (e.g. "staging"), and no URL.`,
    );
  return name;
}
