/**
 * Plan to Eat's CSV export (zipped or not): one row per recipe; in Ingredients, a line starting
 * with ", " is a heading.
 */
import { csvFormat } from './csv.js';
import { linesOf, noteOf, oneLine, recipe, sharedFields, toText, type ImportedGroup } from './common.js';

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

export const planToEatFormat = csvFormat('plantoeat', ['title', 'main ingredient', 'url host', 'directions'], (r) =>
  recipe({
    title: oneLine(r.Title),
    groups: groupsOf(r.Ingredients ?? ''),
    instructions: linesOf(r.Directions).join('\n') || null,
    ...sharedFields({
      totalTime: r['Total Time'],
      timeParts: [r['Prep Time'], r['Cook Time']],
      yield: r.Servings,
      sourceUrl: r.Url,
      imageUrl: r['Photo Url'],
      tags: [r.Course, r.Cuisine, r.Tags],
    }),
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
