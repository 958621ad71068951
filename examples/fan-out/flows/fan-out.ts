import { Flow, Parameter, task } from '@headwater/core';

/** List the pages to check, check each one in its own mapped task run, then summarise. */
const listPages = task(
  ({ pages }: { pages: number }) => Array.from({ length: pages }, (_, i) => `/page/${i + 1}`),
  {
    name: 'list-pages',
  },
);

const checkPage = task(
  ({ path }: { path: string }) => {
    const words = path.length * 7;
    return { path, words };
  },
  { name: 'check-page', tags: ['fan-out'] },
);

const summarise = task(
  ({ results }: { results: { path: string; words: number }[] }) => {
    const total = results.reduce((sum, r) => sum + r.words, 0);
    console.log(`checked ${results.length} pages, ${total} words`);
    return total;
  },
  { name: 'summarise' },
);

export const flow = new Flow('fan-out');
const pages = new Parameter('pages', { default: 5 });
const paths = flow.add(listPages, { pages });
const results = flow.map(checkPage, { path: paths });
flow.add(summarise, { results });
