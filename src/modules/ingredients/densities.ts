/**
 * Densities of common foods (grams per millilitre), for converting cups to grams and back.
 * Figures are the usual kitchen-conversion values (a US cup of all-purpose flour is
 * 125 g, of granulated sugar 200 g, of butter 227 g). `weighed`: metric cooks weigh it (flour,
 * sugar), rather than measure it in a jug (milk, oil), so a metric view gives grams for it.
 *
 * A food matches when its name ends with the entry's words ("unsalted butter" is butter,
 * "butter beans" is not; "sugar snap peas" is not sugar): English puts the food's head noun last.
 */
export interface Density {
  food: string;
  gramsPerMl: number;
  weighed: boolean;
}

const CUP_ML = 236.5882365;
const perCup = (food: string, grams: number, weighed = true): Density => ({ food, gramsPerMl: grams / CUP_ML, weighed });

/** More specific names first: "brown sugar" before "sugar". */
export const DENSITIES: readonly Density[] = [
  perCup('bread flour', 130),
  perCup('whole wheat flour', 120),
  perCup('wholemeal flour', 120),
  perCup('almond flour', 96),
  perCup('cornstarch', 128),
  perCup('cornflour', 128),
  perCup('flour', 125),
  perCup('brown sugar', 220),
  perCup('powdered sugar', 120),
  perCup('icing sugar', 120),
  perCup('confectioners sugar', 120),
  perCup('caster sugar', 200),
  perCup('sugar', 200),
  perCup('butter', 227),
  perCup('rice', 200),
  perCup('oats', 90),
  perCup('cocoa powder', 100),
  perCup('cocoa', 100),
  perCup('salt', 288),
  perCup('honey', 340),
  perCup('grated parmesan', 100),
  perCup('chocolate chips', 170),
  perCup('water', 236.6, false),
  perCup('milk', 244, false),
  perCup('buttermilk', 245, false),
  perCup('cream', 238, false),
  perCup('yogurt', 245, false),
  perCup('yoghurt', 245, false),
  perCup('oil', 218, false),
  perCup('stock', 236.6, false),
  perCup('broth', 236.6, false),
  perCup('juice', 240, false),
  perCup('wine', 236.6, false),
  perCup('vinegar', 238, false),
  perCup('maple syrup', 315, false),
];

const normalise = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The density of the food the name ends with, or null when the table does not know it. */
export function densityOf(name: string | null): Density | null {
  if (!name) return null;
  const n = ` ${normalise(name)}`;
  return DENSITIES.find((d) => n.endsWith(` ${d.food}`) || n.endsWith(` ${d.food}s`)) ?? null;
}
