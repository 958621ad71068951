import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { LOGS_QUERY } from '../api/documents.js';
import { LOG_LEVELS, type Log, type LogLevel, type PageInfo } from '../api/types.js';
import { useApiRequest } from '../api/use-api.js';
import { formatLogTime } from '../lib/format.js';
import { ErrorNotice } from './error-notice.js';

const PAGE_SIZE = 500;
const POLL_MS = 1500;
/** A finished run's last lines can land after its final state; keep looking, less often. */
const FINISHED_POLL_MS = 5000;
/**
 * Log lines are written in batches, with the time they were logged, so a late batch can carry
 * lines older than the newest one shown. Each poll re-reads this far back and merges by id.
 */
const LATE_WINDOW_MS = 2 * 60_000;

interface LogsData {
  logs: { totalCount: number; pageInfo: PageInfo; nodes: Log[] };
}

function byTime(a: Log, b: Log): number {
  return a.timestamp === b.timestamp ? (a.id < b.id ? -1 : 1) : a.timestamp < b.timestamp ? -1 : 1;
}

/** Merges new lines into the shown ones (ids are unique), oldest first. */
function merge(current: readonly Log[], incoming: readonly Log[]): Log[] {
  if (incoming.length === 0) return current as Log[];
  const seen = new Set(current.map((line) => line.id));
  const fresh = incoming.filter((line) => !seen.has(line.id));
  if (fresh.length === 0) return current as Log[];
  return [...current, ...fresh].sort(byTime);
}

function logText(lines: readonly Log[]): string {
  return lines
    .map(
      (line) =>
        `${line.timestamp} ${line.level.padEnd(8)} ${line.name ? `${line.name}: ` : ''}${line.message}`,
    )
    .join('\n');
}

/**
 * Scrolls the log box to its last line and trims its height so the first line shown is whole:
 * lines wrap to different heights, so the bottom of the history rarely starts on a line's edge.
 */
function showLastLines(element: HTMLElement): void {
  element.style.maxHeight = '';
  element.scrollTop = element.scrollHeight;
  if (element.scrollTop === 0) return;
  const top = element.getBoundingClientRect().top + element.clientTop;
  let first: Element | null = element.lastElementChild;
  while (first?.previousElementSibling && first.previousElementSibling.getBoundingClientRect().bottom > top) {
    first = first.previousElementSibling;
  }
  const box = first?.getBoundingClientRect();
  if (!box || box.top >= top - 0.5) return;
  element.style.maxHeight = `${element.offsetHeight - (box.bottom - top)}px`;
  element.scrollTop = element.scrollHeight;
}

/**
 * A flow run's logs: the whole history, then new lines as they arrive (often while `live`, now
 * and then after). Filter by level, task run and text (on the server), and download what is shown.
 */
