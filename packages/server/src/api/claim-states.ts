import { VERSION } from '@headwater/core';

/** The `Running` state a claim writes for a loaded process, as run processes write it. */
export function runningState(message: string) {
  return {
    type: 'Running',
    message,
    startTime: null,
    serialized: {
      type: 'Running',
      message,
      context: null,
      _result: { type: 'NoResultType', __version__: VERSION },
      __version__: VERSION,
    },
  };
}

/** The `Submitted` state wrapping the state a run was claimed in, as agents write it. */
export function submittedState(message: string, previous: unknown) {
  return {
    type: 'Submitted',
    message,
    startTime: null,
    serialized: {
      type: 'Submitted',
      message,
      context: null,
      _result: { type: 'NoResultType', __version__: VERSION },
      __version__: VERSION,
      state: previous,
    },
  };
}
