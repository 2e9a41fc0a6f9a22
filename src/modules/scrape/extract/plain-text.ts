/**
 * A recipe from plain text pasted from a page or typed from a book: the first line is the
 * title; "Ingredients" / "Method" style headings (in the languages of vocabulary.ts) split the
 * sections; without headings, the run of lines that look like quantities is the ingredient
 * list and the sentences after it are the method. "Serves 4", "Total time: 45 min" and the
 * like give servings and time. Every step here is a linear pass over the lines.
 */
import { boundedMinutes, boundedServings, parseHumanDuration, parseServings } from './durations.js';
import { groupIngredients } from './groups.js';
import { dropInvisible } from '../../../lib/text-chars.js';
import { BULLET } from './text.js';
import type { ExtractedRecipe } from './types.js';
import { hasQuantity, INGREDIENT_HEADING, INSTRUCTION_HEADING, LABELS, NOT_STEPS, splitLabel } from './vocabulary.js';

const STEP_NUMBER = /^(?:step\s*)?\d{1,2}\s*[.):]\s+/i;

/** What a line of the text is, as far as the sections go. */
type Kind = 'ingredients' | 'instructions' | 'other-heading' | 'line';

function kindOf(line: string): Kind {
  const bare = line.replace(/[:：]\s*$/, '').trim();
  if (bare.length <= 80) {
    if (INGREDIENT_HEADING.test(bare)) return 'ingredients';
    if (INSTRUCTION_HEADING.test(bare)) return 'instructions';
    if (NOT_STEPS.test(bare) && bare.split(/\s+/).length <= 4) return 'other-heading';
  }
  return 'line';
}

/** Labelled values ("Serves 4", "Prep time: 10 min") anywhere in the text. */
function labels(lines: string[]): { total?: string; prep?: string; cook?: string; servings?: string } {
  const out: { total?: string; prep?: string; cook?: string; servings?: string } = {};
  for (const line of lines) {
    // One line may hold several ("Prep: 10 min | Cook: 20 min | Serves 4").
    for (const part of line.length <= 200 ? line.split(/[|•·,;]/) : []) {
      const m = splitLabel(part.trim());
      if (!m) continue;
      const kind = (Object.keys(LABELS) as Array<keyof typeof LABELS>).find((k) => LABELS[k].test(m.label.trim()));
      if (kind && !out[kind] && /\d/.test(m.value) && m.value.length <= 40) out[kind] = m.value;
    }
  }
  return out;
}

/** Extracts a recipe from plain text, or null when it holds no ingredient list. */
export function extractRecipeFromText(text: string): ExtractedRecipe | null {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => dropInvisible(l).replace(/\s+/g, ' ').trim().replace(BULLET, '').trim())
    .filter(Boolean);
  if (lines.length === 0) return null;

  const found = labels(lines);
  const isLabelLine = (l: string) => {
    const m = splitLabel(l);
    return !!m && (Object.values(LABELS) as RegExp[]).some((re) => re.test(m.label.trim())) && /\d/.test(m.value) && l.length <= 60;
  };
  const title = lines.find((l) => kindOf(l) === 'line' && !isLabelLine(l) && l.length <= 200) ?? null;

  let ingredientLines: string[] = [];
  let stepLines: string[] = [];
  const ingredientAt = lines.findIndex((l) => kindOf(l) === 'ingredients');
  if (ingredientAt >= 0) {
    let section: Kind = 'ingredients';
    for (const line of lines.slice(ingredientAt + 1)) {
      const kind = kindOf(line);
      if (kind !== 'line') {
        section = kind;
        continue;
      }
      if (section === 'ingredients') ingredientLines.push(line);
      else if (section === 'instructions') stepLines.push(line);
    }
    // No method heading: what follows the ingredients as sentences is the method.
    if (!lines.some((l) => kindOf(l) === 'instructions')) {
      const firstSentence = ingredientLines.findIndex((l, i) => i > 0 && !hasQuantity(l) && l.split(' ').length >= 6);
      if (firstSentence > 0) {
        stepLines = ingredientLines.slice(firstSentence);
        ingredientLines = ingredientLines.slice(0, firstSentence);
      }
    }
  } else {
    // No headings: the longest run of quantity lines is the list, the sentences after it the method.
    let best = { start: -1, length: 0 };
    for (let i = 0; i < lines.length;) {
      if (!hasQuantity(lines[i]!) || isLabelLine(lines[i]!) || lines[i]!.length > 120) {
        i++;
        continue;
      }
      let j = i;
      while (
        j < lines.length &&
        lines[j]!.length <= 120 &&
        !isLabelLine(lines[j]!) &&
        (hasQuantity(lines[j]!) || lines[j]!.split(' ').length <= 4)
      )
        j++;
      if (j - i > best.length) best = { start: i, length: j - i };
      i = j;
    }
    if (best.length < 2) return null;
    ingredientLines = lines.slice(best.start, best.start + best.length);
    stepLines = lines.slice(best.start + best.length).filter((l) => !isLabelLine(l) && kindOf(l) === 'line');
  }

  const { ingredients, groups } = groupIngredients(
    ingredientLines
      .filter((l) => !isLabelLine(l))
      .slice(0, 200)
      .map((t) => ({ text: t })),
  );
  if (ingredients.length === 0) return null;
  const steps = stepLines
    .filter((l) => !isLabelLine(l))
    .map((l) => l.replace(STEP_NUMBER, ''))
    .filter(Boolean)
    .slice(0, 200);
  const total = found.total ? parseHumanDuration(found.total) : null;
  const parts = (found.prep ? (parseHumanDuration(found.prep) ?? 0) : 0) + (found.cook ? (parseHumanDuration(found.cook) ?? 0) : 0);
  return {
    title: title && title !== ingredients[0] ? title : 'Untitled recipe',
    ingredients,
    time_minutes: boundedMinutes(total ?? (parts > 0 ? parts : null)),
    instructions: steps.length ? steps.join('\n') : null,
    servings: boundedServings(found.servings ? parseServings(found.servings) : null),
    image_url: null,
    ingredient_groups: groups,
    tags: [],
  };
}
