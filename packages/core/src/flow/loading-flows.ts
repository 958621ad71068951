/**
 * Set while Headwater itself imports flow modules (a flow bundle's entry, `headwater deploy`
 * and `serialize`) rather than the user running them. A registry symbol, so every copy of
 * `@headwater/core` — and a bundle's entry, which must not import core — sees the same flag.
 */
export const LOADING_FLOWS = Symbol.for('headwater.loading-flows');

/** Marks that flow modules are being loaded by Headwater: `flow.deploy()` at a module's top level does nothing. */
export function markLoadingFlows(): void {
  (globalThis as Record<symbol, unknown>)[LOADING_FLOWS] = true;
}

/** True while Headwater loads flow modules (see {@link markLoadingFlows}). */
export function isLoadingFlows(): boolean {
  return (globalThis as Record<symbol, unknown>)[LOADING_FLOWS] === true;
}
