import { useEffect, useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard permission (or outside a secure context) fall back to a selected textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

/** Copies `text`; says whether it worked, out loud for screen readers too. */
export function CopyButton({
  text,
  label = 'Copy',
  className = 'btn btn-small',
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = window.setTimeout(() => setStatus('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [status]);
  return (
    <button
      type="button"
      className={className}
      onClick={async () => setStatus((await copyText(text)) ? 'copied' : 'failed')}
    >
      <span aria-live="polite">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Select and copy' : label}
      </span>
    </button>
  );
}
