/**
 * Amounts the way a shopper reads them. Weights and volumes in the system the lines used (metric
 * when any line was metric, else US measures; or the system asked for): grams up to a kilogram
 * and kilograms beyond, rounded as a scale shows them ("450 g", not "449.6 g"; "1.2 kg", not
 * "1200 g"), millilitres and litres alike; ounces and pounds, teaspoons, tablespoons and cups in
 * kitchen fractions. Counts are rounded up to whole things, since nobody buys half an onion
 * ("juice of ½ lemon" is 1 lemon). An item's text joins what cannot be added with " + " and ends
 * with the food, made plural or singular by a bare count: "2 cans + 200 g tomatoes", "3 onions".
 */
import { convertAmount, type UnitSystemTarget } from '../../ingredients/convert.js';
import { inflectNoun } from '../../ingredients/display-text.js';
import { formatAmount, roundQuantity, styleOf } from '../../ingredients/format-quantity.js';
import { unitInfo } from '../../ingredients/units.js';
import { densityOfFood } from './food-key.js';
import type { Aisle, ListItem, TotalAmount } from './list-item.js';

export interface ShownAmount {
  /** Rounded as shown, in `unit`. */
  quantity: number | null;
  quantity_max: number | null;
  unit: string | null;
  /** "450 g", "1 ½ cups", "3 cans", "3"; empty for no amount. */
  text: string;
}

const round = (value: number | null, unit: string | null) => (value === null ? null : roundQuantity(value, styleOf(unit)));

function shownIn(quantity: number, max: number | null, unit: string | null): ShownAmount {
  const q = round(quantity, unit)!;
  const m = round(max, unit);
  const shownMax = m !== null && m !== q ? m : null;
  // The rounded figures: the unit's plural is chosen by what is shown ("1 cup", not "1 cups" for 1.08).
  return { quantity: q, quantity_max: shownMax, unit, text: formatAmount(q, shownMax, unit) };
}

/** Grams or millilitres, in the larger unit from a thousand on (by what is shown, so 998 g is "1 kg"). */
function metric(base: number, max: number | null, kind: 'mass' | 'volume'): ShownAmount {
  const [small, large] = kind === 'mass' ? ['gram', 'kilogram'] : ['milliliter', 'liter'];
  return roundQuantity(max ?? base, 'decimal') >= 1000
    ? shownIn(base / 1000, max === null ? null : max / 1000, large)
    : shownIn(base, max, small);
}

/** Grams or millilitres in US measures: ounces and pounds, or teaspoons, tablespoons and cups. */
function us(base: number, max: number | null, kind: 'mass' | 'volume'): ShownAmount {
  const c = convertAmount({ quantity: base, quantity_max: max, unit: kind === 'mass' ? 'gram' : 'milliliter' }, null, 'us');
  return shownIn(c.quantity ?? base, c.quantity_max, c.unit);
}

/** Whole things: a count rounded up (a hair over a whole number is that number). */
const whole = (n: number) => Math.max(1, Math.ceil(n - 1e-9));

/** One total as shown; `units` asks for one system whatever the lines used. */
export function showAmount(total: TotalAmount, food: string, units?: UnitSystemTarget): ShownAmount {
  const { quantity, quantity_max: max } = total;
  if (quantity === null) return { quantity: null, quantity_max: null, unit: null, text: '' };
  if (total.kind === 'mass' || total.kind === 'volume') {
    if ((units ?? total.system) !== 'us') return metric(quantity, max, total.kind);
    // A food added up by weight that the cooks measured in cups is shown in cups, and the other way.
    const density = densityOfFood(food);
    if (density && total.written !== null && total.written !== total.kind) {
      const per = total.kind === 'mass' ? 1 / density.gramsPerMl : density.gramsPerMl;
      return us(quantity * per, max === null ? null : max * per, total.written);
    }
    return us(quantity, max, total.kind);
  }
  if (total.kind === 'count') {
    const q = whole(quantity);
    const m = max === null ? null : whole(max);
    return { quantity: q, quantity_max: m !== null && m !== q ? m : null, unit: total.unit, text: formatAmount(q, m, total.unit, 'count') };
  }
  // Lengths ("2.5 cm ginger") by their abbreviation.
  const shown = shownIn(quantity, max, total.unit);
  const abbreviation = total.unit ? unitInfo(total.unit)?.abbreviation : null;
  return abbreviation ? { ...shown, text: `${formatAmount(quantity, max, null, styleOf(total.unit))} ${abbreviation}` } : shown;
}

const LETTER = /\p{L}/u;

/** The name with its last word made plural or singular ("onion" → "onions"; "cebola" → "cebolas"; "limão" → "limões"). */
export function inflectName(name: string, plural: boolean): string {
  // The last run of letters, found from the end (an unanchored `(\p{L}+)([^\p{L}]*)$` is quadratic).
  let end = name.length;
  while (end > 0 && !LETTER.test(name[end - 1]!)) end--;
  let start = end;
  while (start > 0 && LETTER.test(name[start - 1]!)) start--;
  if (start === end) return name;
  const word = name.slice(start, end);
  let out = inflectNoun(word, plural);
  if (out === null && plural && word.endsWith('ão')) out = word === 'pão' ? 'pães' : `${word.slice(0, -2)}ões`;
  if (out === null && !plural && /(?:õ|ã)es$/u.test(word)) out = `${word.slice(0, -3)}ão`;
  return out === null ? name : name.slice(0, start) + out + name.slice(end);
}

/** The item as a shopper reads it: "450 g flour", "2 cans + 200 g tomatoes", "3 onions", "salt". */
export function itemText(item: Pick<ListItem, 'amounts' | 'food' | 'name'>, units?: UnitSystemTarget): string {
  const shown = item.amounts.map((t) => showAmount(t, item.food, units)).filter((s) => s.text !== '');
  if (!shown.length) return item.name;
  const last = item.amounts[item.amounts.length - 1]!;
  const lastShown = shown[shown.length - 1]!;
  const name =
    last.kind === 'count' && last.unit === null
      ? inflectName(item.name, (lastShown.quantity_max ?? lastShown.quantity ?? 0) > 1)
      : item.name;
  return `${shown.map((s) => s.text).join(' + ')} ${name}`;
}

/** An item in the shape of the API's contract (API.md, "Shopping lists"): its first total gives quantity and unit. */
export interface ItemView {
  id: string;
  text: string;
  quantity: number | null;
  quantity_max: number | null;
  unit: string | null;
  food: string;
  category: Aisle;
  checked: boolean;
  sources: { recipe_id: number | null; servings: number | null }[];
}

export function itemView(item: ListItem, units?: UnitSystemTarget): ItemView {
  const first = item.amounts[0] ? showAmount(item.amounts[0], item.food, units) : null;
  const sources = item.sources.map((s) => ({ recipe_id: s.recipe_id, servings: s.servings }));
  return {
    id: item.id,
    text: itemText(item, units),
    quantity: first?.quantity ?? null,
    quantity_max: first?.quantity_max ?? null,
    unit: first?.unit ?? null,
    food: item.name,
    category: item.category,
    checked: item.checked,
    // One entry per recipe and servings, however many of its lines went into the item.
    sources: sources.filter((s, i) => sources.findIndex((o) => o.recipe_id === s.recipe_id && o.servings === s.servings) === i),
  };
}
