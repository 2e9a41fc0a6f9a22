/**
 * Paprika: `.paprikarecipes` (a zip of recipes) or a folder of `.paprikarecipe` files, each a
 * gzipped JSON with its photo inside as base64. Each file is inflated with a cap on its output
 * (the archive guard's limits do not see inside gzip).
 */
import { gunzipSync } from 'node:zlib';
import { isJunk, type ArchiveEntry } from '../archive-guard.js';
import {
  baseName,
  linesOf,
  noteOf,
  oneLine,
  recipe,
  servingsOf,
  sharedFields,
  toText,
  type ExportFormat,
  type ReadResult,
} from './common.js';
import { skip, type SkipCode } from '../skip-codes.js';

type Json = Record<string, unknown>;

/** One recipe file inflates to at most this many bytes (its photo is inside, as base64). */
const MAX_RECIPE_BYTES = 32 * 1024 * 1024;

const isGzip = (b: Buffer) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

function parse(entry: ArchiveEntry): Json | SkipCode {
  try {
    const json = JSON.parse(gunzipSync(entry.data, { maxOutputLength: MAX_RECIPE_BYTES }).toString('utf8')) as unknown;
    return json && typeof json === 'object' ? (json as Json) : 'NOT_PAPRIKA';
  } catch (err) {
    return /maxOutputLength|buffer/i.test((err as Error).message) ? 'TOO_LARGE' : 'NOT_GZIP';
  }
}

const files = (entries: ArchiveEntry[]) => entries.filter((e) => !isJunk(e.name) && isGzip(e.data));

export const paprikaFormat: ExportFormat = {
  name: 'paprika',
  detect: (input) =>
    files(input.entries).some((e) => {
      const j = parse(e);
      return typeof j === 'object' && 'directions' in j && 'ingredients' in j;
    }),
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const entry of files(input.entries)) {
      const j = parse(entry);
      const name = baseName(entry.name).replace(/\.paprikarecipe$/, '');
      if (typeof j === 'string') {
        out.skipped.push(skip(name, j));
        continue;
      }
      let picture: Uint8Array | null = null;
      if (typeof j.photo_data === 'string' && j.photo_data) picture = Buffer.from(j.photo_data, 'base64');
      out.recipes.push(
        recipe({
          title: oneLine(j.name) || name,
          groups: [{ name: null, ingredients: linesOf(j.ingredients) }],
          instructions: toText(j.directions) || null,
          ...sharedFields({
            totalTime: j.total_time,
            timeParts: [j.prep_time, j.cook_time],
            yield: j.servings,
            sourceUrl: j.source_url,
            imageUrl: j.image_url,
            tags: [j.categories],
          }),
          picture,
          note: noteOf({
            Description: j.description,
            Servings: servingsOf(j.servings) === null || !/^\d+$/.test(String(j.servings).trim()) ? j.servings : null,
            Source: j.source,
            Notes: j.notes,
            Nutrition: j.nutritional_info,
            Difficulty: j.difficulty,
            Rating: j.rating && j.rating !== '0' && j.rating !== 0 ? j.rating : null,
          }),
        }),
      );
    }
    return out;
  },
};
