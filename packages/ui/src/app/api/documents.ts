/** Every GraphQL operation the UI sends. The API schema (`@headwater/server`'s `schema.graphql`) is the contract. */

export const SESSION_QUERY = /* GraphQL */ `
  query Session {
    authInfo { tenantId tenantName tokenId tokenName scope }
    api { version coreVersion database }
    referenceData { stateTypes { name parent } }
  }
`;

export const API_TOKENS_QUERY = /* GraphQL */ `
  query ApiTokens($includeRevoked: Boolean, $first: Int, $after: String) {
    apiTokensConnection(includeRevoked: $includeRevoked, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id name scope prefix created lastUsed expiresAt revoked }
    }
  }
`;

export const CREATE_API_TOKEN = /* GraphQL */ `
  mutation CreateApiToken($input: createApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken { id name scope prefix created lastUsed expiresAt revoked }
    }
  }
`;

export const REVOKE_API_TOKEN = /* GraphQL */ `
  mutation RevokeApiToken($input: revokeApiTokenInput!) {
    revokeApiToken(input: $input) { success error }
  }
`;

const FLOW_SUMMARY = /* GraphQL */ `
  id name version versionGroupId archived isScheduleActive schedule labels created
  project { id name }
`;

const FLOW_RUN_SUMMARY = /* GraphQL */ `
  id name state stateMessage stateTimestamp stateStartTime scheduledStartTime startTime endTime
  duration labels updated waitingFor failure
  flow { id name version project { id name } }
`;

const FLOW_HEALTH = /* GraphQL */ `
  health(last: 20) { successRate medianDuration runs { id name state scheduledStartTime duration } }
`;

export const PROJECTS_QUERY = /* GraphQL */ `
  query Projects {
    projects { id name description created flowCount }
  }
`;

export const CREATE_PROJECT = /* GraphQL */ `
  mutation CreateProject($input: createProjectInput!) {
    createProject(input: $input) { id project { id name } }
  }
`;

export const PROJECT_QUERY = /* GraphQL */ `
  query Project($id: ID!) {
    project(id: $id) {
      id name description created flowCount
    }
  }
`;

export const FLOWS_QUERY = /* GraphQL */ `
  query Flows($filter: FlowFilter, $first: Int, $after: String) {
    flows(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { ${FLOW_SUMMARY} ${FLOW_HEALTH} }
    }
  }
`;

/** Flow ids and names for the run filters' flow choice. */
export const FLOW_CHOICES_QUERY = /* GraphQL */ `
  query FlowChoices {
    flows(first: 500) { nodes { id name versionGroupId project { id name } } }
    projects { id name }
  }
`;

export const FLOW_HEALTH_QUERY = /* GraphQL */ `
  query FlowHealth($id: ID!) {
    flow(id: $id) { id ${FLOW_HEALTH} }
  }
`;

export const FLOW_QUERY = /* GraphQL */ `
  query Flow($id: ID!) {
    flow(id: $id) {
      ${FLOW_SUMMARY}
      description coreVersion environment storage
      parameters { name slug required default }
      tasks { id name slug type description tags maxRetries retryDelay trigger mapped isReferenceTask }
      edges { id upstreamTaskId downstreamTaskId key mapped }
      versions { id version archived created }
      flowGroup { id schedule defaultParameters labels description heartbeatEnabled lazarusEnabled }
    }
  }
`;

export const SET_SCHEDULE_ACTIVE = /* GraphQL */ `
  mutation SetScheduleActive($input: setScheduleActiveInput!) {
    setScheduleActive(input: $input) { success error }
  }
`;

export const SET_SCHEDULE_INACTIVE = /* GraphQL */ `
  mutation SetScheduleInactive($input: setScheduleInactiveInput!) {
    setScheduleInactive(input: $input) { success error }
  }
`;

export const SET_FLOW_GROUP_SCHEDULE = /* GraphQL */ `
  mutation SetFlowGroupSchedule($input: setFlowGroupScheduleInput!) {
    setFlowGroupSchedule(input: $input) { success error }
  }
`;

export const DELETE_FLOW_GROUP_SCHEDULE = /* GraphQL */ `
  mutation DeleteFlowGroupSchedule($input: deleteFlowGroupScheduleInput!) {
    deleteFlowGroupSchedule(input: $input) { success error }
  }
`;

export const SET_FLOW_GROUP_DEFAULT_PARAMETERS = /* GraphQL */ `
  mutation SetFlowGroupDefaultParameters($input: setFlowGroupDefaultParametersInput!) {
    setFlowGroupDefaultParameters(input: $input) { success error }
  }
`;

export const SET_FLOW_GROUP_LABELS = /* GraphQL */ `
  mutation SetFlowGroupLabels($input: setFlowGroupLabelsInput!) {
    setFlowGroupLabels(input: $input) { success error }
  }
`;

export const SET_FLOW_GROUP_DESCRIPTION = /* GraphQL */ `
  mutation SetFlowGroupDescription($input: setFlowGroupDescriptionInput!) {
    setFlowGroupDescription(input: $input) { success error }
  }
`;

export const ENABLE_FLOW_HEARTBEAT = /* GraphQL */ `
  mutation EnableFlowHeartbeat($input: enableFlowHeartbeatInput!) {
    enableFlowHeartbeat(input: $input) { success error }
  }
`;

export const DISABLE_FLOW_HEARTBEAT = /* GraphQL */ `
  mutation DisableFlowHeartbeat($input: disableFlowHeartbeatInput!) {
    disableFlowHeartbeat(input: $input) { success error }
  }
`;

