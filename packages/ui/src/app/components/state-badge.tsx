import { useSession } from '../auth/session.js';

/** A run's state as a coloured pill; live states pulse. */
export function StateBadge({ state, label }: { state: string; label?: string }) {
  const { states } = useSession();
  const tone = states.tone(state);
  const live = tone === 'running' || tone === 'submitted' || tone === 'cancelling';
  return (
    <span className={`badge tone-${tone}${live ? ' is-live' : ''}`} data-state={state}>
      {label ?? state}
    </span>
  );
}
