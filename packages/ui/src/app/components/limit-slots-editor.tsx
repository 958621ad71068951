import { type FormEvent, useId, useState } from 'react';
import type { ConcurrencyLimit } from '../api/limit-documents.js';
import { targetOf, useSetConcurrencyLimit } from '../api/use-concurrency-limits.js';
import { limitName, parseSlots } from '../lib/limits.js';
import { ErrorNotice } from './error-notice.js';
import { SlotsField } from './slots-field.js';

/** Changes one limit's slots, under its row of the limits table; Escape or Cancel leaves it. */
export function LimitSlotsEditor({ limit, onDone }: { limit: ConcurrencyLimit; onDone(): void }) {
  const id = useId();
  const [slots, setSlots] = useState(String(limit.slots));
  const [error, setError] = useState<string | null>(null);
  const set = useSetConcurrencyLimit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseSlots(slots);
    setError(parsed.ok ? null : parsed.error);
    if (!parsed.ok) {
      document.getElementById(id)?.focus();
      return;
    }
    set.mutate({ ...targetOf(limit), slots: parsed.value }, { onSuccess: onDone });
  };
  return (
    <form
      className="slots-editor"
      onSubmit={submit}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone();
      }}
    >
      <SlotsField
        id={id}
        label={`Slots of ${limitName(limit)}`}
        value={slots}
        error={error}
        onChange={setSlots}
        autoFocus
      />
      <button type="submit" className="btn btn-primary" disabled={set.isPending}>
        {set.isPending ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="btn" onClick={onDone}>
        Cancel
      </button>
      {set.error && <ErrorNotice error={set.error} title="The slots were not changed" />}
    </form>
  );
}
