/**
 * Nextcloud Cookbook: a folder per recipe with `recipe.json` (schema.org Recipe) and `full.jpg`
 * (the picture; `thumb.jpg` is a smaller copy, left alone).
 */
import { isJunk, type ArchiveEntry } from '../archive-guard.js';
import { baseName, dirName, jsonOf, type ExportFormat, type ReadResult } from './common.js';
import { fromSchemaOrg, pictureBeside, recipesIn } from './schema-org.js';
import { skip } from '../skip-codes.js';

const recipeFiles = (entries: ArchiveEntry[]) =>
  entries.filter((e) => !e.nested && !isJunk(e.name) && baseName(e.name) === 'recipe.json' && dirName(e.name) !== '');

export const nextcloudFormat: ExportFormat = {
  name: 'nextcloud',
  detect: (input) => input.archive && recipeFiles(input.entries).some((e) => recipesIn(jsonOf(e)).length === 1),
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const entry of recipeFiles(input.entries)) {
      const [json] = recipesIn(jsonOf(entry));
      if (!json) {
        out.skipped.push(skip(baseName(dirName(entry.name)), 'NOT_SCHEMA_ORG'));
        continue;
      }
      const r = fromSchemaOrg(json);
      r.picture = pictureBeside(entry, input.entries, ['full']);
      out.recipes.push(r);
    }
    return out;
  },
};
