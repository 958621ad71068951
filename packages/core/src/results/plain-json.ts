/**
 * True when `JSON.parse(JSON.stringify(value))` gives back an equal value: null, booleans,
 * strings, finite numbers, dense arrays and plain objects of these, without cycles,
 * `undefined` members or `toJSON` methods. Such results are stored as they are, so the
 * stored form stays readable and is what earlier versions wrote.
 */
export function isPlainJson(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  const plain = Array.isArray(value) ? isPlainArray(value, seen) : isPlainObject(value, seen);
  seen.delete(value);
  return plain;
}

function isPlainArray(array: unknown[], seen: Set<object>): boolean {
  if (Object.getPrototypeOf(array) !== Array.prototype) return false;
  for (let i = 0; i < array.length; i++) {
    if (!(i in array) || !isPlainJson(array[i], seen)) return false;
  }
  return true;
}

function isPlainObject(object: object, seen: Set<object>): boolean {
  if (Object.getPrototypeOf(object) !== Object.prototype) return false;
  if (Object.getOwnPropertySymbols(object).length > 0) return false;
  for (const [key, member] of Object.entries(object)) {
    if (key === 'toJSON' || key === '__proto__' || !isPlainJson(member, seen)) return false;
  }
  return true;
}
