import type { ReactNode } from 'react';

/** An error in plain words, announced to screen readers. */
export function ErrorNotice({
  error,
  title,
  children,
}: {
  error?: unknown;
  title?: string;
  children?: ReactNode;
}) {
  const message = error instanceof Error ? error.message : error === undefined ? null : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <div>
        {title && <div className="notice-title">{title}</div>}
        {message && <p>{message}</p>}
        {children}
      </div>
    </div>
  );
}

export function Notice({
  tone = 'info',
  title,
  children,
}: {
  tone?: 'info' | 'success' | 'warning';
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'warning' ? 'alert' : 'status'}>
      <div>
        {title && <div className="notice-title">{title}</div>}
        {children}
      </div>
    </div>
  );
}
