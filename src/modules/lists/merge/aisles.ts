/**
 * The aisle a food is found in: the household's own choice when it made one (an item's category
 * edited by hand is remembered per household and passed in as `overrides`), else the food
 * table's (foods.ts), else the table's food the name ends with in English ("smoked salmon" is
 * salmon, "chicken thigh fillet" is chicken thigh) or starts with in Portuguese ("cebola roxa
 * grande" is cebola), the longer match winning; else `other`.
 */
import { BoundedMap } from '../../../lib/bounded-map.js';
import { entryOfKey, TABLE_NAMES } from './food-key.js';
import type { Aisle } from './list-item.js';

/** The household's remembered aisles, by food key. */
export type AisleOverrides = ReadonlyMap<string, Aisle>;

/** The aisle of a food by its key (food-key.ts). */
export function aisleOf(foodKey: string, overrides?: AisleOverrides): Aisle {
  const chosen = overrides?.get(foodKey);
  if (chosen) return chosen;
  let aisle = found.get(foodKey);
  if (aisle === undefined) found.set(foodKey, (aisle = tableAisle(foodKey)));
  return aisle;
}

/** The most words a name of the table has: no longer part of a name can match one. */
const LONGEST = Math.max(...[...TABLE_NAMES.english.keys(), ...TABLE_NAMES.portuguese.keys()].map((k) => k.split(' ').length));

// The table's answer for a key does not change: kept, within a bound (keys come from user text).
const found = new BoundedMap<string, Aisle>(5_000);

function tableAisle(foodKey: string): Aisle {
  const entry = entryOfKey(foodKey);
  if (entry) return entry.aisle;
  const words = foodKey.split(' ');
  // The longest English ending, then a longer Portuguese beginning if there is one.
  let best: { words: number; aisle: Aisle } | null = null;
  for (let i = Math.max(0, words.length - LONGEST); i < words.length && !best; i++) {
    const e = TABLE_NAMES.english.get(words.slice(i).join(' '));
    if (e) best = { words: words.length - i, aisle: e.aisle };
  }
  for (let n = Math.min(words.length, LONGEST); n > (best?.words ?? 0); n--) {
    const e = TABLE_NAMES.portuguese.get(words.slice(0, n).join(' '));
    if (e) {
      best = { words: n, aisle: e.aisle };
      break;
    }
  }
  if (best) return best.aisle;
  // A name of the table anywhere inside, the longest first ("sobras de frango assado": frango).
  for (let n = Math.min(words.length - 1, LONGEST); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const part = words.slice(i, i + n).join(' ');
      const e = TABLE_NAMES.english.get(part) ?? TABLE_NAMES.portuguese.get(part);
      if (e) return e.aisle;
    }
  }
  return 'other';
}
