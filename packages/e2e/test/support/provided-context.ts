/** What the global setup hands the test files: the installed user project, or why there is none. */
export type UserProjectSetup = { directory: string } | { error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    userProject: UserProjectSetup;
  }
}
