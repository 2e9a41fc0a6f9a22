/**
 * This service's own export (GET /export): `gourmet-restore.jsonl`, a header line then one line
 * per recipe with everything kept for it (groups and their lines, method, times, servings, tags,
 * source, the picture's path in the archive). The JSON-LD files beside it are for other apps.
 */
import type { ArchiveEntry } from '../archive-guard.js';
import { oneLine, recipe, textOf, type ExportFormat, type ImportedGroup, type ReadResult } from './common.js';

export const RESTORE_FILE = 'gourmet-restore.jsonl';
export const RESTORE_FORMAT = 'gourmet-restore';
export const RESTORE_VERSION = 1;

/** One recipe line of the restore file. */
export interface RestoreRecipe {
  title: string;
  ingredient_groups: ImportedGroup[];
  /** The parsed lines as the service keeps them (for other tools; the import parses the text again). */
  ingredient_lines: unknown[];
  instructions: string | null;
  time_minutes: number | null;
  servings: number | null;
  source_url: string | null;
  image_url: string | null;
  tags: string[];
  /** The picture's path in the archive, or null. */
  picture: string | null;
  created_at: string;
  updated_at: string;
}

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
        out.skipped.push({ name: `line ${i + 2}`, reason: 'The line is not JSON' });
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
