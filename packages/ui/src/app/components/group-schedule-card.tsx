import { type FormEvent, useId, useMemo, useState } from 'react';
import { DELETE_FLOW_GROUP_SCHEDULE, SET_FLOW_GROUP_SCHEDULE } from '../api/documents.js';
import type { FlowDetail } from '../api/types.js';
import { useFlowChange } from '../api/use-flow-change.js';
import { type ClockDraft, newClock, parseScheduleDraft, scheduleDraft } from '../lib/flow-group.js';
import { describeSchedule } from '../lib/schedule.js';
import { Card } from './card.js';
import { ChangeFeedback } from './change-feedback.js';
import { ConfirmButton } from './confirm-button.js';
import { Notice } from './error-notice.js';
import { FieldError } from './field-error.js';

/** The time zones the browser knows, offered as suggestions (the server decides what is valid). */
function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

/** Sets or removes a flow group's schedule: cron and interval clocks, each with optional parameter defaults, in one time zone. */
export function GroupScheduleCard({ flow }: { flow: FlowDetail }) {
  const id = useId();
  const group = flow.flowGroup;
  const [draft, setDraft] = useState(() => scheduleDraft(group.schedule));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const zones = useMemo(timeZones, []);
  const save = useFlowChange(SET_FLOW_GROUP_SCHEDULE, flow.id);
  const remove = useFlowChange(DELETE_FLOW_GROUP_SCHEDULE, flow.id);
  const groupSchedule = describeSchedule(group.schedule);
  const ownSchedule = describeSchedule(flow.schedule);

  const edit = (next: typeof draft) => {
    setDraft(next);
    save.reset();
    remove.reset();
  };
  const editClock = (key: string, fields: Partial<ClockDraft>) =>
    edit({
      ...draft,
      clocks: draft.clocks.map((clock) => (clock.key === key ? { ...clock, ...fields } : clock)),
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.reset();
    const parsed = parseScheduleDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = Object.keys(parsed.errors)[0];
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setErrors({});
    save.change({ flowGroupId: group.id, ...parsed.input });
  };

  const field = (name: string) => ({
    id: `${id}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
  });
  const fieldError = (name: string) => <FieldError id={`${id}-${name}-error`} error={errors[name]} />;

  return (
    <Card title="Group schedule">
      <form className="card-body" onSubmit={submit} noValidate>
        <div data-testid="schedule-in-effect" style={{ marginBottom: 16 }}>
          {groupSchedule ? (
            <Notice title="Group schedule overrides the flow's schedule">
              <p>
                {groupSchedule.join('; ')}
                {ownSchedule && ` (instead of the flow's own: ${ownSchedule.join('; ')})`}.{' '}
                {flow.isScheduleActive
                  ? "This version's schedule is on, so it runs on this one."
                  : "This version's schedule is off: turn it on in Overview for runs to be scheduled."}
              </p>
            </Notice>
          ) : (
            <p className="muted">
              {ownSchedule
                ? `No group schedule: the flow's own schedule applies (${ownSchedule.join('; ')}).`
                : 'No group schedule, and the flow has none of its own: it runs only when started.'}{' '}
              A group schedule applies to every version, in place of the flow's own.
            </p>
          )}
        </div>
        {draft.clocks.map((clock, index) => {
          const valueName = `${clock.key}.value`;
          const defaultsName = `${clock.key}.parameterDefaults`;
          return (
            <fieldset className="fieldset" key={clock.key}>
              <legend>
                Clock {index + 1}: {clock.kind === 'cron' ? 'cron' : 'interval'}
              </legend>
              <div className="field">
                <label htmlFor={`${id}-${valueName}`}>
                  {clock.kind === 'cron' ? 'Cron expression' : 'Interval (seconds)'}
                </label>
                <input
                  className="input mono"
                  value={clock.value}
                  inputMode={clock.kind === 'interval' ? 'numeric' : undefined}
                  placeholder={clock.kind === 'cron' ? '0 6 * * 1-5' : '3600'}
                  spellCheck={false}
                  {...field(valueName)}
                  aria-describedby={`${id}-${valueName}-hint${errors[valueName] ? ` ${id}-${valueName}-error` : ''}`}
                  onChange={(event) => editClock(clock.key, { value: event.target.value })}
                />
                <span className="hint" id={`${id}-${valueName}-hint`}>
                  {clock.kind === 'cron'
                    ? 'Minute, hour, day of month, month, day of week, in the time zone below.'
                    : 'Seconds between runs, at least 60.'}
                </span>
                {fieldError(valueName)}
              </div>
              <div className="field">
                <label htmlFor={`${id}-${defaultsName}`}>Parameter defaults (optional JSON object)</label>
                <textarea
                  className="input"
                  rows={2}
                  value={clock.parameterDefaults}
                  placeholder='{"name": "value"}'
                  spellCheck={false}
                  {...field(defaultsName)}
                  onChange={(event) => editClock(clock.key, { parameterDefaults: event.target.value })}
                />
                {fieldError(defaultsName)}
              </div>
              <button
                type="button"
                className="btn btn-small"
                disabled={draft.clocks.length === 1}
                onClick={() =>
                  edit({ ...draft, clocks: draft.clocks.filter((other) => other.key !== clock.key) })
                }
              >
                Remove clock {index + 1}
              </button>
            </fieldset>
          );
        })}
        <div className="row" style={{ marginBottom: 16 }}>
          {(['cron', 'interval'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="btn btn-small"
              onClick={() => edit({ ...draft, clocks: [...draft.clocks, newClock(kind)] })}
            >
              Add {kind} clock
            </button>
          ))}
        </div>
        <div className="field">
          <label htmlFor={`${id}-timezone`}>Time zone</label>
          <input
            className="input"
            value={draft.timezone}
            list={`${id}-zones`}
            autoComplete="off"
            spellCheck={false}
            {...field('timezone')}
            aria-describedby={`${id}-timezone-hint${errors.timezone ? ` ${id}-timezone-error` : ''}`}
            onChange={(event) => edit({ ...draft, timezone: event.target.value })}
          />
          <datalist id={`${id}-zones`}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <span className="hint" id={`${id}-timezone-hint`}>
            An IANA time zone, like Europe/Berlin; every clock runs in it. Empty means UTC.
          </span>
          {fieldError('timezone')}
        </div>
        <ChangeFeedback
          change={save}
          failed="The group schedule was not saved"
          saved="Group schedule saved."
        />
        <ChangeFeedback
          change={remove}
          failed="The group schedule was not removed"
          saved="Group schedule removed."
        />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.pending || remove.pending}>
            Save group schedule
          </button>
          {groupSchedule && (
            <ConfirmButton
              label="Remove group schedule"
              title="Remove the group schedule?"
              description={
                ownSchedule
                  ? "The flow's own schedule applies again, and runs not yet started are replaced."
                  : 'The flow has no schedule of its own, so its schedule is turned off and runs not yet started are deleted.'
              }
              confirmLabel="Remove schedule"
              disabled={save.pending || remove.pending}
              onConfirm={() => {
                save.reset();
                remove.change({ flowGroupId: group.id });
              }}
            />
          )}
        </div>
      </form>
    </Card>
  );
}
