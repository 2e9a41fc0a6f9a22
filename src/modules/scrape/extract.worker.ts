/** Worker-thread side of the extraction pool: the same pure extractors, run off the event loop. */
import { extractContent } from './extract-content.js';
import { extractRecipe, extractRecipeFromText } from './extract-recipe.js';
import { extractTitle } from './extract-title.js';
import { serveTasks } from './worker-pool.js';

serveTasks({ title: extractTitle, content: extractContent, recipe: extractRecipe, recipeText: extractRecipeFromText });
