/** My Recipe Box's CSV export: one row per recipe; categories are separated by ";". */
import { csvEntries, csvRows } from './csv.js';
import {
  linesOf,
  noteOf,
  oneLine,
  recipe,
  servingsOf,
  sumMinutes,
  minutesOf,
  tagsOf,
  urlOf,
  type ExportFormat,
  type ReadResult,
} from './common.js';
import { skip } from '../skip-codes.js';

const HEADER = ['title', 'preparationtime', 'cookingtime', 'ingredients', 'instructions'];

export const myRecipeBoxFormat: ExportFormat = {
  name: 'myrecipebox',
  detect: (input) => csvEntries(input.entries, HEADER).length > 0,
  read(input): ReadResult {
    const out: ReadResult = { recipes: [], skipped: [] };
    for (const entry of csvEntries(input.entries, HEADER)) {
      const rows = csvRows(entry);
      if (!rows) {
        out.skipped.push(skip(entry.name, 'CSV_UNREADABLE'));
        continue;
      }
      for (const r of rows) {
        out.recipes.push(
          recipe({
            title: oneLine(r.title),
            groups: [{ name: null, ingredients: linesOf(r.ingredients) }],
            instructions: linesOf(r.instructions).join('\n') || null,
            time_minutes: minutesOf(r.totalTime) ?? sumMinutes(r.preparationTime, r.cookingTime, r.inactiveTime),
            servings: servingsOf(r.quantity),
            source_url: urlOf(r.source),
            image_url: urlOf(r.originalPicture),
            tags: tagsOf((r.categories ?? '').split(';'), r.tags),
            note: noteOf({
              Description: r.description,
              'Preparation time': r.preparationTime,
              'Cooking time': r.cookingTime,
              Notes: r.notes,
              Nutrition: r.nutrition,
              Favorite: r.favorite,
              Rating: r.rating,
              Video: r.video,
            }),
          }),
        );
      }
    }
    return out;
  },
};
