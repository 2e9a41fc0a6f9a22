/**
 * Plan to Eat's CSV export (zipped or not): one row per recipe; in Ingredients, a line starting
 * with ", " is a heading.
 */
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
  toText,
  urlOf,
  type ExportFormat,
  type ImportedGroup,
  type ReadResult,
} from './common.js';
import { skip } from '../skip-codes.js';

const HEADER = ['title', 'main ingredient', 'url host', 'directions'];

function groupsOf(text: string): ImportedGroup[] {
  const groups: ImportedGroup[] = [{ name: null, ingredients: [] }];
  for (const raw of toText(text).split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (raw.startsWith(',')) groups.push({ name: oneLine(line.slice(1)), ingredients: [] });
    else groups[groups.length - 1]!.ingredients.push(oneLine(line));
  }
  return groups.filter((g) => g.ingredients.length > 0);
}

export const planToEatFormat: ExportFormat = {
  name: 'plantoeat',
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
            title: oneLine(r.Title),
            groups: groupsOf(r.Ingredients ?? ''),
            instructions: linesOf(r.Directions).join('\n') || null,
            time_minutes: minutesOf(r['Total Time']) ?? sumMinutes(r['Prep Time'], r['Cook Time']),
            servings: servingsOf(r.Servings),
            source_url: urlOf(r.Url),
            image_url: urlOf(r['Photo Url']),
            tags: tagsOf(r.Course, r.Cuisine, r.Tags),
            note: noteOf({
              Description: r.Description,
              Source: r.Source,
              'Main ingredient': r['Main Ingredient'],
              Yield: r.Yield,
              'Prep time': r['Prep Time'],
              'Cook time': r['Cook Time'],
              Rating: r.Rating,
              Calories: r.Calories,
              Protein: r.Protein,
              Fat: r.Fat,
              Carbohydrate: r.Carbohydrate,
            }),
          }),
        );
      }
    }
    return out;
  },
};
