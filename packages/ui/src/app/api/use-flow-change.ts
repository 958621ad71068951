import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiRequest } from './use-api.js';

/** What the flow and flow-group mutations answer: `{ <field>: { success, error } }`. */
type SuccessData = Record<string, { success: boolean; error: string | null }>;

/**
 * A mutation that changes a flow or its flow group, given its `input`. On success the flow page
 * and its runs are loaded again, and the mutation stays pending until they are, so a control never
 * shows the old value after its change went through.
 */
export function useFlowChange(document: string, flowId: string) {
  const queryClient = useQueryClient();
  const request = useApiRequest();
  const mutation = useMutation<SuccessData, Error, Record<string, unknown>>({
    mutationFn: (input) => request<SuccessData>(document, { input }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['flow', flowId] }),
        queryClient.invalidateQueries({ queryKey: ['flowRuns'] }),
      ]),
  });
  const answer = mutation.data ? Object.values(mutation.data)[0] : undefined;
  return {
    pending: mutation.isPending,
    /** A request error, or the server's `error` when it answered `success: false`. */
    error: mutation.error ?? (answer && !answer.success ? (answer.error ?? 'Nothing was changed.') : null),
    /** True once the last change went through (until `reset`). */
    saved: answer?.success === true,
    reset: mutation.reset,
    change(input: Record<string, unknown>) {
      mutation.mutate(input);
    },
  };
}
