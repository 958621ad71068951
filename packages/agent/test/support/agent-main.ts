/**
 * Runs one process agent in its own process, so a test can kill it outright:
 * `node --conditions=@headwater/source --import tsx agent-main.ts '<options as JSON>'`.
 */
import { consoleAgentLogger, createProcessAgent } from '../../src/index.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const agent = createProcessAgent({
  ...options,
  logger: consoleAgentLogger(options.name ?? 'agent', 'debug'),
});
process.once('SIGTERM', () => void agent.stop());
await agent.start();
