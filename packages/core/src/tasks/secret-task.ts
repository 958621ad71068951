import { Task, type TaskOptions } from './task.js';
import type { TaskRunContext } from './task-run-context.js';

/**
 * A task whose result is the value of a secret, read when it runs (from the API in a run on
 * an agent, from `HEADWATER__CONTEXT__SECRETS__<NAME>` in `flow.run()`). Its result is never
 * checkpointed: downstream tasks get the value in memory, and the run's logs and errors show
 * it as `****`.
 */
export class SecretTask extends Task<{}, string> {
  static override taskType = 'headwater.Secret';
  readonly secretName: string;

  constructor(secretName: string, options: Omit<TaskOptions<{}>, 'checkpoint'> = {}) {
    super({ ...options, name: options.name ?? secretName, checkpoint: false });
    this.secretName = secretName;
  }

  run(_inputs: {}, context: TaskRunContext): Promise<string> {
    return context.secret(this.secretName);
  }
}

/**
 * A secret as a task input: its value is read at run time.
 *
 * @example
 * ```ts
 * const connect = task(({ password }: { password: string }) => password.length > 0, { name: 'connect' });
 * const flow = new Flow('db');
 * flow.add(connect, { password: secret('DB_PASSWORD') });
 * ```
 */
export function secret(name: string, options: Omit<TaskOptions<{}>, 'checkpoint'> = {}): SecretTask {
  return new SecretTask(name, options);
}
