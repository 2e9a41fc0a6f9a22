/**
 * Worker-thread side of the extraction pool: the same pure extractors, run off the event loop.
 * Each task first checks the page against its bounds (elements, nesting, JSON-LD size) in one
 * streaming pass, so an over-limit page is refused before it is parsed into a DOM.
 */
import { extractContent } from './extract-content.js';
import { extractRecipe, extractRecipeFromText } from './extract-recipe.js';
import { extractTitle } from './extract-title.js';
import { checkPageBounds, type PageBounds } from './page-bounds.js';
import { serveTasks } from '../../lib/worker-pool.js';

const bounded = (html: string, bounds: PageBounds | null | undefined) => {
  if (bounds) checkPageBounds(html, bounds);
};

serveTasks({
  title: (html: string, bounds?: PageBounds | null) => {
    bounded(html, bounds);
    return extractTitle(html);
  },
  content: (html: string, bounds?: PageBounds | null) => {
    bounded(html, bounds);
    return extractContent(html);
  },
  recipe: (html: string, pageUrl: string, bounds?: PageBounds | null) => {
    bounded(html, bounds);
    return extractRecipe(html, pageUrl);
  },
  // Plain text has no markup to bound; its size is limited before it is sent (SCRAPE_MAX_BYTES).
  recipeText: (text: string) => extractRecipeFromText(text),
});
