import { HeadwaterError } from '@headwater/core/base';
import { NotFoundError } from './not-found-error.js';

const marker = 'headwater.client.project-not-found-error';
const symbol = Symbol.for(marker);

/** A deploy named a project that does not exist; found before anything was built. */
export class ProjectNotFoundError extends NotFoundError {
  readonly [symbol] = true;
  readonly projectName: string;

  constructor({ projectName, api }: { projectName: string; api: string }) {
    super({
      code: 'PROJECT_NOT_FOUND',
      operation: 'project',
      message: `Project "${projectName}" not found at ${api}. Create it with \`headwater create project "${projectName}"\` or \`new Client().createProject({ projectName: "${projectName}" })\`.`,
    });
    this.name = 'ProjectNotFoundError';
    this.projectName = projectName;
  }

  static override isInstance(error: unknown): error is ProjectNotFoundError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
