/**
 * Mealie 1.x backups: `database.json`, a dump of Mealie's tables. A recipe's lines are
 * `recipes_ingredients` rows (quantity, unit, food, note; a `title` starts a new group), its
 * method `recipe_instructions`, its tags `recipes_to_tags` and `recipes_to_categories`, and its
 * `notes` rows and nutrition go to the note. The backup holds no pictures of its own
 * (`data/` is left empty by Mealie's test backups), so none are read.
 */
import { isJunk } from '../archive-guard.js';
import {
  baseName,
  jsonOf,
  minutesOf,
  noteOf,
  oneLine,
  recipe,
  servingsOf,
  sharedFields,
  toText,
  type ExportFormat,
  type ImportedGroup,
  type ReadResult,
} from './common.js';

type Row = Record<string, unknown>;
type Tables = Record<string, Row[] | undefined>;

const database = (entries: Parameters<ExportFormat['detect']>[0]['entries']) =>
  entries.find((e) => !isJunk(e.name) && baseName(e.name) === 'database.json' && e.data.includes('"alembic_version"'));

function byRecipe(rows: Row[] | undefined): Map<unknown, Row[]> {
  const map = new Map<unknown, Row[]>();
  for (const row of rows ?? []) {
    const list = map.get(row.recipe_id) ?? [];
    list.push(row);
    map.set(row.recipe_id, list);
  }
  for (const list of map.values()) list.sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0));
  return map;
}

const named = (rows: Row[] | undefined) => new Map((rows ?? []).map((r) => [r.id, oneLine(r.name)]));

function quantityText(q: unknown): string {
  const n = typeof q === 'number' ? q : Number(q);
  if (!Number.isFinite(n) || n === 0) return '';
  return String(Math.round(n * 1000) / 1000);
}

export const mealieBackupFormat: ExportFormat = {
  name: 'mealie',
  detect: (input) => database(input.entries) !== undefined,
  read(input): ReadResult {
    const tables = (jsonOf(database(input.entries)!) ?? {}) as Tables;
    const units = named(tables.ingredient_units);
    const foods = named(tables.ingredient_foods);
    const tagNames = named(tables.tags);
    const categoryNames = named(tables.categories);
    const lines = byRecipe(tables.recipes_ingredients);
    const steps = byRecipe(tables.recipe_instructions);
    const notes = byRecipe(tables.notes);
    const nutrition = byRecipe(tables.recipe_nutrition);
    const tagsOf = (links: Row[] | undefined, key: string, names: Map<unknown, string>) => {
      const out = new Map<unknown, string[]>();
      for (const l of links ?? []) {
        const name = names.get(l[key]);
        if (name) out.set(l.recipe_id, [...(out.get(l.recipe_id) ?? []), name]);
      }
      return out;
    };
    const tags = tagsOf(tables.recipes_to_tags, 'tag_id', tagNames);
    const categories = tagsOf(tables.recipes_to_categories, 'category_id', categoryNames);
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const r of tables.recipes ?? []) {
      const groups: ImportedGroup[] = [];
      for (const line of lines.get(r.id) ?? []) {
        const text = oneLine(
          line.original_text ||
            [quantityText(line.quantity), units.get(line.unit_id) ?? '', foods.get(line.food_id) ?? '', toText(line.note)]
              .filter(Boolean)
              .join(' '),
        );
        if (line.title || groups.length === 0) groups.push({ name: line.title ? oneLine(line.title) : null, ingredients: [] });
        if (text) groups[groups.length - 1]!.ingredients.push(text);
      }
      const method = (steps.get(r.id) ?? []).map((s) => [s.title ? `${oneLine(s.title)}:` : '', toText(s.text)].filter(Boolean).join('\n'));
      const food = nutrition.get(r.id)?.[0];
      out.recipes.push(
        recipe({
          title: oneLine(r.name),
          groups: groups.filter((g) => g.ingredients.length > 0),
          instructions: method.filter(Boolean).join('\n') || null,
          ...sharedFields({
            totalTime: r.total_time,
            timeParts: [r.prep_time, r.perform_time ?? r.cook_time],
            yield: r.recipe_yield,
            sourceUrl: r.org_url,
          }),
          tags: [...(categories.get(r.id) ?? []), ...(tags.get(r.id) ?? [])],
          note: noteOf({
            Description: r.description,
            Yield: servingsOf(r.recipe_yield) === null ? r.recipe_yield : null,
            'Total time': minutesOf(r.total_time) === null ? r.total_time : null,
            'Prep time': r.prep_time,
            'Cook time': r.perform_time ?? r.cook_time,
            Rating: r.rating,
            Notes: (notes.get(r.id) ?? []).map((n) => `${oneLine(n.title)}: ${toText(n.text)}`).join('\n'),
            Nutrition: food
              ? Object.fromEntries(
                  Object.entries(food).filter(([k, v]) => (k.endsWith('_content') || k === 'calories' ? v !== null : false)),
                )
              : null,
          }),
        }),
      );
    }
    return out;
  },
};
