import { randomInt } from 'node:crypto';

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

/** Names drawn per try: with most names free, the first is almost always taken as it is. */
const CANDIDATES = 8;

/**
 * Random run names to try, first free one first, so that a name alone tells runs apart in the
 * UI and the CLI: two-word names on the first try (`brave-otter`), then with a number of
 * two digits, then three, and so on (`brave-otter-4821`) once the two-word names run short.
 * The insert takes the first that no run of the tenant has (see insert-flow-run.ts).
 */
export function runNameCandidates(attempt: number): string[] {
  const digits = attempt === 0 ? 0 : attempt + 1;
  return Array.from({ length: CANDIDATES }, () =>
    digits === 0 ? randomRunName() : `${randomRunName()}-${randomInt(10 ** digits)}`,
  );
}
