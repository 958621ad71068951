import type { Client } from '@headwater/client';

/** Every log message stored for a flow run, in the API's order, read page by page. */
export async function storedLogMessages(client: Client, flowRunId: string): Promise<string[]> {
  const messages: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.getLogs({ flowRunId, first: 500, ...(after ? { after } : {}) });
    messages.push(...page.nodes.map((log) => log.message));
    if (!page.hasNextPage) return messages;
    after = page.endCursor ?? undefined;
  }
}
