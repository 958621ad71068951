import { useLocation, useSearchParams } from 'react-router';

/** Where a cursor-paginated list is: its cursor and page number in the URL, the way back in history state. */
export interface CursorPage {
  /** The cursor to load the page after (null: the first page). */
  after: string | null;
  /** How many rows come before this page. */
  offset: number;
  next(endCursor: string): void;
  /** Null when the way back is unknown (a page opened from a link): use `first`. */
  previous: (() => void) | null;
  /** Null on the first page. */
  first: (() => void) | null;
}

/**
 * Keeps a list's page in the URL (`after`, `page`) so a reload or a shared link shows the same
 * rows; the cursors of earlier pages travel in the history entry's state, for "Previous".
 * Filters that change the list should drop both parameters (see `withoutPage`).
 */
export function useCursorPage(pageSize: number): CursorPage {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const after = params.get('after');
  const page = after ? Math.max(2, Number(params.get('page')) || 2) : 1;
  const earlier = (location.state as { cursors?: string[] } | null)?.cursors ?? [];
  const go = (cursor: string | null, number: number, cursors: string[]) => {
    const next = withoutPage(params);
    if (cursor) {
      next.set('after', cursor);
      next.set('page', String(number));
    }
    setParams(next, { state: { cursors } });
  };
  return {
    after,
    offset: (page - 1) * pageSize,
    next: (endCursor) => go(endCursor, page + 1, [...earlier, after ?? '']),
    previous:
      after && earlier.length > 0 ? () => go(earlier.at(-1) || null, page - 1, earlier.slice(0, -1)) : null,
    first: after ? () => go(null, 1, []) : null,
  };
}

/** `params` without the page parameters, for a change that starts the list over. */
export function withoutPage(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('after');
  next.delete('page');
  return next;
}
