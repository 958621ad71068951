import { Client } from '@headwater/client';
import { flow } from '../flows/fan-out.js';

/**
 * Creates a project with the client API and deploys the fan-out flow with `flow.deploy`,
 * which creates Docker storage from the options: what a user's own deploy script does.
 *
 *   node --import tsx scripts/deploy-fan-out.ts <registry-url> <base-image> <image-name>
 */
const [registryUrl, baseImage, imageName] = process.argv.slice(2);
const client = new Client();
const project = await client.createProject({
  projectName: 'Client Project',
  description: 'made with the client API',
});
const flowId = await flow.deploy('Client Project', { registryUrl, baseImage, imageName });
console.log(JSON.stringify({ project, flowId }));
