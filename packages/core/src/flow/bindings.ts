import type { Task } from '../tasks/task.js';

const unmappedMarker = Symbol.for('headwater.unmapped');

/** A value for a task input: the value itself, or an upstream task producing it. */
export type Bindable<T> = T | Task<any, T>;

/** The keyword inputs of a task with input shape `I`; required inputs stay required. */
export type TaskInputs<I> = { [K in keyof I]: Bindable<I[K]> };

/** An input passed whole to every child of a mapped task. */
export interface Unmapped<T> {
  readonly [unmappedMarker]: true;
  readonly value: Bindable<T>;
}

/**
 * The inputs of a mapped task: lists (or tasks producing lists) to map over, or
 * {@link unmapped} values passed whole to every child.
 */
export type MappedInputs<I> = { [K in keyof I]: Bindable<readonly I[K][]> | Unmapped<I[K]> };

/**
 * Marks a mapped task's input as passed whole to every child instead of mapped over.
 *
 * @example
 * ```ts
 * flow.map(multiply, { x: numbers, factor: unmapped(factor) });
 * ```
 */
export function unmapped<T>(value: Bindable<T>): Unmapped<T> {
  return { [unmappedMarker]: true, value };
}

/** True for a value made by {@link unmapped}. */
export function isUnmapped(value: unknown): value is Unmapped<unknown> {
  return (
    value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[unmappedMarker] === true
  );
}

/** Extra dependencies of a task added with `flow.add` / `flow.map`. */
export interface AddOptions {
  /** Tasks that must finish first; their results are not passed (state dependencies). */
  upstream?: readonly Task<any, unknown>[];
  /** Tasks that must wait for this one (state dependencies). */
  downstream?: readonly Task<any, unknown>[];
}

/** Inputs are optional when the task has no required input. */
export type InputArgs<I, Inputs> = {} extends I
  ? [inputs?: Inputs, options?: AddOptions]
  : [inputs: Inputs, options?: AddOptions];
