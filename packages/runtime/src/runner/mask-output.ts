import type { SecretMask } from './secret-mask.js';

type Write = typeof process.stdout.write;

/**
 * Masks the secret values of `mask` in what this process prints on stdout and stderr (what a
 * task prints, what an agent keeps of a run's output). Returns the function that restores
 * both streams.
 */
export function maskProcessOutput(mask: SecretMask): () => void {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, index) => {
    const original = originals[index]!;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text =
        typeof chunk === 'string'
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk).toString('utf8')
            : null;
      const masked = text === null ? chunk : mask.text(text);
      return (original as (...args: unknown[]) => boolean).call(stream, masked, ...rest);
    }) as Write;
  });
  return () => {
    streams.forEach((stream, index) => {
      stream.write = originals[index]!;
    });
  };
}
