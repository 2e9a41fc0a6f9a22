/**
 * Mealie's older export (before 1.0): a folder per recipe, `recipes/<slug>/<slug>.json` with its
 * lines as `{title, note}` objects and its steps as `{title, text}`, pictures in `images/`.
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

/** `<dir>/recipes/<slug>/<slug>.json` */
const recipeFiles = (entries: ArchiveEntry[]) =>
  entries.filter((e) => {
    if (isJunk(e.name) || !e.name.endsWith('.json')) return false;
    const dir = dirName(e.name);
    return baseName(dir) === baseName(e.name).slice(0, -5) && baseName(dirName(dir)) === 'recipes';
  });

function picture(entry: ArchiveEntry, entries: ArchiveEntry[]): Uint8Array | null {
  const dir = `${dirName(entry.name)}/images/`;
  const found = entries.find((e) => e.name === `${dir}original.webp`) ?? entries.find((e) => e.name.startsWith(dir) && !isJunk(e.name));
  return found?.data ?? null;
}

export const mealieLegacyFormat: ExportFormat = {
  name: 'mealie',
  detect: (input) =>
    recipeFiles(input.entries).some((e) => {
      const j = jsonOf(e) as Json | undefined;
      return !!j && 'recipe_ingredient' in j && 'slug' in j;
    }),
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const entry of recipeFiles(input.entries)) {
      const j = jsonOf(entry) as Json | undefined;
      if (!j || typeof j !== 'object') {
        out.skipped.push(skip(baseName(entry.name), 'FILE_NOT_JSON'));
        continue;
      }
      const groups: ImportedGroup[] = [];
      for (const line of (j.recipe_ingredient as unknown[]) ?? []) {
        const l = (typeof line === 'string' ? { note: line } : (line ?? {})) as Json;
        const text = oneLine(l.note ?? l.original_text);
        if (l.title || groups.length === 0) groups.push({ name: l.title ? oneLine(l.title) : null, ingredients: [] });
        if (text) groups[groups.length - 1]!.ingredients.push(text);
      }
      const steps = ((j.recipe_instructions as Json[]) ?? []).map((s) =>
        [s.title ? `${oneLine(s.title)}:` : '', toText(s.text)].filter(Boolean).join('\n'),
      );
      out.recipes.push(
        recipe({
          title: oneLine(j.name),
          groups: groups.filter((g) => g.ingredients.length > 0),
          instructions: steps.filter(Boolean).join('\n') || null,
          ...sharedFields({
            totalTime: j.total_time,
            timeParts: [j.prep_time, j.perform_time],
            yield: j.recipe_yield,
            sourceUrl: j.org_url,
            tags: [j.recipe_category, j.tags],
          }),
          note: noteOf({
            Description: j.description,
            Yield: j.recipe_yield,
            Rating: j.rating,
            Notes: j.notes,
            Nutrition: j.nutrition,
            Tools: j.tools,
            Extras: j.extras,
          }),
          picture: picture(entry, input.entries),
        }),
      );
    }
    return out;
  },
};