export function LogsPanel({
  flowRunId,
  runName,
  live,
  taskRuns,
  fixedTaskRunId,
}: {
  flowRunId: string;
  runName: string;
  live: boolean;
  /** Task runs of the run, for the task filter and to name the task of each line. */
  taskRuns: readonly { id: string; label: string }[];
  /** Shows only this task run's lines (a task run's own logs), without the task filter. */
  fixedTaskRunId?: string;
}) {
  const request = useApiRequest();
  const ids = useId();
  const [minLevel, setMinLevel] = useState<LogLevel | ''>('');
  const [taskRunId, setTaskRunId] = useState(fixedTaskRunId ?? '');
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState<Log[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const liveRef = useRef(live);
  const pullRef = useRef<(() => Promise<void>) | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(searchText.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [searchText]);

  const fetchAll = useCallback(
    async (filter: Record<string, unknown>, isCancelled: () => boolean): Promise<Log[] | null> => {
      const found: Log[] = [];
      let after: string | undefined;
      for (;;) {
        const data = await request<LogsData>(LOGS_QUERY, { filter, first: PAGE_SIZE, after });
        if (isCancelled()) return null;
        found.push(...data.logs.nodes);
        if (!data.logs.pageInfo.hasNextPage || !data.logs.pageInfo.endCursor) return found;
        after = data.logs.pageInfo.endCursor;
      }
    },
    [request],
  );

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    let newest: string | null = null;
    const isCancelled = () => cancelled;
    const base: Record<string, unknown> = { flowRunId };
    if (minLevel) base.minLevel = minLevel;
    if (taskRunId) base.taskRunId = taskRunId;
    if (search) base.search = search;
    setLines([]);
    setLoaded(false);
    stickToBottom.current = true;

    const pull = async () => {
      const filter = newest
        ? { ...base, after: new Date(new Date(newest).getTime() - LATE_WINDOW_MS).toISOString() }
        : base;
      try {
        const found = await fetchAll(filter, isCancelled);
        if (found === null) return;
        const last = found.reduce<string | null>(
          (max, line) => (max === null || line.timestamp > max ? line.timestamp : max),
          newest,
        );
        newest = last;
        setLines((current) => merge(current, found));
        setError(null);
      } catch (caught) {
        if (!cancelled) setError(caught);
      } finally {
        if (!cancelled) setLoaded(true);
      }
    };
    pullRef.current = pull;
    const loop = async () => {
      await pull();
      if (!cancelled) timer = window.setTimeout(loop, liveRef.current ? POLL_MS : FINISHED_POLL_MS);
    };
    void loop();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [flowRunId, minLevel, taskRunId, search, fetchAll]);

  useEffect(() => {
    const wasLive = liveRef.current;
    liveRef.current = live;
    // The run just finished: read once more for the lines its last batch wrote.
    if (wasLive && !live) void pullRef.current?.();
  }, [live]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && stickToBottom.current && lines.length > 0) showLastLines(element);
  }, [lines]);

  const download = () => {
    const url = URL.createObjectURL(new Blob([`${logText(lines)}\n`], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${runName}-logs.txt`;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const taskNames = new Map(taskRuns.map((run) => [run.id, run.label]));

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <div className="card-header">
        <h2 id={`${ids}-title`}>Logs</h2>
        <span className="muted" aria-live="polite">
          {loaded ? `${lines.length} line${lines.length === 1 ? '' : 's'}` : 'Loading…'}
          {live ? ' · live' : ''}
        </span>
      </div>
      <div className="logs-toolbar">
        <label className="visually-hidden" htmlFor={`${ids}-level`}>
          Level
        </label>
        <select
          id={`${ids}-level`}
          className="input"
          value={minLevel}
          onChange={(event) => setMinLevel(event.target.value as LogLevel | '')}
        >
          <option value="">All levels</option>
          {LOG_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level === 'CRITICAL' ? 'CRITICAL only' : `${level} and above`}
            </option>
          ))}
        </select>
        {taskRuns.length > 0 && (
          <>
            <label className="visually-hidden" htmlFor={`${ids}-task`}>
              Task run
            </label>
            <select
              id={`${ids}-task`}
              className="input"
              value={taskRunId}
              onChange={(event) => setTaskRunId(event.target.value)}
            >
              <option value="">All tasks</option>
              {taskRuns.map((run) => (
                <option key={run.id} value={run.id}>
                  {run.label}
                </option>
              ))}
            </select>
          </>
        )}
        <label className="visually-hidden" htmlFor={`${ids}-search`}>
          Search logs
        </label>
        <input
          id={`${ids}-search`}
          className="input search"
          type="search"
          placeholder="Search messages"
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
        />
        <button type="button" className="btn btn-small" onClick={download} disabled={lines.length === 0}>
          Download
        </button>
      </div>
      {Boolean(error) && <ErrorNotice error={error} title="Logs could not be loaded" />}
      <div
        className="logs"
        ref={scroller}
        role="log"
        aria-label="Log lines"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so the keyboard can scroll it
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
      >
        {loaded && lines.length === 0 && (
          <div className="logs-empty">
            {minLevel || search || (taskRunId && !fixedTaskRunId)
              ? 'No log lines match these filters.'
              : fixedTaskRunId
                ? live
                  ? 'No log lines yet from this task run.'
                  : 'This task run wrote no log lines.'
                : live
                  ? 'No log lines yet. They appear here as the run writes them.'
                  : 'This run wrote no log lines.'}
          </div>
        )}
        {lines.map((line) => (
          <div className="log-line" key={line.id} data-level={line.level}>
            <span className="log-time">{formatLogTime(line.timestamp)}</span>
            <span className={`log-level log-level-${line.level}`}>{line.level}</span>
            <span className="log-message">
              {line.taskRunId && taskNames.has(line.taskRunId) ? (
                <span className="log-name">{taskNames.get(line.taskRunId)}: </span>
              ) : line.name ? (
                <span className="log-name">{line.name}: </span>
              ) : null}
              {line.message}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}
