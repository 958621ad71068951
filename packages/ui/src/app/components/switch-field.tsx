import { Switch } from 'radix-ui';
import { type ReactNode, useId } from 'react';

/** An on/off switch with its label and a plain explanation of what it does. */
export function SwitchField({
  label,
  description,
  checked,
  disabled,
  onCheckedChange,
}: {
  label: string;
  description: ReactNode;
  checked: boolean;
  disabled?: boolean;
  onCheckedChange(checked: boolean): void;
}) {
  const id = useId();
  return (
    <div className="switch-field">
      <Switch.Root
        id={id}
        className="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onCheckedChange={onCheckedChange}
      >
        <Switch.Thumb className="switch-thumb" />
      </Switch.Root>
      <div className="switch-text">
        <label htmlFor={id}>{label}</label>
        <span className="muted" aria-hidden="true">
          {' '}
          · {checked ? 'on' : 'off'}
        </span>
        <p className="hint" id={`${id}-hint`}>
          {description}
        </p>
      </div>
    </div>
  );
}
