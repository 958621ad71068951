import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FlowRunState, TaskStates } from '../engine/flow-runner.js';
import type { Flow } from '../flow/flow.js';
import { pluginSearchPaths } from '../plugins/plugin-search-paths.js';
import { flowGraph } from './flow-graph.js';
import { flowMermaid } from './flow-mermaid.js';
import { flowSvg } from './flow-svg.js';

/**
 * Options of `flow.visualize`.
 *
 * @example
 * ```ts
 * const state = await flow.run();
 * await flow.visualize({ flowState: state, svg: 'etl.svg' });
 * ```
 */
export interface VisualizeOptions {
  /**
   * A run of the flow (what `flow.run()` resolved to) or its task states: each task is
   * coloured by its state, as the original's `visualize(flow_state=…)`.
   */
  flowState?: FlowRunState | TaskStates;
  /**
   * Top to bottom, or left to right.
   * @default 'TD'
   */
  direction?: 'TD' | 'LR';
  /**
   * Also draw the flow as SVG into this file (needs the `@viz-js/viz` package installed).
   */
  svg?: string;
}

const taskStatesOf = (flowState: VisualizeOptions['flowState']): TaskStates | undefined => {
  if (flowState === undefined) return undefined;
  if (flowState instanceof Map) return flowState;
  const result = (flowState as FlowRunState).result;
  return result instanceof Map ? result : undefined;
};

/** What `flow.visualize` does without `svg`: the Mermaid text. */
export function flowMermaidText(flow: Flow, options: VisualizeOptions = {}): string {
  return flowMermaid(flowGraph(flow, taskStatesOf(options.flowState)), options.direction ?? 'TD');
}

/** What `flow.visualize({ svg })` does: writes the SVG file and resolves to the Mermaid text. */
export async function writeFlowSvg(flow: Flow, options: VisualizeOptions & { svg: string }): Promise<string> {
  const graph = flowGraph(flow, taskStatesOf(options.flowState));
  const direction = options.direction ?? 'TD';
  const from = [...(flow.sourceModule ? [dirname(flow.sourceModule)] : []), ...pluginSearchPaths()];
  await writeFile(resolve(options.svg), await flowSvg(graph, direction, from));
  return flowMermaid(graph, direction);
}
