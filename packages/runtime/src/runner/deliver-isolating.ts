import type { RunLogInput } from '@headwater/client';
import { ClientError } from '@headwater/client';

/** What {@link deliverIsolating} did with a batch. */
export interface Delivery {
  /** Lines not sent because the API could not be reached (in order; send them again later). */
  unsent: RunLogInput[];
  /** Lines the API refused for their content; they would be refused forever. */
  refused: RunLogInput[];
  /** The API's reason for the last refusal. */
  reason?: string;
  /** The error that stopped the delivery (unsent lines), if any. */
  error?: unknown;
}

/** The API refused a batch for what it holds (a line too long, a NUL, a bad level). */
export function isRefusal(error: unknown): boolean {
  return ClientError.isInstance(error) && error.code === 'BAD_USER_INPUT';
}

/**
 * Sends `batch` with `write`. When the API refuses it for its content, halves it and sends
 * each half, down to the single lines it refuses: only those are lost, never the good lines
 * around them. Stops at the first failure that is not a refusal and hands back what is unsent.
 */
export async function deliverIsolating(
  write: (logs: RunLogInput[]) => Promise<unknown>,
  batch: RunLogInput[],
): Promise<Delivery> {
  try {
    await write(batch);
    return { unsent: [], refused: [] };
  } catch (error) {
    if (!isRefusal(error)) return { unsent: batch, refused: [], error };
    if (batch.length === 1) return { unsent: [], refused: batch, reason: (error as Error).message };
    const middle = Math.ceil(batch.length / 2);
    const first = await deliverIsolating(write, batch.slice(0, middle));
    if (first.unsent.length > 0) return { ...first, unsent: [...first.unsent, ...batch.slice(middle)] };
    const second = await deliverIsolating(write, batch.slice(middle));
    return {
      ...second,
      refused: [...first.refused, ...second.refused],
      ...((second.reason ?? first.reason) ? { reason: second.reason ?? first.reason } : {}),
    };
  }
}
