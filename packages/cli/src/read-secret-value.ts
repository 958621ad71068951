import { Writable } from 'node:stream';
import { UsageError } from './usage-error.js';

/** Where {@link readSecretValue} reads from and asks on. */
export interface SecretInput {
  stdin?: NodeJS.ReadStream;
  /** Where the prompt goes (never the typed value). @default process.stderr */
  prompt?: NodeJS.WritableStream;
}

/**
 * The value of a secret, never from an argument (which would land in shell history and `ps`):
 * piped stdin when it is not a terminal (one trailing newline dropped), else a prompt that
 * does not echo what is typed.
 */
export async function readSecretValue(name: string, input: SecretInput = {}): Promise<string> {
  const stdin = input.stdin ?? process.stdin;
  const value = stdin.isTTY
    ? await hiddenPrompt(`Value of secret ${name}: `, stdin, input.prompt)
    : await readAll(stdin);
  const trimmed = stdin.isTTY ? value : value.replace(/\r?\n$/, '');
  if (trimmed === '') {
    throw new UsageError(
      `No value for secret ${name}: pipe it on stdin (e.g. \`printf %s "$DB_PASSWORD" | headwater secret set ${name}\`) or type it at the prompt.`,
    );
  }
  return trimmed;
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) text += chunk;
  return text;
}

async function hiddenPrompt(
  question: string,
  stdin: NodeJS.ReadStream,
  prompt: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  prompt.write(question);
  // What readline echoes goes nowhere: the value is never shown.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: stdin, output: silent, terminal: true });
  try {
    return await reader.question('');
  } finally {
    reader.close();
    prompt.write('\n');
  }
}
