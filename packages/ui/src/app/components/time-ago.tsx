import { formatDateTime, formatDateTimeWithZone, formatRelative } from '../lib/format.js';

/** A time shown relative to now ("3 minutes ago"), the exact time on hover. */
export function TimeAgo({ iso, fallback = '—' }: { iso: string | null | undefined; fallback?: string }) {
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className="nowrap">
      {formatRelative(iso)}
    </time>
  );
}

/** A time shown exactly ("Nov 27, 14:03:12"), or with its zone ("Nov 27, 14:03 GMT+1") for times ahead. */
export function DateTime({
  iso,
  fallback = '—',
  withZone = false,
}: {
  iso: string | null | undefined;
  fallback?: string;
  withZone?: boolean;
}) {
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={iso} className="nowrap">
      {withZone ? formatDateTimeWithZone(iso) : formatDateTime(iso)}
    </time>
  );
}
