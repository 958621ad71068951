import type { ReactNode } from 'react';
import { CommandLine } from './command-line.js';

/** What is missing and what to do next; optionally the command that does it. */
export function EmptyState({
  title,
  children,
  command,
  compact = false,
}: {
  title: string;
  children?: ReactNode;
  command?: string;
  compact?: boolean;
}) {
  return (
    <div className={`empty-state${compact ? ' compact' : ''}`}>
      <h3>{title}</h3>
      {children}
      {command && (
        <div className="command-wrap">
          <CommandLine command={command} />
        </div>
      )}
    </div>
  );
}
