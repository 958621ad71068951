/**
 * Marks a due run that no connected agent takes; the server's sentence (what is missing and
 * what to start) is its accessible name and its tooltip.
 */
export function NoAgentMarker({ reason }: { reason: string }) {
  return (
    <span className="no-agent-marker" role="img" aria-label={reason} title={reason}>
      No agent
    </span>
  );
}
