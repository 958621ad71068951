/**
 * Runs one process agent in its own process, so a test can kill it outright:
 * `node --conditions=@headwater/source --import tsx agent-main.ts '<options as JSON>'`.
 */
import { join } from 'node:path';
import { addPluginSearchPath } from '@headwater/core';
import { consoleAgentLogger, createProcessAgent } from '../../src/index.js';

// As the CLI does with its own install: storage plugins also resolve from this package,
// whose devDependencies hold Local and Docker storage.
addPluginSearchPath(join(import.meta.dirname, '..', '..'), { position: 'last' });

const options = JSON.parse(process.argv[2] ?? '{}');
const agent = createProcessAgent({
  ...options,
  logger: consoleAgentLogger(options.name ?? 'agent', 'debug'),
});
process.once('SIGTERM', () => void agent.stop());
await agent.start();
