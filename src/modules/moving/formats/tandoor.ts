/**
 * Tandoor's export: one inner zip per recipe holding `recipe.json` (steps, each with its
 * ingredients; `is_header` lines start a group) and `image.*`.
 */
import { isJunk, type ArchiveEntry } from '../archive-guard.js';
import {
  baseName,
  dirName,
  jsonOf,
  noteOf,
  oneLine,
  recipe,
  sharedFields,
  toText,
  type ExportFormat,
  type ImportedGroup,
  type ReadResult,
} from './common.js';
import { skip } from '../skip-codes.js';

type Json = Record<string, unknown>;

const recipeFiles = (entries: ArchiveEntry[]) => entries.filter((e) => e.nested && !isJunk(e.name) && baseName(e.name) === 'recipe.json');

function amountText(a: unknown): string {
  const n = Number(a);
  return Number.isFinite(n) && n !== 0 ? String(Math.round(n * 1000) / 1000) : '';
}

export const tandoorFormat: ExportFormat = {
  name: 'tandoor',
  detect: (input) =>
    recipeFiles(input.entries).some((e) => {
      const j = jsonOf(e) as Json | undefined;
      return !!j && Array.isArray(j.steps) && 'working_time' in j;
    }),
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const entry of recipeFiles(input.entries)) {
      const j = jsonOf(entry) as Json | undefined;
      if (!j || !Array.isArray(j.steps)) {
        out.skipped.push(skip(dirName(entry.name), 'NOT_TANDOOR'));
        continue;
      }
      const groups: ImportedGroup[] = [];
      const method: string[] = [];
      for (const step of j.steps as Json[]) {
        if (step.name) method.push(`${oneLine(step.name)}:`);
        if (step.instruction) method.push(toText(step.instruction));
        for (const ing of (step.ingredients as Json[]) ?? []) {
          const food = oneLine((ing.food as Json | null)?.name);
          if (ing.is_header) {
            groups.push({ name: oneLine(ing.note) || food || null, ingredients: [] });
            continue;
          }
          const unit = oneLine((ing.unit as Json | null)?.name);
          const note = oneLine(ing.note);
          const text = [ing.no_amount ? '' : amountText(ing.amount), unit, food, note ? `(${note})` : ''].filter(Boolean).join(' ');
          if (groups.length === 0) groups.push({ name: null, ingredients: [] });
          if (text) groups[groups.length - 1]!.ingredients.push(text);
        }
      }
      const dir = dirName(entry.name);
      const image = input.entries.find((e) => dirName(e.name) === dir && /^image\.(jpe?g|png|webp|gif)$/i.test(baseName(e.name)));
      const working = Number(j.working_time) || 0;
      const waiting = Number(j.waiting_time) || 0;
      out.recipes.push(
        recipe({
          title: oneLine(j.name),
          groups: groups.filter((g) => g.ingredients.length > 0),
          instructions: method.filter(Boolean).join('\n') || null,
          ...sharedFields({ yield: j.servings, sourceUrl: j.source_url, tags: [j.keywords] }),
          time_minutes: working + waiting > 0 ? working + waiting : null,
          note: noteOf({ Description: j.description, 'Servings text': j.servings_text, Nutrition: j.nutrition }),
          picture: image?.data ?? null,
        }),
      );
    }
    return out;
  },
};
