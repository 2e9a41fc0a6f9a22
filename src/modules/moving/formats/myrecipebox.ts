/** My Recipe Box's CSV export: one row per recipe; categories are separated by ";". */
import { csvFormat } from './csv.js';
import { linesOf, noteOf, oneLine, recipe, sharedFields } from './common.js';

export const myRecipeBoxFormat = csvFormat('myrecipebox', ['title', 'preparationtime', 'cookingtime', 'ingredients', 'instructions'], (r) =>
  recipe({
    title: oneLine(r.title),
    groups: [{ name: null, ingredients: linesOf(r.ingredients) }],
    instructions: linesOf(r.instructions).join('\n') || null,
    ...sharedFields({
      totalTime: r.totalTime,
      timeParts: [r.preparationTime, r.cookingTime, r.inactiveTime],
      yield: r.quantity,
      sourceUrl: r.source,
      imageUrl: r.originalPicture,
      tags: [(r.categories ?? '').split(';'), r.tags],
    }),
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
