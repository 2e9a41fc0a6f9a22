/**
 * This service's own export (GET /export): `gourmet-restore.jsonl`, a header line then one line
 * per recipe with everything kept for it (groups and their lines, method, times, servings, tags,
 * source, the picture's path in the archive). The JSON-LD files beside it are for other apps.
 */
import type { ArchiveEntry } from '../archive-guard.js';
import { oneLine, recipe, textOf, type ExportFormat, type ReadResult } from './common.js';

import { RESTORE_FILE, RESTORE_FORMAT, type RestoreRecipe } from './restore-file.js';
export { RESTORE_FILE, RESTORE_FORMAT, RESTORE_VERSION, type RestoreRecipe } from './restore-file.js';
import { skip } from '../skip-codes.js';

const restoreFile = (entries: ArchiveEntry[]) =>
  entries.find((e) => !e.nested && e.name === RESTORE_FILE && textOf(e).startsWith(`{"format":"${RESTORE_FORMAT}"`));

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);

export const gourmetFormat: ExportFormat = {
  name: 'gourmet',
  detect: (input) => restoreFile(input.entries) !== undefined,
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    const lines = textOf(restoreFile(input.entries)!).split('\n').slice(1);
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let r: Partial<RestoreRecipe>;
      try {
        r = JSON.parse(line) as Partial<RestoreRecipe>;
      } catch {
        out.skipped.push(skip(`line ${i + 2}`, 'LINE_NOT_JSON'));
        return;
      }
      const groups = (Array.isArray(r.ingredient_groups) ? r.ingredient_groups : []).map((g) => ({
        name: typeof g?.name === 'string' ? g.name : null,
        ingredients: Array.isArray(g?.ingredients) ? g.ingredients.filter((l): l is string => typeof l === 'string') : [],
      }));
      const picture = r.picture ? input.entries.find((e) => e.name === r.picture) : undefined;
      out.recipes.push(
        recipe({
          title: oneLine(r.title),
          groups,
          instructions: str(r.instructions),
          time_minutes: int(r.time_minutes),
          servings: int(r.servings),
          source_url: str(r.source_url),
          image_url: str(r.image_url),
          tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
          picture: picture?.data ?? null,
        }),
      );
    });
    return out;
  },
};
