/**
 * Unit conversion of one amount, pure. Volumes and weights go to the asked system:
 * metric (ml/l, g/kg) or US (tsp/tbsp/cup, oz/lb). Between volume and weight only with the
 * food's density (densities.ts): a metric view weighs what metric cooks weigh (cups of flour
 * become grams), a US view measures by volume what has a known density (grams of flour become
 * cups). Teaspoons and tablespoons count as metric (5 and 15 ml spoons). Count units (clove, can), lengths and lines without a unit are kept: `converted: false`.
 */
import { densityOf } from './densities.js';
import { unitInfo } from './units.js';

export type UnitSystemTarget = 'metric' | 'us';

export interface Amount {
  quantity: number | null;
  quantity_max: number | null;
  unit: string | null;
}

export interface Converted extends Amount {
  /** True when the amount is in the asked system (converted, or already so). */
  converted: boolean;
  /** How: 'same' (already in the system), 'unit' (volume to volume, weight to weight), 'density', or null when kept. */
  via: 'same' | 'unit' | 'density' | null;
}

const TSP = 4.92892159375;
const TBSP = 14.78676478125;
const CUP = 236.5882365;
const OZ = 28.349523125;
const LB = 453.59237;

/** The unit a cook would use for this much, in the system: returns [unit, size of one in ml or g]. */
function bestUnit(kind: 'volume' | 'mass', base: number, target: UnitSystemTarget): [string, number] {
  if (target === 'metric') {
    if (kind === 'volume') return base >= 1000 ? ['liter', 1000] : ['milliliter', 1];
    return base >= 1000 ? ['kilogram', 1000] : ['gram', 1];
  }
  if (kind === 'mass') return base >= LB ? ['pound', LB] : ['ounce', OZ];
  // Below a tablespoon in teaspoons, below a quarter cup in tablespoons, then cups.
  if (base < TBSP - 0.01) return ['teaspoon', TSP];
  if (base < CUP / 4 - 0.01) return ['tablespoon', TBSP];
  return ['cup', CUP];
}

/** Metric kitchens measure with 5 ml and 15 ml spoons too: teaspoons and tablespoons stay in a metric view. */
const SPOONS = new Set(['teaspoon', 'tablespoon']);

const keep = (a: Amount): Converted => ({ ...a, converted: false, via: null });

/** Converts an amount of the named food to the target system (see the module comment). */
export function convertAmount(amount: Amount, food: string | null, target: UnitSystemTarget): Converted {
  const info = amount.unit ? unitInfo(amount.unit) : null;
  if (!info || (info.kind !== 'volume' && info.kind !== 'mass') || info.factor === null || amount.quantity === null) return keep(amount);
  const density = densityOf(food);
  let kind: 'volume' | 'mass' = info.kind;
  let perUnit = info.factor; // ml or g per unit of the amount
  let via: Converted['via'] = 'unit';
  if (target === 'metric' && SPOONS.has(info.name)) {
    return { ...amount, converted: true, via: 'same' };
  } else if (target === 'metric' && kind === 'volume' && info.system !== 'metric' && density?.weighed) {
    kind = 'mass';
    perUnit = info.factor * density.gramsPerMl;
    via = 'density';
  } else if (target === 'us' && kind === 'mass' && info.system === 'metric' && density) {
    kind = 'volume';
    perUnit = info.factor / density.gramsPerMl;
    via = 'density';
  } else if (info.system === target) {
    return { ...amount, converted: true, via: 'same' };
  }
  const base = amount.quantity * perUnit;
  const [unit, size] = bestUnit(kind, base, target);
  const quantity = base / size;
  const quantityMax = amount.quantity_max === null ? null : (amount.quantity_max * perUnit) / size;
  // An amount so large that the conversion overflows is left as it was, unconverted.
  if (!Number.isFinite(quantity) || (quantityMax !== null && !Number.isFinite(quantityMax))) return keep(amount);
  return { quantity, quantity_max: quantityMax, unit, converted: true, via };
}

/** The system a unit belongs to for conversion purposes (imperial counts as neither). */
export function systemOf(unit: string | null): 'metric' | 'us' | 'imperial' | null {
  return unit ? (unitInfo(unit)?.system ?? null) : null;
}
