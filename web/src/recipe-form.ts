/**
 * The recipe form's data, as pure functions (no DOM, no API): a stored recipe to the form's
 * fields (draftOf), and the fields back to the body of POST or PUT /recipes (bodyOf). Tests call
 * them directly (test/api/recipe-form-roundtrip.test.ts), so a recipe saved through the form
 * without a change stays exactly as it was.
 *
 * Ingredient groups are written in the ingredients text: a line ending with ":" is a heading
 * ("For the dough:") and the lines below it belong to it until the next heading; lines before
 * the first heading have none, and a line of just ":" ends a group (the lines below it have no
 * heading again). So an ingredient line of its own may not end with ":" in a recipe with groups.
 */
import { parseTags, type Draft } from './validate.ts';

/** What the form reads of a recipe (the API's Recipe has these fields). */
export interface FormRecipe {
  title: string;
  ingredients: string;
  ingredient_lines?: readonly { input: string; group: string | null }[];
  time_minutes: number | null;
  servings: number | null;
  instructions: string | null;
  source_url: string | null;
  image_url: string | null;
  tags?: readonly string[];
}

export interface IngredientGroup {
  name: string | null;
  ingredients: string[];
}

/** The ingredients as the form shows them: the stored text, or with groups its lines under their headings. */
export function ingredientsText(r: Pick<FormRecipe, 'ingredients' | 'ingredient_lines'>): string {
  const lines = r.ingredient_lines ?? [];
  if (!lines.some((l) => l.group !== null)) return r.ingredients;
  const out: string[] = [];
  let current: string | null = null;
  for (const [i, line] of lines.entries()) {
    if (i === 0 ? line.group !== null : line.group !== current) out.push(`${line.group ?? ''}:`);
    current = line.group;
    out.push(line.input);
  }
  return out.join('\n');
}

/** True when the text has a heading line (ingredientsText's convention). */
export const hasHeadings = (text: string) => text.split(/\r?\n|\r/).some((l) => l.trim().endsWith(':'));

/** The groups of an ingredients text (headings as in ingredientsText); groups without lines are left out. */
export function groupsOfText(text: string): IngredientGroup[] {
  const groups: IngredientGroup[] = [{ name: null, ingredients: [] }];
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.endsWith(':')) groups.push({ name: line.slice(0, -1).trim() || null, ingredients: [] });
    else groups[groups.length - 1]!.ingredients.push(line);
  }
  return groups.filter((g) => g.ingredients.length > 0);
}

/** The form's fields for a stored recipe. */
export function draftOf(r: FormRecipe): Draft {
  return {
    title: r.title,
    ingredients: ingredientsText(r),
    time_minutes: r.time_minutes === null ? '' : String(r.time_minutes),
    servings: r.servings ? String(r.servings) : '',
    instructions: r.instructions ?? '',
    source_url: r.source_url ?? '',
    image_url: r.image_url ?? '',
    tags: (r.tags ?? []).join(', '),
  };
}

/**
 * The body of the form's request. Creating (`saved` null): every field given, empty optional
 * ones left out. Editing: only the fields that differ from `saved` (the fields as loaded), an
 * emptied optional one as null; so unchanged ingredients are never sent, and their headings and
 * parse stay as stored. Ingredients with headings are sent as ingredient_groups; so are
 * ingredients that had headings and have none now (the headings go, as the cook asked).
 */
export function bodyOf(d: Draft, saved: Draft | null): Record<string, unknown> {
  const editing = saved !== null;
  const opt = (v: string) => (v.trim() === '' ? (editing ? null : undefined) : v.trim());
  const num = (v: string) => (v.trim() === '' ? (editing ? null : undefined) : Number(v));
  const grouped = hasHeadings(d.ingredients) || (saved !== null && hasHeadings(saved.ingredients));
  const all: Record<keyof Draft, () => Record<string, unknown>> = {
    title: () => ({ title: d.title.trim() }),
    ingredients: () => (grouped ? { ingredient_groups: groupsOfText(d.ingredients) } : { ingredients: d.ingredients }),
    time_minutes: () => ({ time_minutes: num(d.time_minutes) }),
    servings: () => ({ servings: num(d.servings) }),
    instructions: () => ({ instructions: opt(d.instructions) }),
    source_url: () => ({ source_url: opt(d.source_url) }),
    image_url: () => ({ image_url: opt(d.image_url) }),
    // Sent when there are tags, or (editing) to clear the ones the recipe had.
    tags: () => ({ tags: d.tags.trim() || editing ? parseTags(d.tags) : undefined }),
  };
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(all) as (keyof Draft)[]) {
    if (saved !== null && d[key] === saved[key]) continue;
    for (const [k, v] of Object.entries(all[key]())) if (v !== undefined) body[k] = v;
  }
  return body;
}
