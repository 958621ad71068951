import { ErrorNotice, Notice } from './error-notice.js';

/** The outcome of a change: the server's error with its message, or (optionally) that it was saved. */
export function ChangeFeedback({
  change,
  failed,
  saved,
}: {
  change: { error: unknown; saved: boolean };
  /** Title of the error, e.g. "The labels were not changed". */
  failed: string;
  /** Shown once the change went through; nothing when omitted. */
  saved?: string;
}) {
  if (change.error)
    return (
      <div className="change-feedback">
        <ErrorNotice error={change.error} title={failed} />
      </div>
    );
  if (saved && change.saved)
    return (
      <div className="change-feedback">
        <Notice tone="success">{saved}</Notice>
      </div>
    );
  return null;
}