export const ENABLE_FLOW_LAZARUS_PROCESS = /* GraphQL */ `
  mutation EnableFlowLazarusProcess($input: enableFlowLazarusProcessInput!) {
    enableFlowLazarusProcess(input: $input) { success error }
  }
`;

export const DISABLE_FLOW_LAZARUS_PROCESS = /* GraphQL */ `
  mutation DisableFlowLazarusProcess($input: disableFlowLazarusProcessInput!) {
    disableFlowLazarusProcess(input: $input) { success error }
  }
`;

export const FLOW_RUNS_QUERY = /* GraphQL */ `
  query FlowRuns($filter: FlowRunFilter, $orderBy: FlowRunOrder, $first: Int, $after: String) {
    flowRuns(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { ${FLOW_RUN_SUMMARY} }
    }
  }
`;

export const DASHBOARD_QUERY = /* GraphQL */ `
  query Dashboard(
    $history: FlowRunFilter!
    $upcoming: FlowRunFilter!
    $running: FlowRunFilter!
    $failures: FlowRunFilter!
    $flows: FlowFilter!
    $countSuccess: FlowRunFilter!
    $countFailed: FlowRunFilter!
    $countCancelled: FlowRunFilter!
    $countRunning: FlowRunFilter!
    $countScheduled: FlowRunFilter!
  ) {
    countSuccess: flowRuns(filter: $countSuccess, first: 1) { totalCount }
    countFailed: flowRuns(filter: $countFailed, first: 1) { totalCount }
    countCancelled: flowRuns(filter: $countCancelled, first: 1) { totalCount }
    countRunning: flowRuns(filter: $countRunning, first: 1) { totalCount }
    countScheduled: flowRuns(filter: $countScheduled, first: 1) { totalCount }
    history: flowRuns(filter: $history, orderBy: SCHEDULED_START_TIME_DESC, first: 500) {
      totalCount
      nodes { id state scheduledStartTime }
    }
    upcoming: flowRuns(filter: $upcoming, orderBy: SCHEDULED_START_TIME_ASC, first: 10) {
      totalCount
      nodes { ${FLOW_RUN_SUMMARY} }
    }
    running: flowRuns(filter: $running, orderBy: UPDATED_DESC, first: 10) {
      totalCount
      nodes { ${FLOW_RUN_SUMMARY} }
    }
    failures: flowRuns(filter: $failures, orderBy: UPDATED_DESC, first: 10) {
      totalCount
      nodes { ${FLOW_RUN_SUMMARY} }
    }
    agents { id name type labels coreVersion storageTypes lastQueried created }
    flows(filter: $flows, first: 1) { totalCount }
  }
`;

export const CREATE_FLOW_RUN = /* GraphQL */ `
  mutation CreateFlowRun($input: createFlowRunInput!) {
    createFlowRun(input: $input) { id flowRun { id name } }
  }
`;

export const FLOW_RUN_QUERY = /* GraphQL */ `
  query FlowRun($id: ID!) {
    flowRun(id: $id) {
      id name version state stateMessage stateTimestamp stateStartTime scheduledStartTime
      startTime endTime duration heartbeat parameters labels created waitingFor
      agent { id name type }
      flow {
        id name version project { id name }
        tasks { id name slug type description tags maxRetries retryDelay trigger mapped isReferenceTask }
        edges { id upstreamTaskId downstreamTaskId key mapped }
      }
      taskRuns {
        id taskId taskSlug mapIndex name version state stateMessage startTime endTime duration runCount
        cacheKey cachedFromTaskRunId cachedFromFlowRunId
      }
      states { id version state message startTime timestamp }
    }
  }
`;

export const LOGS_QUERY = /* GraphQL */ `
  query Logs($filter: LogFilter!, $first: Int, $after: String) {
    logs(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id taskRunId timestamp level name message }
    }
  }
`;

export const RESUME_FLOW_RUN = /* GraphQL */ `
  mutation ResumeFlowRun($input: resumeFlowRunInput!) {
    resumeFlowRun(input: $input) { state }
  }
`;

export const CANCEL_FLOW_RUN = /* GraphQL */ `
  mutation CancelFlowRun($input: cancelFlowRunInput!) {
    cancelFlowRun(input: $input) { state }
  }
`;

export const SET_TASK_RUN_STATES = /* GraphQL */ `
  mutation SetTaskRunStates($input: setTaskRunStatesInput!) {
    setTaskRunStates(input: $input) { states { id version state } }
  }
`;

export const SET_FLOW_RUN_STATES = /* GraphQL */ `
  mutation SetFlowRunStates($input: setFlowRunStatesInput!) {
    setFlowRunStates(input: $input) { states { id version state } }
  }
`;

export const AGENTS_QUERY = /* GraphQL */ `
  query Agents($first: Int, $after: String) {
    agentsConnection(first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id name type labels coreVersion storageTypes lastQueried created }
    }
  }
`;

export const TASK_RUN_QUERY = /* GraphQL */ `
  query TaskRun($id: ID!) {
    taskRun(id: $id) {
      id flowRunId taskId taskSlug mapIndex name version state stateMessage startTime endTime duration
      runCount serializedState cacheKey cachedFromTaskRunId cachedFromFlowRunId
      task { id name slug maxRetries retryDelay mapped }
      states { id version state message startTime timestamp serializedState }
    }
  }
`;

/** A flow run's name, e.g. the run a Cached task run reused its result from. */
export const FLOW_RUN_NAME_QUERY = /* GraphQL */ `
  query FlowRunName($id: ID!) {
    flowRun(id: $id) { id name }
  }
`;
