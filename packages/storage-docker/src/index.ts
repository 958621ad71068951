export { createDockerClient, dockerConnectionOptions } from './docker-client.js';
