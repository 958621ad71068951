import type { ProgressReporter } from '@headwater/core';

/** A reporter that records every call: to check in tests that a backend reports its steps. */
export function recordingReporter(): ProgressReporter & {
  events: { method: string; id: string; text?: string }[];
} {
  const events: { method: string; id: string; text?: string }[] = [];
  return {
    events,
    step: (id, title) => events.push({ method: 'step', id, text: title }),
    progress: (id, done, total, detail) =>
      events.push({ method: 'progress', id, text: `${done}/${total ?? '?'} ${detail ?? ''}` }),
    log: (id, line) => events.push({ method: 'log', id, text: line }),
    done: (id, summary) => events.push({ method: 'done', id, text: summary }),
    fail: (id, error) => events.push({ method: 'fail', id, text: error.message }),
  };
}
