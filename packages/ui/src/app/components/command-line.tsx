import { CopyButton } from './copy-button.js';

/** A shell command to run next, with a copy button. */
export function CommandLine({ command }: { command: string }) {
  return (
    <div className="command">
      <code>{command}</code>
      <CopyButton text={command} label="Copy" />
    </div>
  );
}
