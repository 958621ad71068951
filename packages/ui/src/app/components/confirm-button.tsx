import { AlertDialog } from 'radix-ui';
import type { ReactNode } from 'react';

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  disabled,
  small = false,
  ariaLabel,
}: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  disabled?: boolean;
  small?: boolean;
  ariaLabel?: string;
}) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger
        className={`btn btn-danger${small ? ' btn-small' : ''}`}
        disabled={disabled}
        aria-label={ariaLabel}
      >
        {label}
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog-content">
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description className="dialog-description">{description}</AlertDialog.Description>
          <div className="dialog-actions">
            <AlertDialog.Cancel className="btn">Keep it</AlertDialog.Cancel>
            <AlertDialog.Action className="btn btn-danger-solid" onClick={onConfirm}>
              {confirmLabel}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
