import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@headwater/cli';

// The web UI ships beside this file; `server start` serves it unless told otherwise.
const bundledUi = join(import.meta.dirname, 'ui');
if (!process.env.HEADWATER__SERVER__UI_DIR && existsSync(join(bundledUi, 'index.html'))) {
  process.env.HEADWATER__SERVER__UI_DIR = bundledUi;
}

// `headwater get flows | head`: once the reader is gone there is nothing left to say.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv);
