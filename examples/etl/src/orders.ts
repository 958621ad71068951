/** Helpers the flow imports: bundled into the image with the flow, nothing to install. */
export interface Order {
  id: number;
  region: string;
  amount: number;
}

const REGIONS = ['north', 'south', 'east', 'west'];

/** A deterministic batch of orders, as an upstream system would return them. */
export function generateOrders(count: number, seed: number): Order[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    region: REGIONS[Math.floor(next() * REGIONS.length)]!,
    amount: Math.round(next() * 10_000) / 100,
  }));
}

/** Totals per region, rounded to cents. */
export function totalsByRegion(orders: Order[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const order of orders) totals[order.region] = (totals[order.region] ?? 0) + order.amount;
  for (const region of Object.keys(totals)) totals[region] = Math.round(totals[region]! * 100) / 100;
  return totals;
}
