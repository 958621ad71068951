import { type EnvironmentExecuteOptions, type Executor, type Flow, FlowRunner } from '@headwater/core';

/**
 * Runs `flow` on `executor`: with the caller's `runFlow` when given (the cloud runner
 * reports states to the API), else with a local {@link FlowRunner}.
 */
export function runFlowWithExecutor(
  flow: Flow,
  executor: Executor,
  options: EnvironmentExecuteOptions,
): Promise<unknown> {
  const { signal, parameters, context } = options;
  const runOptions = {
    executor,
    ...(signal ? { signal } : {}),
    ...(parameters ? { parameters } : {}),
    ...(context ? { context } : {}),
  };
  if (options.runFlow) return options.runFlow(flow, runOptions);
  return new FlowRunner(flow).run(runOptions);
}
