import type { Client } from '@headwater/client';

/** When a run (flow run or task run) ran, as the server recorded it, and the states it went through. */
export interface Span {
  id: string;
  start: number;
  end: number;
  states: string[];
}

const TASK_RUNS = `query limitTaskRuns($ids: [ID!]) { taskRuns(filter: { flowRunIds: $ids }, first: 500) {
  nodes { id taskSlug state startTime endTime states { state } } } }`;
const FLOW_RUNS = `query limitFlowRuns($id: ID!) { flowRun(id: $id) { id startTime endTime states { state } } }`;

interface RecordedRun {
  id: string;
  taskSlug?: string;
  startTime: string | null;
  endTime: string | null;
  states: { state: string }[];
}

const span = (run: RecordedRun): Span => ({
  id: run.id,
  start: Date.parse(run.startTime!),
  end: Date.parse(run.endTime!),
  states: run.states.map((s) => s.state),
});

export async function taskSpans(client: Client, flowRunIds: string[], slug: string): Promise<Span[]> {
  const data = await client.graphql<{ taskRuns: { nodes: RecordedRun[] } }>(TASK_RUNS, { ids: flowRunIds });
  return data.taskRuns.nodes.filter((run) => run.taskSlug!.startsWith(slug)).map(span);
}

export async function flowSpans(client: Client, flowRunIds: string[]): Promise<Span[]> {
  const spans: Span[] = [];
  for (const id of flowRunIds)
    spans.push(span((await client.graphql<{ flowRun: RecordedRun }>(FLOW_RUNS, { id })).flowRun));
  return spans;
}

/** The most spans open at one instant (one that ends as another starts does not overlap it). */
export function mostAtOnce(spans: Span[]): number {
  const events = spans.flatMap((s) => [
    { at: s.start, delta: 1 },
    { at: s.end, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const event of events) {
    open += event.delta;
    most = Math.max(most, open);
  }
  return most;
}
