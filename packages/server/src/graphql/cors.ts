import { ConfigError, parseOrigin } from '@headwater/core';

/** What yoga's `cors` option takes for one request: CORS headers to send, or none (`false`). */
type CorsDecision = false | { origin: string[]; credentials: boolean; methods: string[]; maxAge: number };

/**
 * The CORS policy of the API: a browser page on one of `origins` may call it (GET and POST,
 * with an `authorization` header: tokens are never cookies, so no credentials mode); any other
 * origin gets no CORS header at all, so its pages cannot read the answers. The UI the server
 * serves is on the server's own origin and needs no CORS.
 *
 * @example
 * ```ts
 * createYoga({ cors: corsPolicy(['https://ops.example.com']) });
 * ```
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CorsDecision {
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return { origin: [origin], credentials: false, methods: ['GET', 'POST'], maxAge: 600 };
  };
}

/**
 * `origins` normalised (`https://UI.example.com/` → `https://ui.example.com`); throws a
 * {@link ConfigError} naming `source` for anything that is not a web origin.
 */
export function checkCorsOrigins(origins: readonly string[], source: string): string[] {
  return origins.map((value) => {
    const origin = parseOrigin(value);
    if (origin === undefined) {
      throw new ConfigError({
        source,
        message: `"${value}" is not a web origin: give scheme, host and port only, e.g. https://ops.example.com.`,
      });
    }
    return origin;
  });
}
