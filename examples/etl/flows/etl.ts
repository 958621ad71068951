import { Flow, Parameter, task } from '@headwater/core';
import { generateOrders, type Order, totalsByRegion } from '../src/orders.js';

/**
 * Extract orders (the source fails on its first attempt, as flaky sources do, and the
 * task retries), transform them into totals per region, and load the report.
 */
const extract = task(
  ({ count, seed }: { count: number; seed: number }, { runCount }) => {
    if (runCount === 1) throw new Error('order service timed out (first attempt)');
    return generateOrders(count, seed);
  },
  { name: 'extract', maxRetries: 2, retryDelay: 1_000 },
);

const transform = task(({ orders }: { orders: Order[] }) => totalsByRegion(orders), { name: 'transform' });

const load = task(
  ({ totals }: { totals: Record<string, number> }) => {
    const lines = Object.entries(totals).map(([region, amount]) => `${region}: ${amount.toFixed(2)}`);
    console.log(`report\n${lines.join('\n')}`);
    return lines.length;
  },
  { name: 'load' },
);

export const flow = new Flow('etl');
const count = new Parameter('count', { default: 100 });
const seed = new Parameter('seed', { default: 42 });
const orders = flow.add(extract, { count, seed });
const totals = flow.add(transform, { orders });
flow.add(load, { totals });
