import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { AGENTS_QUERY } from '../api/documents.js';
import type { Agent, Connection } from '../api/types.js';
import { useApiQuery } from '../api/use-api.js';
import { AgentsList } from '../components/agents-list.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import { ConnectionPager } from '../components/pager.js';
import { AGENT_ACTIVE_WITHIN_MS } from '../lib/agents.js';
import { useCursorPage } from '../lib/use-cursor-page.js';

const PAGE = 25;

/** Every agent that registered, newest first, page by page, and when each last asked for work. */
export function AgentsPage() {
  const page = useCursorPage(PAGE);
  const agents = useApiQuery<{ agentsConnection: Connection<Agent> }>(
    ['agents'],
    AGENTS_QUERY,
    { first: PAGE, after: page.after },
    { placeholderData: keepPreviousData, refetchInterval: 10_000 },
  );
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <>
      <PageHeader
        title="Agents"
        subtitle={`Agents poll for runs and start them. One that asked within the last ${AGENT_ACTIVE_WITHIN_MS / 1000} seconds counts as active.`}
      />
      <section className="card" aria-label="Agents">
        {agents.isPending ? (
          <Loading what="Loading agents…" />
        ) : agents.error ? (
          <div className="card-body">
            <ErrorNotice error={agents.error} title="Agents could not be loaded" />
          </div>
        ) : agents.data.agentsConnection.nodes.length === 0 ? (
          <EmptyState
            title="No agent has connected yet"
            command="headwater agent start docker --token <RUNNER token>"
          >
            <p>
              Create a RUNNER token from the account menu (API tokens), then start an agent where your flows
              should run. Use <code>headwater agent start process</code> to run flows without Docker.
            </p>
          </EmptyState>
        ) : (
          <>
            <AgentsList agents={agents.data.agentsConnection.nodes} now={now} />
            <ConnectionPager label="Agents" page={page} connection={agents.data.agentsConnection} />
          </>
        )}
      </section>
    </>
  );
}
