/**
 * Merging lines into a shopping list, pure: the list in, a new list out (items that did not
 * change are the same objects; `changed` and `removed` say what a store must write).
 *
 * - A recipe's lines are scaled to the servings asked first (the factor of GET /recipes/{id}?servings=,
 *   scale.ts), then each line goes to the unchecked item of the same food (food-key.ts), or to a
 *   new item. A checked item never takes a new line: the shopper already has it.
 * - An item's totals are the sums of its sources' amounts that can be added (amounts.ts); the
 *   rest stay beside them in the same item ("2 cans + 200 g tomatoes").
 * - Every source keeps where it came from (an origin, the recipe and servings, the line), so
 *   removing an origin takes its amounts back out, and an item left with no source goes.
 * - Pantry foods are skipped for recipes (counted, with the reason); a typed line is always added.
 */
import type { ParsedIngredient } from '../../ingredients/ingredient.types.js';
import { scaleFactor } from '../../ingredients/scale.js';
import { foldCase } from '../../../lib/fold.js';
import { NO_AMOUNT, scaleLineAmount, totalsOf } from './amounts.js';
import { aisleOf, type AisleOverrides } from './aisles.js';
import { densityOfFood } from './food-key.js';
import type { ItemSource, ListItem } from './list-item.js';
import { emptySkipReport, skip, type Pantry, type SkipReport } from './pantry.js';
import { parsedOf, readLine, type LineRead } from './read-line.js';

export interface MergeContext {
  /** A new item's id. */
  newId: () => string;
  /** The household's pantry: its foods are skipped when recipes are added. */
  pantry?: Pantry;
  /** The household's remembered aisles, by food key. */
  aisles?: AisleOverrides;
}

export interface RecipeAddition {
  /** The addition's id (a recipe added once, a plan entry): what removeOrigin removes. */
  origin: string;
  recipe_id: number;
  /** The servings the recipe is written for (null when it does not say). */
  recipe_servings: number | null;
  /** The servings asked (a plan entry's); the recipe's own when absent. */
  servings?: number;
  /** The recipe's lines: its stored parses, or the lines as text. */
  lines: ReadonlyArray<string | ParsedIngredient>;
}

export interface MergeResult {
  items: ListItem[];
  /** Items created or changed, in list order. */
  changed: ListItem[];
  /** Ids of items that went. */
  removed: string[];
  skipped: SkipReport;
}

/** An item's totals and name again from its sources. */
function settle(item: ListItem): void {
  item.amounts = totalsOf(
    item.sources.map((s) => s.amount),
    densityOfFood(item.food),
  );
  item.name = item.sources[0]?.name ?? item.name;
}

/** A list being changed: items copied the first time they change, so the list given is never altered. */
class Draft {
  private items: ListItem[];
  /** Where each item is in `items`. */
  private readonly at = new Map<ListItem, number>();
  private readonly touched = new Set<ListItem>();
  private readonly open = new Map<string, ListItem>();
  readonly removed: string[] = [];
  readonly skipped = emptySkipReport();

  constructor(
    items: readonly ListItem[],
    private readonly ctx: Pick<MergeContext, 'newId' | 'aisles'>,
  ) {
    this.items = [...items];
    this.items.forEach((item, i) => this.at.set(item, i));
    // The first unchecked item of a food takes its new lines.
    for (const item of this.items) if (!item.checked && !this.open.has(item.food)) this.open.set(item.food, item);
  }

  private edit(index: number): ListItem {
    const item = this.items[index]!;
    if (this.touched.has(item)) return item;
    const copy = { ...item, sources: [...item.sources], amounts: [...item.amounts] };
    this.items[index] = copy;
    this.at.delete(item);
    this.at.set(copy, index);
    this.touched.add(copy);
    if (this.open.get(item.food) === item) this.open.set(item.food, copy);
    return copy;
  }

  add(read: LineRead, source: Omit<ItemSource, 'name' | 'amount'>, factor: number): { item: ListItem; created: boolean } {
    const full: ItemSource = { ...source, name: read.food.name, amount: scaleLineAmount(read.amount, factor) };
    const existing = this.open.get(read.food.key);
    if (existing) {
      const item = this.edit(this.at.get(existing)!);
      item.sources.push(full);
      return { item, created: false };
    }
    const item: ListItem = {
      id: this.ctx.newId(),
      food: read.food.key,
      name: read.food.name,
      category: aisleOf(read.food.key, this.ctx.aisles),
      checked: false,
      amounts: [],
      sources: [full],
    };
    this.at.set(item, this.items.push(item) - 1);
    this.touched.add(item);
    this.open.set(item.food, item);
    return { item, created: true };
  }

