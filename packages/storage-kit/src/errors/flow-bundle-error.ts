import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage.flow-bundle-error';
const symbol = Symbol.for(marker);

/** One problem esbuild found, with its place in the source. */
export interface BundleProblem {
  text: string;
  file?: string;
  line?: number;
  column?: number;
  /** The source line, when known. */
  lineText?: string;
}

/**
 * Bundling the flow module(s) failed: a syntax error, or an import that cannot be
 * resolved. `problems` carries every error with file and line.
 */
export class FlowBundleError extends HeadwaterError {
  readonly [symbol] = true;
  readonly problems: readonly BundleProblem[];

  constructor({
    problems,
    hint,
    cause,
  }: { problems: readonly BundleProblem[]; hint?: string; cause?: unknown }) {
    const lines = problems.map((p) => {
      const where = p.file
        ? `${p.file}${p.line ? `:${p.line}${p.column !== undefined ? `:${p.column + 1}` : ''}` : ''}: `
        : '';
      return `  ${where}${p.text}${p.lineText ? `\n      ${p.lineText.trim()}` : ''}`;
    });
    super({
      code: 'FLOW_BUNDLE_FAILED',
      message: `Bundling the flow code failed:\n${lines.join('\n')}${hint ? `\n${hint}` : ''}`,
      cause,
    });
    this.name = 'FlowBundleError';
    this.problems = problems;
  }

  static override isInstance(error: unknown): error is FlowBundleError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
