/** Every size limit the API enforces; each refusal is a `BAD_USER_INPUT` error naming it. */
export interface ApiLimits {
  /** Largest request body, in bytes. @default 5_242_880 (5 MB) */
  bodyBytes: number;
  /** Deepest selection set. @default 10 */
  queryDepth: number;
  /** Largest query cost (graphql-armor's cost model). @default 20_000 */
  queryCost: number;
  /** Most aliases in one operation. @default 30 */
  aliases: number;
  /** Most tokens in one query document. @default 10_000 */
  tokens: number;
  /** Largest serialized state, in bytes. @default 1_048_576 (1 MB) */
  stateBytes: number;
  /** Largest page (`first`). @default 500 */
  pageSize: number;
  /** Most states in one setFlowRunStates / setTaskRunStates call. @default 1_000 */
  statesPerCall: number;
  /** Most log lines in one writeRunLogs call. @default 5_000 */
  logsPerCall: number;
  /** Longest log message, in characters. @default 100_000 */
  logMessageLength: number;
  /** Longest name (projects, flows, runs, tokens, agents, labels), in characters. @default 255 */
  nameLength: number;
  /** Largest serialized flow, in bytes. @default 4_194_304 (4 MB) */
  flowBytes: number;
  /**
   * Deepest nesting of objects and arrays in one argument (parameters, context, states, log
   * info, a serialized flow), counted from the argument itself (`input` is level 1). A
   * serialized flow needs about 6 levels plus its deepest parameter default.
   * @default 100
   */
  jsonDepth: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  bodyBytes: 5 * 1024 * 1024,
  queryDepth: 10,
  queryCost: 20_000,
  aliases: 30,
  tokens: 10_000,
  stateBytes: 1024 * 1024,
  pageSize: 500,
  statesPerCall: 1_000,
  logsPerCall: 5_000,
  logMessageLength: 100_000,
  nameLength: 255,
  flowBytes: 4 * 1024 * 1024,
  jsonDepth: 100,
};
