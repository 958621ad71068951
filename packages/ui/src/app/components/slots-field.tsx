import { FieldError } from './field-error.js';

/** The number of slots of a concurrency limit, with its error next to it. */
export function SlotsField({
  id,
  value,
  error,
  onChange,
  label = 'Slots',
  autoFocus = false,
}: {
  id: string;
  value: string;
  error: string | null;
  onChange(value: string): void;
  label?: string;
  autoFocus?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        inputMode="numeric"
        value={value}
        // biome-ignore lint/a11y/noAutofocus: it opens on a click of its Change button
        autoFocus={autoFocus}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}
