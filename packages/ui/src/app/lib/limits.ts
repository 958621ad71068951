/** The most slots a concurrency limit may have (the server's bound). */
export const MAX_SLOTS = 100_000;

export type SlotsParse = { ok: true; value: number } | { ok: false; error: string };

/** A limit's slots as typed: a whole number from 0 (holds every run back) to `MAX_SLOTS`. */
export function parseSlots(text: string): SlotsParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Give the number of slots, e.g. 1.' };
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value)) {
    return { ok: false, error: 'Slots must be a whole number, 0 or more (0 holds every run back).' };
  }
  if (value > MAX_SLOTS) {
    return { ok: false, error: `Slots must be at most ${MAX_SLOTS.toLocaleString('en')}.` };
  }
  return { ok: true, value };
}

/** What the limit holds back, as the page names it: the task tag, or the flow's name. */
export function limitName(limit: {
  kind: 'TASK_TAG' | 'FLOW';
  tag: string | null;
  flowName: string | null;
  flowGroupId: string | null;
}): string {
  return limit.kind === 'TASK_TAG' ? (limit.tag ?? '') : (limit.flowName ?? limit.flowGroupId ?? '');
}
