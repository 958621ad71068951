import type { StateRecord } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { DateTime } from './time-ago.js';

/** A run's append-only state history, oldest first, each state in its colour with its message. */
export function StateHistory({ records, testId }: { records: readonly StateRecord[]; testId?: string }) {
  const { states } = useSession();
  return (
    <ol className="timeline" data-testid={testId}>
      {records.map((record) => (
        <li key={record.id} className={`timeline-item tone-${states.tone(record.state)}`}>
          <span className="dot" aria-hidden="true" />
          <div>
            <div>
              <strong>{record.state}</strong>{' '}
              <span className="when">
                · <DateTime iso={record.timestamp} />
              </span>
            </div>
            {record.message && <div className="message">{record.message}</div>}
          </div>
        </li>
      ))}
    </ol>
  );
}
