/** Where an agent writes what it does. Every method must be cheap and must not throw. */
export interface AgentLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The lowest level a {@link consoleAgentLogger} prints. */
export type AgentLogLevel = (typeof LEVELS)[number];

/**
 * Lines like `2024-05-01T12:00:00.000Z - my-agent - INFO - Waiting for flow runs...` on
 * stderr, as the original agent logged.
 *
 * @example
 * ```ts
 * const logger = consoleAgentLogger('docker-agent', 'debug');
 * ```
 */
export function consoleAgentLogger(
  name: string,
  level: AgentLogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): AgentLogger {
  const min = LEVELS.indexOf(level);
  const at =
    (lvl: AgentLogLevel) =>
    (message: string): void => {
      if (LEVELS.indexOf(lvl) < min) return;
      const label = lvl === 'warn' ? 'WARNING' : lvl.toUpperCase();
      write(`${new Date().toISOString()} - ${name} - ${label} - ${message}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything. */
export const silentAgentLogger: AgentLogger = { debug() {}, info() {}, warn() {}, error() {} };
