/** The engine's own message (dockerode keeps the engine's JSON answer in `json`). */
export function engineMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } | string })?.json;
  if (json && typeof json === 'object' && json.message) return json.message;
  if (typeof json === 'string' && json.trim()) return json.trim();
  return error instanceof Error ? error.message : String(error);
}

/** The engine answered that the image is not on the host. */
export function isMissingImage(error: unknown): boolean {
  return (
    (error as { statusCode?: number })?.statusCode === 404 && /no such image/i.test(engineMessage(error))
  );
}
