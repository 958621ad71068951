import type { Connection } from '../api/types.js';
import type { CursorPage } from '../lib/use-cursor-page.js';

/** "Showing 26–27 of 27" and the buttons to the first, previous and next page of a list. */
export function Pager({
  label,
  page,
  shown,
  total,
  endCursor,
  hasNextPage,
}: {
  /** What the list holds, e.g. "Flow runs" (names the navigation). */
  label: string;
  page: CursorPage;
  shown: number;
  total: number;
  endCursor: string | null;
  hasNextPage: boolean;
}) {
  if (shown === 0 || (!hasNextPage && !page.first)) {
    return total > 0 ? <p className="pager muted">{`${total} in total`}</p> : null;
  }
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <span className="muted" aria-live="polite">
        Showing {page.offset + 1}–{page.offset + shown} of {total}
      </span>
      <span className="row">
        {page.first && (
          <button type="button" className="btn btn-small" onClick={page.first}>
            First page
          </button>
        )}
        {page.previous && (
          <button type="button" className="btn btn-small" onClick={page.previous}>
            Previous
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          disabled={!hasNextPage || !endCursor}
          onClick={() => endCursor && page.next(endCursor)}
        >
          Next
        </button>
      </span>
    </nav>
  );
}

/** {@link Pager} for one page of a GraphQL connection. */
export function ConnectionPager({
  label,
  page,
  connection,
}: {
  label: string;
  page: CursorPage;
  connection: Connection<unknown>;
}) {
  return (
    <Pager
      label={label}
      page={page}
      shown={connection.nodes.length}
      total={connection.totalCount}
      endCursor={connection.pageInfo.endCursor}
      hasNextPage={connection.pageInfo.hasNextPage}
    />
  );
}
