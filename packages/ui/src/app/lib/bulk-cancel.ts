/** What became of one run a bulk cancel asked to cancel. */
export interface CancelOutcome {
  name: string;
  /** The run's state after the call; null when the call failed. */
  state: string | null;
  error: string | null;
}

/** "Cancelled 3 runs. 1 is stopping (Cancelling)." plus one line per run that could not be cancelled. */
export function summarizeCancels(outcomes: readonly CancelOutcome[]): {
  headline: string;
  problems: string[];
} {
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const cancelled = outcomes.filter((outcome) => outcome.state === 'Cancelled').length;
  const stopping = outcomes.filter((outcome) => outcome.state === 'Cancelling').length;
  const problems = outcomes
    .filter((outcome) => outcome.state !== 'Cancelled' && outcome.state !== 'Cancelling')
    .map((outcome) =>
      outcome.error
        ? `${outcome.name}: ${outcome.error}`
        : `${outcome.name}: already ${outcome.state ?? 'finished'}, left as it is`,
    );
  const parts = [`Cancelled ${plural(cancelled, 'run', 'runs')}.`];
  if (stopping > 0) parts.push(`${plural(stopping, 'run is', 'runs are')} stopping (Cancelling).`);
  if (problems.length > 0) parts.push(`${plural(problems.length, 'run was', 'runs were')} not cancelled:`);
  return { headline: parts.join(' '), problems };
}
