import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigationType } from 'react-router';
import { shouldRetry } from './api/use-api.js';
import { SessionProvider, useSessionContext } from './auth/session.js';
import { AppShell } from './components/app-shell.js';
import { Loading } from './components/loading.js';
import { AgentsPage } from './pages/agents-page.js';
import { ApiTokensPage } from './pages/api-tokens-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { FlowPage } from './pages/flow-page.js';
import { FlowRunPage } from './pages/flow-run-page.js';
import { FlowRunsPage } from './pages/flow-runs-page.js';
import { FlowsPage } from './pages/flows-page.js';
import { LimitsPage } from './pages/limits-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { ProjectPage } from './pages/project-page.js';
import { ProjectsPage } from './pages/projects-page.js';
import { SecretsPage } from './pages/secrets-page.js';
import { SignInPage } from './pages/sign-in-page.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 2_000, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

/** The whole app: session first, then the signed-in routes. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <SessionGate />
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}

function SessionGate() {
  const { state } = useSessionContext();
  if (state.status === 'checking') return <Loading what="Signing in…" />;
  if (state.status === 'signed-out') return <SignInPage notice={state.notice} />;
  return <SignedInRoutes />;
}

const TITLES: [RegExp, string][] = [
  [/^\/$/, 'Dashboard'],
  [/^\/projects\/?$/, 'Projects'],
  [/^\/projects\//, 'Project'],
  [/^\/flows\/?$/, 'Flows'],
  [/^\/flows\//, 'Flow'],
  [/^\/flow-runs\/?$/, 'Flow runs'],
  [/^\/flow-runs\//, 'Flow run'],
  [/^\/agents/, 'Agents'],
  [/^\/settings\/tokens/, 'API tokens'],
  [/^\/settings\/secrets/, 'Secrets'],
  [/^\/settings\/limits/, 'Concurrency limits'],
];

/**
 * Names the tab after the page and, after a link or a form moved to a new page, moves focus to it
 * for keyboard and screen-reader users. Loads and back/forward ("POP") leave focus alone, and so
 * does a change of the query alone (a tab, a filter, a page of a list): focus stays where it was.
 */
function usePageChange() {
  const { pathname } = useLocation();
  const navigationType = useNavigationType();
  const navigation = useRef(navigationType);
  navigation.current = navigationType;
  useEffect(() => {
    const title = TITLES.find(([pattern]) => pattern.test(pathname))?.[1] ?? 'Not found';
    document.title = `${title} · Headwater`;
    if (navigation.current === 'POP') return;
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname]);
}

function SignedInRoutes() {
  usePageChange();
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<DashboardPage />} />
        <Route path="projects" element={<ProjectsPage />} />
        <Route path="projects/:projectId" element={<ProjectPage />} />
        <Route path="flows" element={<FlowsPage />} />
        <Route path="flows/:flowId" element={<FlowPage />} />
        <Route path="flow-runs" element={<FlowRunsPage />} />
        <Route path="flow-runs/:flowRunId" element={<FlowRunPage />} />
        <Route path="agents" element={<AgentsPage />} />
        <Route path="settings/tokens" element={<ApiTokensPage />} />
        <Route path="settings/secrets" element={<SecretsPage />} />
        <Route path="settings/limits" element={<LimitsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
