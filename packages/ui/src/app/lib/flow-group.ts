import type { FlowParameter } from '../api/types.js';
import { isJsonObject } from './parameters.js';

export type ParsedJsonObject = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Reads a JSON object typed by the user; empty text is `{}`. The error names what is wrong, so it
 * can be shown before anything is sent.
 *
 * @example
 * parseJsonObject('{"times": 3}') // → { ok: true, value: { times: 3 } }
 * parseJsonObject('[1]')          // → { ok: false, error: 'This is a list; … a JSON object …' }
 */
export function parseJsonObject(text: string): ParsedJsonObject {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `This is not valid JSON (${error instanceof Error ? error.message : String(error)}). Write a JSON object, like {"key": "value"}.`,
    };
  }
  if (isJsonObject(value)) return { ok: true, value };
  const what = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
  return { ok: false, error: `This is ${what}; write a JSON object, like {"key": "value"}.` };
}

/** A JSON object written for editing: two-space indented, empty text for `{}`. */
export function jsonObjectText(value: Record<string, unknown> | null | undefined): string {
  return value && Object.keys(value).length > 0 ? JSON.stringify(value, null, 2) : '';
}

/**
 * Labels typed as one line, separated by commas: trimmed, without empties and duplicates, sorted
 * (as the API returns them).
 *
 * @example
 * parseLabels(' gpu, eu-west ,gpu,') // → ['eu-west', 'gpu']
 */
export function parseLabels(text: string): string[] {
  return [...new Set(text.split(',').map((label) => label.trim()))].filter(Boolean).sort();
}

/** The flow's parameters with the defaults a new run gets: the flow's, overlaid by the group's. */
export function effectiveParameters(
  parameters: readonly FlowParameter[],
  groupDefaults: Readonly<Record<string, unknown>>,
): FlowParameter[] {
  return parameters.map((parameter) =>
    Object.hasOwn(groupDefaults, parameter.name)
      ? { ...parameter, default: groupDefaults[parameter.name] }
      : parameter,
  );
}

/** One clock of the group schedule form, as typed. */
export interface ClockDraft {
  /** Stable React key. */
  key: string;
  kind: 'cron' | 'interval';
  /** The cron expression, or the interval in seconds. */
  value: string;
  /** A JSON object, or empty for none. */
  parameterDefaults: string;
}

/** The group schedule form, as typed. */
export interface ScheduleDraft {
  timezone: string;
  clocks: ClockDraft[];
}

interface WireClock {
  type?: unknown;
  cron?: unknown;
  interval?: unknown;
  timezone?: unknown;
  parameter_defaults?: unknown;
}

let nextKey = 0;

/** A new, empty clock of the given kind. */
export function newClock(kind: ClockDraft['kind']): ClockDraft {
  nextKey += 1;
  return { key: `clock-${nextKey}`, kind, value: kind === 'interval' ? '3600' : '', parameterDefaults: '' };
}

/**
 * The form for a group's schedule (wire format): its cron and interval clocks (intervals are
 * microseconds on the wire, seconds in the form) and time zone. No schedule: one empty cron clock
 * in UTC.
 */
export function scheduleDraft(schedule: unknown): ScheduleDraft {
  const wire = isJsonObject(schedule) && Array.isArray(schedule.clocks) ? (schedule.clocks as unknown[]) : [];
  const clocks: ClockDraft[] = [];
  let timezone = 'UTC';
  for (const raw of wire) {
    if (!isJsonObject(raw)) continue;
    const clock = raw as WireClock;
    if (typeof clock.timezone === 'string') timezone = clock.timezone;
    const parameterDefaults = jsonObjectText(
      isJsonObject(clock.parameter_defaults) ? clock.parameter_defaults : null,
    );
    if (clock.type === 'CronClock' && typeof clock.cron === 'string') {
      clocks.push({ ...newClock('cron'), value: clock.cron, parameterDefaults });
    } else if (clock.type === 'IntervalClock' && typeof clock.interval === 'number') {
      clocks.push({ ...newClock('interval'), value: String(clock.interval / 1_000_000), parameterDefaults });
    }
  }
  return { timezone, clocks: clocks.length > 0 ? clocks : [newClock('cron')] };
}

/** The input of `setFlowGroupSchedule`, without the group's id. */
export interface GroupScheduleInput {
  cronClocks: { cron: string; parameterDefaults?: Record<string, unknown> }[];
  intervalClocks: { interval: number; parameterDefaults?: Record<string, unknown> }[];
  timezone: string;
}

export type ParsedSchedule =
  | { ok: true; input: GroupScheduleInput }
  /** Errors by `<clock key>.value`, `<clock key>.parameterDefaults` and `timezone`. */
  | { ok: false; errors: Record<string, string> };

/**
 * Checks what the browser can check of a schedule form: a cron expression is given, an interval
 * is a whole number of seconds, parameter defaults are JSON objects. Whether a cron expression or
 * time zone is valid is the server's call.
 */
export function parseScheduleDraft(draft: ScheduleDraft): ParsedSchedule {
  const errors: Record<string, string> = {};
  const input: GroupScheduleInput = {
    cronClocks: [],
    intervalClocks: [],
    timezone: draft.timezone.trim() || 'UTC',
  };
  if (draft.clocks.length === 0) errors.timezone = 'Add at least one clock, or remove the group schedule.';
  for (const clock of draft.clocks) {
    const defaults = parseJsonObject(clock.parameterDefaults);
    if (!defaults.ok) errors[`${clock.key}.parameterDefaults`] = defaults.error;
    const parameterDefaults =
      defaults.ok && Object.keys(defaults.value).length > 0 ? { parameterDefaults: defaults.value } : {};
    const value = clock.value.trim();
    if (clock.kind === 'cron') {
      if (value === '') errors[`${clock.key}.value`] = 'Enter a cron expression, like 0 6 * * 1-5.';
      else input.cronClocks.push({ cron: value, ...parameterDefaults });
    } else {
      const seconds = Number(value);
      if (value === '' || !Number.isInteger(seconds) || seconds <= 0)
        errors[`${clock.key}.value`] = 'Enter the interval as a whole number of seconds, like 3600.';
      else input.intervalClocks.push({ interval: seconds, ...parameterDefaults });
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}
