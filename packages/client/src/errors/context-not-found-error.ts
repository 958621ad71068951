import { HeadwaterError } from '@headwater/core/base';

const marker = 'headwater.client.context-not-found-error';
const symbol = Symbol.for(marker);

/** No saved context has the name or API URL asked for; lists the known ones. */
export class ContextNotFoundError extends HeadwaterError {
  readonly [symbol] = true;
  /** The name or URL asked for. */
  readonly wanted: string;
  /** The names of the saved contexts. */
  readonly known: readonly string[];

  constructor({ wanted, known }: { wanted: string; known: readonly string[] }) {
    const knownText = known.length > 0 ? `Known contexts: ${known.join(', ')}.` : 'No context is saved yet.';
    super({
      code: 'CONTEXT_NOT_FOUND',
      message: `No context named or with the API URL "${wanted}". ${knownText} Log in to a new API with \`headwater auth login --api <url> --token <token>\`.`,
    });
    this.name = 'ContextNotFoundError';
    this.wanted = wanted;
    this.known = [...known];
  }

  static override isInstance(error: unknown): error is ContextNotFoundError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
