/**
 * The seed page's example flow: the original Python implementation's 0.6.1
 * `f.serialize()` output, verbatim. Core's golden test and the server's `createFlow` test
 * both use it.
 */
export const SEED_FLOW = {
  name: 'example-env',
  type: 'prefect.core.flow.Flow',
  schedule: null,
  parameters: [],
  tasks: [],
  edges: [],
  reference_tasks: [],
  environment: {
    executor_kwargs: {},
    executor: 'prefect.engine.executors.LocalExecutor',
    __version__: '0.6.1',
    type: 'RemoteEnvironment',
  },
  __version__: '0.6.1',
  storage: {
    image_tag: 'latest',
    flows: { 'storage-example': '/root/.prefect/storage-example.prefect' },
    registry_url: 'prefecthq/storage-example',
    image_name: 'storage-example',
    prefect_version: '0.6.1',
    __version__: '0.6.1',
    type: 'Docker',
  },
};
