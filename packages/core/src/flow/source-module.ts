import { fileURLToPath } from 'node:url';

type CallSite = { getFileName(): string | null | undefined };

const toPath = (file: string) => (file.startsWith('file:') ? fileURLToPath(file) : file);

/**
 * The file of the first caller above `boundary` on the call stack (the module that called
 * `new Flow(...)`), or `undefined` when the runtime has no V8 stack API.
 */
export function callerFile(boundary: Function): string | undefined {
  const capture = (Error as { captureStackTrace?: (target: object, fn?: Function) => void })
    .captureStackTrace;
  if (capture === undefined) return undefined;
  const original = Error.prepareStackTrace;
  let sites: CallSite[] = [];
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    capture(holder, boundary);
    sites = Array.isArray(holder.stack) ? (holder.stack as CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = original;
  }
  for (const site of sites) {
    const file = site.getFileName();
    if (file && !file.startsWith('node:') && file !== 'native') return toPath(file);
  }
  return undefined;
}

/** A module option (`import.meta.url` or a path) as an absolute file path. */
export function modulePath(module: string): string {
  return toPath(module);
}
