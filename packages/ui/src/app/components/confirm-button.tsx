import { AlertDialog } from 'radix-ui';
import type { ReactNode } from 'react';

/**
 * A button that asks before doing something that cannot be undone. `tone` `primary` is for an
 * action that moves a run on (e.g. resuming it) rather than one that destroys.
 */
export function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  disabled,
  small = false,
  ariaLabel,
  tone = 'danger',
  cancelLabel = 'Keep it',
}: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  disabled?: boolean;
  small?: boolean;
  ariaLabel?: string;
  /** @default 'danger' */
  tone?: 'danger' | 'primary';
  /** @default 'Keep it' */
  cancelLabel?: string;
}) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger
        className={`btn ${tone === 'primary' ? 'btn-primary' : 'btn-danger'}${small ? ' btn-small' : ''}`}
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
            <AlertDialog.Cancel className="btn">{cancelLabel}</AlertDialog.Cancel>
            <AlertDialog.Action
              className={`btn ${tone === 'primary' ? 'btn-primary' : 'btn-danger-solid'}`}
              onClick={onConfirm}
            >
              {confirmLabel}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
