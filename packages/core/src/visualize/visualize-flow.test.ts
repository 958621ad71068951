import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Flow } from '../flow/flow.js';
import { task } from '../tasks/function-task.js';
import { Parameter } from '../tasks/parameter.js';

const extract = task(({ url }: { url: string }) => [url.length, 2, 3], { name: 'extract' });
const double = task(({ x }: { x: number }) => x * 2, { name: 'double' });
const total = task(({ values }: { values: number[] }) => values.reduce((a, b) => a + b, 0), {
  name: 'total',
});
const fails = task(
  (): number => {
    throw new Error('no');
  },
  { name: 'fails "loudly" <here>' },
);

const etl = () => {
  const flow = new Flow('etl');
  const numbers = flow.add(extract, { url: new Parameter('url', { default: 'http://x' }) });
  const doubled = flow.map(double, { x: numbers });
  flow.add(total, { values: doubled });
  flow.add(fails, {}, { upstream: [numbers] });
  return flow;
};

const directories: string[] = [];
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))));

/**
 * The root element of an XML document, and its nesting errors: elements left open, and
 * closing tags that do not match the element open at that point.
 */
const elementsOf = (xml: string) => {
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  const open: string[] = [];
  const mismatched: string[] = [];
  let root: string | undefined;
  for (const [, closing, name, , selfClosing] of body.matchAll(
    /<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g,
  )) {
    if (closing) {
      if (open.pop() !== name) mismatched.push(name!);
    } else {
      if (open.length === 0) root = root === undefined ? name : `${root}+${name}`;
      if (!selfClosing) open.push(name!);
    }
  }
  return { root, unclosed: open, mismatched };
};

/** Node id of the task named `name` in Mermaid text. */
const idOf = (text: string, name: string) => new RegExp(`^ {2}(t\\d+)[[(/"]+${name}`, 'm').exec(text)?.[1];

describe('flow.visualize', () => {
  it('returns a Mermaid flowchart of the tasks and edges, labelled with names and inputs', () => {
    const text = etl().visualize();
    expect(text.startsWith('flowchart TD\n')).toBe(true);
    const [url, ext, dbl, tot] = ['url', 'extract', 'double', 'total'].map((n) => idOf(text, n));
    expect(text).toContain(`${url}(["url"])`);
    expect(text).toContain(`${url} -->|"url"| ${ext}`);
    expect(text).toContain(`${ext} -.->|"x (mapped)"| ${dbl}`);
    expect(text).toContain(`${dbl} -->|"values"| ${tot}`);
    // A pure state dependency has no label; quotes and angle brackets are escaped.
    expect(text).toMatch(new RegExp(`${ext} --> t\\d+\\n`));
    expect(text).toContain('["fails #34;loudly#34; #60;here#62;"]');
    expect(text).not.toContain('classDef');
  });

  it("colours each task by its state when given a run's states", async () => {
    const flow = etl();
    const state = await flow.run();
    const text = flow.visualize({ flowState: state, direction: 'LR' });
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toContain('classDef Success fill:#28a745');
    expect(text).toContain('classDef Failed fill:#dc3545');
    expect(text).toContain(`class ${idOf(text, 'fails')} Failed`);
    const mapped = /^ {2}class (.+) Mapped$/m.exec(text)?.[1];
    expect(mapped).toBe(idOf(text, 'double'));
  });

  it('writes the drawing as well-formed SVG when asked', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hw-visualize-'));
    directories.push(directory);
    const file = join(directory, 'etl.svg');
    const flow = etl();
    const text = await flow.visualize({ svg: file, flowState: await flow.run() });
    expect(text).toContain('flowchart TD');
    const svg = await readFile(file, 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(elementsOf(svg)).toEqual({ root: 'svg', unclosed: [], mismatched: [] });
    for (const name of ['url', 'extract', 'double', 'total']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain('>x (mapped)</text>');
    expect(svg).toContain('fill="#dc3545"');
  });
});
