/** A form field's error, for the field's `aria-describedby`; nothing when there is none. */
export function FieldError({ id, error }: { id: string; error: string | null | undefined }) {
  if (!error) return null;
  return (
    <span className="field-error" id={id}>
      {error}
    </span>
  );
}
