/** A result as a state stores it (`_result`): nothing, or a handler's reference to the value. */
interface SerializedResult {
  type?: string;
  value?: unknown;
  result_handler?: { type?: string; dir?: string } | null;
}

export type ResultLocation =
  | { kind: 'none' }
  /** Kept in the state itself (JSONResultHandler): the value and its size. */
  | { kind: 'inline'; handler: string; preview: string; bytes: number }
  /** Written elsewhere by a handler (e.g. a LocalResultHandler's file path). */
  | { kind: 'stored'; handler: string; location: string };

const PREVIEW_CHARS = 200;

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** Where a task run's checkpointed result is, read from its serialized state. */
export function resultLocation(serializedState: unknown): ResultLocation {
  const result = (serializedState as { _result?: SerializedResult } | null)?._result;
  if (result?.type !== 'SafeResult') return { kind: 'none' };
  const handler = result.result_handler?.type ?? 'unknown handler';
  if (handler === 'JSONResultHandler') {
    const text = JSON.stringify(result.value) ?? '';
    return {
      kind: 'inline',
      handler,
      preview: preview(result.value),
      bytes: new TextEncoder().encode(text).length,
    };
  }
  return {
    kind: 'stored',
    handler,
    location: typeof result.value === 'string' ? result.value : preview(result.value),
  };
}

export interface InputSummary {
  /** The task's argument name (the edge's key); null for an ordering-only dependency. */
  key: string | null;
  /** The upstream task's name. */
  from: string;
  mapped: boolean;
  /** The value the run recorded for it (cached inputs of a failed or retried run), shortened. */
  value: string | null;
}

/**
 * A task run's inputs: one per upstream edge, with the value when its states recorded one
 * (`cached_inputs`, kept for retries and restarts), newest state first.
 */
export function inputsSummary(
  taskId: string,
  edges: readonly { upstreamTaskId: string; downstreamTaskId: string; key: string | null; mapped: boolean }[],
  taskNames: ReadonlyMap<string, string>,
  serializedStates: readonly unknown[],
): InputSummary[] {
  const cached = [...serializedStates]
    .reverse()
    .map(
      (state) => (state as { cached_inputs?: Record<string, SerializedResult> | null } | null)?.cached_inputs,
    )
    .find((inputs) => inputs && Object.keys(inputs).length > 0);
  return edges
    .filter((edge) => edge.downstreamTaskId === taskId)
    .map((edge) => {
      const recorded = edge.key ? cached?.[edge.key] : undefined;
      return {
        key: edge.key,
        from: taskNames.get(edge.upstreamTaskId) ?? edge.upstreamTaskId,
        mapped: edge.mapped,
        value: recorded?.type === 'SafeResult' ? preview(recorded.value) : null,
      };
    })
    .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
}
