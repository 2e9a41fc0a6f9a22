import { Type, type Static } from 'typebox';

export const ScrapeQuery = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048, description: 'Absolute http(s) URL of the page to read' }),
});
export type ScrapeQuery = Static<typeof ScrapeQuery>;

export const ScrapedTitle = Type.Object({
  title: Type.String({ description: '<title>, else og:title, else the first h1; whitespace collapsed' }),
  url: Type.String({ description: 'The requested URL' }),
});

export const ScrapedContent = Type.Object({
  url: Type.String({ description: 'The requested URL' }),
  headers: Type.Array(Type.String(), { description: 'Texts of h1, h2 and h3 in document order' }),
  paragraphs: Type.Array(Type.String(), { description: 'Texts of p elements in document order' }),
});

export const ScrapedRecipe = Type.Object({
  title: Type.String(),
  ingredients: Type.Array(Type.String(), { description: 'One ingredient per line, without group headings' }),
  time_minutes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Total time; prep + cook when no total is given' }),
  instructions: Type.Union([Type.String(), Type.Null()], { description: 'Steps joined with newlines' }),
  servings: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'The number in the recipe yield' }),
  image_url: Type.Union([Type.String(), Type.Null()], { description: 'Absolute URL of the main image' }),
  source_url: Type.String({ description: 'The requested URL' }),
});
export type ScrapedRecipe = Static<typeof ScrapedRecipe>;
