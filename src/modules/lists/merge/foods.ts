/**
 * The shipped food table: common foods with their English and Brazilian Portuguese names and the
 * aisle a shopper finds them in. One food a line: `aisle: english names / portuguese names`,
 * names separated by `|`, the first English name the food's canonical name.
 *
 * Names on one line are the same food for shopping ("coriander" and "cilantro", "aubergine" and
 * "eggplant", "farinha de trigo" and "plain flour"), so lines naming them merge on a list; a
 * food that is bought differently gets a line of its own ("red onion", "unsalted butter",
 * "chicken stock"). Names are written as a cook writes them; food-key.ts folds case, accents and plurals before comparing.
 */
import { FRESH } from './foods-fresh.js';
import { SHELF } from './foods-shelf.js';
import type { Aisle } from './list-item.js';

export interface FoodEntry {
  /** The canonical English name (the first on its line). */
  name: string;
  aisle: Aisle;
  english: readonly string[];
  portuguese: readonly string[];
}

const names = (s: string | undefined) =>
  (s ?? '')
    .split('|')
    .map((n) => n.trim())
    .filter(Boolean);

/** The table, read once. */
export const FOODS: readonly FoodEntry[] = `${FRESH}\n${SHELF}`
  .trim()
  .split('\n')
  .filter((line) => line.includes(':'))
  .map((line) => {
    const colon = line.indexOf(':');
    const [en, pt] = line.slice(colon + 1).split(' / ');
    const english = names(en);
    return { name: english[0] ?? '', aisle: line.slice(0, colon).trim() as Aisle, english, portuguese: names(pt) };
  });
