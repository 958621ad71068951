import type { CodegenConfig } from '@graphql-codegen/cli';

const models = '../api/models.js';

/** Generates resolver types from `schema.graphql` and embeds the schema text for the bundle. */
const config: CodegenConfig = {
  schema: 'src/schema/schema.graphql',
  emitLegacyCommonJSImports: false,
  generates: {
    'src/schema/resolvers.generated.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../graphql/context.js#GraphQLContext',
        scalars: { JSON: 'unknown', DateTime: 'string', createFlowInput: 'unknown' },
        mappers: {
          Project: `${models}#ProjectModel`,
          Flow: `${models}#FlowModel`,
          FlowGroup: `${models}#FlowGroupModel`,
          Task: `${models}#TaskModel`,
          Edge: `${models}#EdgeModel`,
          FlowRun: `${models}#FlowRunModel`,
          TaskRun: `${models}#TaskRunModel`,
          StateRecord: `${models}#StateRecordModel`,
          Log: `${models}#LogModel`,
          Agent: `${models}#AgentModel`,
          ApiToken: `${models}#ApiTokenModel`,
          FlowConnection: `${models}#FlowPage`,
          FlowRunConnection: `${models}#FlowRunPage`,
          TaskRunConnection: `${models}#TaskRunPage`,
          LogConnection: `${models}#LogPage`,
          AgentConnection: `${models}#AgentPage`,
          ApiTokenConnection: `${models}#ApiTokenPage`,
          ProjectConnection: `${models}#ProjectPage`,
        },
      },
    },
    'src/schema/type-defs.generated.ts': {
      plugins: ['./codegen-type-defs.cjs'],
      config: { source: 'src/schema/schema.graphql' },
    },
  },
};

export default config;
