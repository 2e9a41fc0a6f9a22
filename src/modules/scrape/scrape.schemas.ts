import { Type, type Static } from 'typebox';

/** The largest results a scrape answers with (scrape.service.ts cuts longer ones), so clients can size their buffers. */
export const SCRAPE_LIMITS = {
  urlLength: 2048,
  titleLength: 1000,
  textLength: 10_000,
  texts: 2000,
  ingredientLength: 2000,
  ingredients: 500,
  instructionsLength: 100_000,
  maxMinutes: 1_000_000,
  maxServings: 100_000,
} as const;

const L = SCRAPE_LIMITS;
const pageUrl = Type.String({ maxLength: L.urlLength, description: 'The requested URL', examples: ['https://cooking.example.org/saffron-risotto'] });

export const ScrapeQuery = Type.Object({
  url: Type.String({ minLength: 1, maxLength: L.urlLength, description: 'Absolute http(s) URL of the page to read', examples: ['https://cooking.example.org/saffron-risotto'] }),
});
export type ScrapeQuery = Static<typeof ScrapeQuery>;

export const ScrapedTitle = Type.Object({
  title: Type.String({ maxLength: L.titleLength, description: '<title>, else og:title, else the first h1; whitespace collapsed', examples: ['Saffron risotto'] }),
  url: pageUrl,
}, { $id: 'ScrapedTitle', additionalProperties: false });

export const ScrapedContent = Type.Object({
  url: pageUrl,
  headers: Type.Array(Type.String({ maxLength: L.textLength }), { maxItems: L.texts, description: 'Texts of h1, h2 and h3 in document order', examples: [['Saffron risotto', 'Ingredients']] }),
  paragraphs: Type.Array(Type.String({ maxLength: L.textLength }), { maxItems: L.texts, description: 'Texts of p elements in document order', examples: [['A creamy risotto.']] }),
}, { $id: 'ScrapedContent', additionalProperties: false });

export const ScrapedRecipe = Type.Object({
  title: Type.String({ maxLength: L.titleLength, examples: ['Saffron risotto'] }),
  ingredients: Type.Array(Type.String({ maxLength: L.ingredientLength }), { maxItems: L.ingredients, description: 'One ingredient per line, without group headings', examples: [['320 g arborio rice', '1 pinch saffron']] }),
  time_minutes: Type.Union([Type.Integer({ format: 'int32', minimum: 0, maximum: L.maxMinutes }), Type.Null()], { description: 'Total time; prep + cook when no total is given' }),
  instructions: Type.Union([Type.String({ maxLength: L.instructionsLength }), Type.Null()], { description: 'Steps joined with newlines' }),
  servings: Type.Union([Type.Number({ minimum: 0, maximum: L.maxServings }), Type.Null()], { description: 'The number in the recipe yield' }),
  image_url: Type.Union([Type.String({ maxLength: L.urlLength }), Type.Null()], { description: 'Absolute URL of the main image' }),
  source_url: pageUrl,
}, { $id: 'ScrapedRecipe', additionalProperties: false, description: 'A recipe read from a page (not saved)' });
