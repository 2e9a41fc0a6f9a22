/** A recipe's ingredient lines as the recipe page and cook mode show them: in their groups, headings found in the text. */
import type { Recipe } from './types';
import type { CookLine } from './pages/CookMode';

/** A line the cook wrote as a heading ("For the sauce:", up to 80 characters) names the group of the lines after it. */
export function headingOf(line: string): string | null {
  return line.endsWith(':') && line.length <= 80 ? line.slice(0, -1).trim() : null;
}

export interface IngredientLine {
  input?: string;
  quantity?: number | null;
  quantity_max?: number | null;
  unit?: string | null;
  name?: string | null;
  group?: string | null;
  display?: string | null;
  text?: string | null;
  note?: string | null;
}
export type RecipeView = Recipe & { tags?: string[]; ingredient_lines?: IngredientLine[] };

/** Ingredients in their groups ("For the sauce"), from ingredient_lines when the API gives them, else the text lines. */
export function ingredientGroups(recipe: RecipeView): { name: string | null; lines: string[] }[] {
  let lines: { group: string | null; text: string }[];
  if (recipe.ingredient_lines?.length) {
    // A line the cook wrote as a heading ("For the sauce:") groups the lines after it, like an imported group.
    let heading: string | null = null;
    lines = [];
    for (const l of recipe.ingredient_lines) {
      const text = lineText(l);
      const h = !l.group && !l.quantity && !l.unit ? headingOf(text) : null;
      if (h !== null) heading = h;
      else lines.push({ group: l.group ?? heading, text });
    }
  } else {
    // The text itself: a line ending with ":" ("For the sauce:") heads the lines after it.
    let group: string | null = null;
    lines = [];
    for (const t of recipe.ingredients
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean)) {
      const h = headingOf(t);
      if (h !== null) group = h;
      else lines.push({ group, text: t });
    }
  }
  const groups: { name: string | null; lines: string[] }[] = [];
  for (const l of lines) {
    const last = groups[groups.length - 1];
    if (last && last.name === l.group) last.lines.push(l.text);
    else groups.push({ name: l.group, lines: [l.text] });
  }
  return groups;
}

/** The lines cook mode ticks off, with the parsed food name a step is matched by. */
export function cookLines(recipe: RecipeView): CookLine[] {
  if (!recipe.ingredient_lines?.length)
    return ingredientGroups(recipe).flatMap((g) => g.lines.map((text) => ({ text, name: null, group: g.name })));
  let heading: string | null = null;
  const out: CookLine[] = [];
  for (const l of recipe.ingredient_lines) {
    const text = lineText(l);
    const h = !l.group && !l.quantity && !l.unit ? headingOf(text) : null;
    if (h !== null) heading = h;
    else out.push({ text, name: l.name ?? null, group: l.group ?? heading });
  }
  return out;
}

export function lineText(l: IngredientLine): string {
  return (l.display ?? l.text ?? l.input ?? [l.quantity, l.unit, l.name].filter((x) => x !== null && x !== undefined).join(' ')).trim();
}
