import { Fragment, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ConcurrencyLimit } from '../api/limit-documents.js';
import { targetOf, useDeleteConcurrencyLimit } from '../api/use-concurrency-limits.js';
import { limitName } from '../lib/limits.js';
import { ConfirmButton } from './confirm-button.js';
import { ErrorNotice } from './error-notice.js';
import { LimitSlotsEditor } from './limit-slots-editor.js';
import { TimeAgo } from './time-ago.js';

/** The tenant's concurrency limits: what each holds back, slots taken and allowed; change or delete one. */
export function LimitsTable({ limits }: { limits: readonly ConcurrencyLimit[] }) {
  const remove = useDeleteConcurrencyLimit();
  const [editing, setEditing] = useState<string | null>(null);
  const changeButtons = useRef(new Map<string, HTMLButtonElement>());
  /** Closes the slots editor and gives focus back to the row's Change button. */
  const closeEditor = (limitId: string) => {
    flushSync(() => setEditing(null));
    changeButtons.current.get(limitId)?.focus();
  };
  return (
    <>
      {remove.error && (
        <div className="card-body">
          <ErrorNotice error={remove.error} title="The limit was not deleted" />
        </div>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="limits-table">
          <caption className="visually-hidden">Concurrency limits</caption>
          <thead>
            <tr>
              <th scope="col">Limit on</th>
              <th scope="col" className="numeric">
                Running / slots
              </th>
              <th scope="col" className="hide-narrow">
                Updated
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {limits.map((limit) => {
              const name = limitName(limit);
              return (
                <Fragment key={limit.id}>
                  <tr data-limit={name}>
                    <td>
                      <strong className="mono">{name}</strong>
                      <div className="muted">{limit.kind === 'TASK_TAG' ? 'Task tag' : 'Flow'}</div>
                    </td>
                    <td className="numeric nowrap" data-testid="limit-slots">
                      {limit.running} / {limit.slots}
                    </td>
                    <td className="hide-narrow">
                      <TimeAgo iso={limit.updated} />
                    </td>
                    <td className="numeric">
                      <div className="row" style={{ justifyContent: 'flex-end' }}>
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={`Change the slots of ${name}`}
                          aria-expanded={editing === limit.id}
                          ref={(button) => {
                            if (button) changeButtons.current.set(limit.id, button);
                            else changeButtons.current.delete(limit.id);
                          }}
                          onClick={() => setEditing(editing === limit.id ? null : limit.id)}
                        >
                          Change
                        </button>
                        <ConfirmButton
                          small
                          label="Delete"
                          ariaLabel={`Delete the limit of ${name}`}
                          title={`Delete the limit of “${name}”?`}
                          description="Its runs no longer wait for a slot."
                          confirmLabel="Delete limit"
                          disabled={remove.isPending}
                          onConfirm={() => remove.mutate(targetOf(limit))}
                        />
                      </div>
                    </td>
                  </tr>
                  {editing === limit.id && (
                    <tr data-limit-editor={name}>
                      <td colSpan={4}>
                        <LimitSlotsEditor limit={limit} onDone={() => closeEditor(limit.id)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
