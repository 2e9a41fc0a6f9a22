/** Saving a recipe read from a web page or sent text (POST /recipes/import), fitted to the limits a create has. */
import type { RecipeRow, RecipeVisibility } from '../../db/tables.js';
import { Unprocessable } from '../../errors.js';
import { isHttpUrl } from '../../lib/http-url.js';
import { refusedCharIn, withoutRefusedChars } from '../../lib/text-chars.js';
import type { ScrapedRecipe } from '../scrape/scrape.service.js';
import { groupItems, MAX_INGREDIENTS_LENGTH } from './ingredient-lines.js';
import { fitText, IMPORT_LIMITS } from './recipe-input.js';
import { tagsFromPage } from './recipe-tags.js';
import type { RecipesService } from './recipes.service.js';

/**
 * Saves a recipe read from a web page or sent text, fitting its values to the limits a create
 * has (IMPORT_LIMITS): a value longer than its limit is cut, ends in "…", and its field is
 * added to `truncated` (the route lists them in X-Import-Truncated); characters no stored text
 * may hold (src/lib/text-chars.ts: NUL, controls, bidirectional controls, lone surrogates) are
 * dropped from every field, group headings included. The saved recipe is then one that a PUT
 * of its own fields accepts. The page's tags (recipeCategory, recipeCuisine, keywords) are
 * kept, and its ingredient groups when it has headings (test/api/recipes-import-hook.test.ts).
 * Of a page with more than RECIPE_MAX_LINES ingredient lines (or more than 10,000 characters of
 * them) the first ones are kept; `ingredientLinesDropped` says how many were left out (the
 * route sends it as a header).
 */
export async function createFromScraped(
  service: Pick<RecipesService, 'create'>,
  ownerId: number,
  scraped: ScrapedRecipe,
  truncated: Set<string>,
  visibility?: RecipeVisibility,
): Promise<RecipeRow & { ingredientLinesDropped: number }> {
  const fitted = (field: string, text: string, max: number) => {
    const cut = fitText(text, max);
    if (cut !== text) truncated.add(field);
    return cut;
  };
  // One line of text: whitespace runs (line breaks and tabs too) become one space.
  const oneLine = (text: string) => withoutRefusedChars(text.replace(/\s+/g, ' ')).trim();
  const lineOf = (text: string) => fitted('ingredients', oneLine(text), IMPORT_LIMITS.line);
  const ingredients: string[] = [];
  let length = 0;
  for (const line of scraped.ingredients.map(lineOf).filter(Boolean)) {
    if (length + line.length + 1 > MAX_INGREDIENTS_LENGTH) {
      truncated.add('ingredients');
      break;
    }
    ingredients.push(line);
    length += line.length + 1;
  }
  const title = scraped.title && fitted('title', oneLine(scraped.title), IMPORT_LIMITS.title);
  // The page's groups, when the extractor found headings.
  const groups = scraped.ingredient_groups
    .map((g) => {
      const name = g.name === null ? null : oneLine(g.name);
      return {
        name: name ? fitted('ingredient_groups', name, IMPORT_LIMITS.groupName) : null,
        ingredients: g.ingredients.map(lineOf).filter(Boolean),
      };
    })
    .filter((g) => g.ingredients.length > 0);
  // Only whether any line is left (the parse itself is create's, in a worker when long).
  const grouped = groups.some((g) => g.name) ? groupItems(groups, true) : undefined;
  if (!title || ingredients.length === 0) throw Unprocessable('No recipe found on the page');
  // groupItems leaves out the lines beyond the 10,000 characters of ingredients.
  if (grouped && grouped.items.length < groups.reduce((n, g) => n + g.ingredients.length, 0)) truncated.add('ingredients');
  const instructions = scraped.instructions && withoutRefusedChars(scraped.instructions, true).trim();
  const httpUrl = (u: string | null | undefined) => (u && isHttpUrl(u) && !refusedCharIn(u) ? u : null);
  const row = await service.create(
    ownerId,
    {
      title,
      ...(grouped && grouped.items.length > 0 ? { ingredient_groups: groups } : { ingredients: ingredients.join('\n') }),
      // A page without a time is saved with an unknown time (null), a longer one is capped at a week.
      time_minutes:
        scraped.time_minutes === null || scraped.time_minutes === undefined || !Number.isFinite(scraped.time_minutes)
          ? null
          : Math.min(Math.max(0, Math.round(scraped.time_minutes)), 10_080),
      instructions: (instructions && fitted('instructions', instructions, IMPORT_LIMITS.instructions)) || null,
      servings: scraped.servings && scraped.servings >= 1 && scraped.servings <= 10_000 ? Math.round(scraped.servings) : null,
      source_url: httpUrl(scraped.source_url),
      image_url: httpUrl(scraped.image_url),
      tags: tagsFromPage(scraped.tags),
      ...(visibility ? { visibility } : {}),
    },
    true,
  );
  // The page's lines, less those kept (fromGroups and the loop above already stopped at 10,000 characters).
  const pageLines = grouped ? groups.reduce((n, g) => n + g.ingredients.length, 0) : scraped.ingredients.filter((l) => oneLine(l)).length;
  const kept = (JSON.parse(row.ingredient_lines ?? '[]') as unknown[]).length;
  return Object.assign(row, { ingredientLinesDropped: Math.max(0, pageLines - kept) });
}
