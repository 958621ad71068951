import { randomInt } from 'node:crypto';
import type { Store } from './store.js';

const adjectives = [
  'amber',
  'brave',
  'calm',
  'daring',
  'eager',
  'fancy',
  'gentle',
  'happy',
  'icy',
  'jolly',
  'keen',
  'lively',
  'mellow',
  'nimble',
  'olive',
  'proud',
  'quick',
  'rapid',
  'silent',
  'tidy',
  'upbeat',
  'vivid',
  'witty',
  'young',
  'zealous',
  'bold',
  'clever',
  'dusty',
  'electric',
  'fuzzy',
  'golden',
  'hidden',
  'ivory',
  'lucky',
  'misty',
  'noble',
];
const animals = [
  'otter',
  'heron',
  'trout',
  'beaver',
  'salmon',
  'kingfisher',
  'newt',
  'frog',
  'dragonfly',
  'mink',
  'pike',
  'swan',
  'duck',
  'crane',
  'eel',
  'turtle',
  'moose',
  'lynx',
  'fox',
  'badger',
  'osprey',
  'crayfish',
  'dipper',
  'grayling',
  'wagtail',
  'vole',
  'plover',
  'stork',
  'ibis',
  'egret',
  'perch',
  'carp',
  'loon',
  'teal',
  'coot',
];

/** A random two-word run name such as `brave-otter`. */
function randomRunName(): string {
  return `${adjectives[randomInt(adjectives.length)]}-${animals[randomInt(animals.length)]}`;
}

/** Names drawn per lookup: with most names free, the first is almost always taken as it is. */
const CANDIDATES = 8;

/**
 * A random run name no other run of the tenant has, so a name alone tells runs apart in the UI
 * and the CLI. Once the two-word names run short it adds a number (`brave-otter-4821`).
 */
export async function uniqueRunName(store: Store, tenantId: string): Promise<string> {
  for (let digits = 0; ; digits = digits === 0 ? 2 : digits + 1) {
    const candidates = Array.from({ length: CANDIDATES }, () =>
      digits === 0 ? randomRunName() : `${randomRunName()}-${randomInt(10 ** digits)}`,
    );
    const taken = await store.db
      .selectFrom('flow_run')
      .select('name')
      .where('tenant_id', '=', tenantId)
      .where('name', 'in', candidates)
      .execute();
    const used = new Set(taken.map((row) => row.name));
    const free = candidates.find((name) => !used.has(name));
    if (free) return free;
  }
}