  removeOrigin(match: (s: ItemSource) => boolean): void {
    const gone = new Set<ListItem>();
    for (let i = 0; i < this.items.length; i++) {
      if (!this.items[i]!.sources.some(match)) continue;
      const item = this.edit(i);
      item.sources = item.sources.filter((s) => !match(s));
      if (item.sources.length) continue;
      gone.add(item);
      this.touched.delete(item);
      if (this.open.get(item.food) === item) this.open.delete(item.food);
      this.removed.push(item.id);
    }
    if (!gone.size) return;
    this.items = this.items.filter((item) => !gone.has(item));
    this.at.clear();
    this.items.forEach((item, i) => this.at.set(item, i));
  }

  result(): MergeResult {
    for (const item of this.touched) settle(item);
    return { items: this.items, changed: this.items.filter((i) => this.touched.has(i)), removed: this.removed, skipped: this.skipped };
  }
}

/**
 * Adds recipes (one, or a plan's worth) to the list at their servings. A recipe scaled by
 * servings it cannot be (it does not say its own servings; a factor out of range) is an error
 * and nothing is added.
 */
export function addRecipes(
  items: readonly ListItem[],
  recipes: readonly RecipeAddition[],
  ctx: MergeContext,
): MergeResult | { error: string; recipe_id: number } {
  const factors: number[] = [];
  for (const r of recipes) {
    const f = r.servings === undefined ? { factor: 1 } : scaleFactor({ servings: r.servings }, r.recipe_servings);
    if ('error' in f) return { error: f.error, recipe_id: r.recipe_id };
    factors.push(f.factor);
  }
  const draft = new Draft(items, ctx);
  recipes.forEach((r, i) => {
    const servings = r.servings ?? r.recipe_servings;
    for (const line of r.lines) {
      const parsed = parsedOf(line);
      const reads = readLine(parsed);
      if (!reads.length) skip(draft.skipped, { recipe_id: r.recipe_id, line: parsed.input, food: parsed.name, reason: 'no-food' });
      for (const read of reads) {
        if (ctx.pantry?.has(read.food.key)) {
          skip(draft.skipped, { recipe_id: r.recipe_id, line: parsed.input, food: read.food.name, reason: 'pantry' });
          continue;
        }
        draft.add(read, { origin: r.origin, recipe_id: r.recipe_id, servings, line: parsed.input }, factors[i]!);
      }
    }
  });
  return draft.result();
}

export function addRecipe(items: readonly ListItem[], recipe: RecipeAddition, ctx: MergeContext) {
  return addRecipes(items, [recipe], ctx);
}

/**
 * Adds a typed line ("2 onions", "batteries"): to the unchecked item of its food, or as a new
 * item. `merged` says which (the contract answers 200 for the one, 201 for the other).
 */
export function addTypedLine(
  items: readonly ListItem[],
  typed: { origin: string; text: string },
  ctx: Pick<MergeContext, 'newId' | 'aisles'>,
): (MergeResult & { item: ListItem; merged: boolean }) | { error: string } {
  const text = typed.text.replace(/\s+/g, ' ').trim();
  if (!text) return { error: 'Type what to buy' };
  const parsed = parsedOf(text);
  // A typed line that names no food the parser can see ("2 packs") is kept as written.
  const read = readLine(parsed, false)[0] ?? { food: { key: foldCase(text), name: text }, amount: NO_AMOUNT };
  const draft = new Draft(items, ctx);
  const { item, created } = draft.add(read, { origin: typed.origin, recipe_id: null, servings: null, line: text }, 1);
  const result = draft.result();
  return { ...result, item, merged: !created };
}

/** Takes out every line of an origin (a recipe added once, a plan entry, a typed line). */
export function removeOrigin(items: readonly ListItem[], origin: string): MergeResult {
  const draft = new Draft(items, { newId: () => '' });
  draft.removeOrigin((s) => s.origin === origin);
  return draft.result();
}

/** Takes out every line a recipe brought, however many times it was added. */
export function removeRecipe(items: readonly ListItem[], recipeId: number): MergeResult {
  const draft = new Draft(items, { newId: () => '' });
  draft.removeOrigin((s) => s.recipe_id === recipeId);
  return draft.result();
}
