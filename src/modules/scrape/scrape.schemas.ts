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
const pageUrl = Type.String({
  maxLength: L.urlLength,
  description: 'The requested URL',
  examples: ['https://cooking.example.org/saffron-risotto'],
});

export const ScrapeQuery = Type.Object({
  url: Type.String({
    minLength: 1,
    maxLength: L.urlLength,
    description: 'Absolute http(s) URL of the page to read',
    examples: ['https://cooking.example.org/saffron-risotto'],
  }),
});
export type ScrapeQuery = Static<typeof ScrapeQuery>;

export const ScrapedTitle = Type.Object(
  {
    title: Type.String({
      maxLength: L.titleLength,
      description: '<title>, else og:title, else the first h1; whitespace collapsed',
      examples: ['Saffron risotto'],
    }),
    url: pageUrl,
  },
  { $id: 'ScrapedTitle', additionalProperties: false },
);

export const ScrapedContent = Type.Object(
  {
    url: pageUrl,
    headers: Type.Array(Type.String({ maxLength: L.textLength }), {
      maxItems: L.texts,
      description: 'Texts of h1, h2 and h3 in document order',
      examples: [['Saffron risotto', 'Ingredients']],
    }),
    paragraphs: Type.Array(Type.String({ maxLength: L.textLength }), {
      maxItems: L.texts,
      description: 'Texts of p elements in document order',
      examples: [['A creamy risotto.']],
    }),
  },
  { $id: 'ScrapedContent', additionalProperties: false },
);

export const IngredientGroup = Type.Object(
  {
    name: Type.Union([Type.String({ maxLength: L.ingredientLength }), Type.Null()], {
      description: 'The group heading without its colon ("For the sauce"); null for ingredients before any heading',
    }),
    ingredients: Type.Array(Type.String({ maxLength: L.ingredientLength }), { maxItems: L.ingredients }),
  },
  { $id: 'IngredientGroup', additionalProperties: false },
);

export const ScrapedRecipe = Type.Object(
  {
    title: Type.String({ maxLength: L.titleLength, examples: ['Saffron risotto'] }),
    ingredients: Type.Array(Type.String({ maxLength: L.ingredientLength }), {
      maxItems: L.ingredients,
      description: 'One ingredient per line, without group headings',
      examples: [['320 g arborio rice', '1 pinch saffron']],
    }),
    ingredient_groups: Type.Array(IngredientGroup, {
      maxItems: L.ingredients,
      description:
        'The same ingredients under their group headings, in page order; a single group named null when the page has no headings',
    }),
    tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
      maxItems: 20,
      description: "The page's recipeCategory, recipeCuisine and keywords: trimmed, unique ignoring case, 1–40 characters, at most 20",
    }),
    time_minutes: Type.Union([Type.Integer({ format: 'int32', minimum: 0, maximum: 10_080 }), Type.Null()], {
      description: 'Total time; prep + cook when no total is given; null when absent or over a week',
    }),
    instructions: Type.Union([Type.String({ maxLength: L.instructionsLength }), Type.Null()], {
      description: 'Steps joined with newlines',
    }),
    servings: Type.Union([Type.Number({ minimum: 0, maximum: 1000 }), Type.Null()], {
      description: 'The number in the recipe yield; null when absent or outside 1–1000',
    }),
    image_url: Type.Union([Type.String({ maxLength: L.urlLength }), Type.Null()], { description: 'Absolute URL of the main image' }),
    source_url: Type.Union([Type.String({ maxLength: L.urlLength }), Type.Null()], {
      description: 'The requested URL (for a page sent in the body, the url sent with it); null for text and for a page sent without a url',
    }),
  },
  { $id: 'ScrapedRecipe', additionalProperties: false, description: 'A recipe read from a page or text (not saved)' },
);
export type ScrapedRecipe = Static<typeof ScrapedRecipe>;

const SentUrl = Type.String({ minLength: 1, maxLength: 2048, description: 'URL of a recipe page (http or https)' });

/** The three ways to hand over a recipe: a URL to fetch, the page itself, or plain text. */
export const RecipeSourceBody = Type.Union(
  [
    Type.Object(
      { url: SentUrl },
      {
        additionalProperties: false,
        title: 'FromUrl',
        description: 'Fetch the page (the same safety rules and limits as GET /scrape/recipe)',
        example: { url: 'https://cook.example/recipes/saffron-risotto' },
      },
    ),
    Type.Object(
      {
        html: Type.String({
          minLength: 1,
          maxLength: 10_485_760,
          pattern: '\\S',
          description: 'The page source (for a site that refuses servers, or a saved page); at most SCRAPE_MAX_BYTES (5 MB) of UTF-8',
        }),
        url: Type.Optional(
          Type.String({
            minLength: 1,
            maxLength: 2048,
            pattern: '^https?://[^\\s]+$',
            description: 'Where the page came from: only resolves relative links and becomes source_url; never fetched',
          }),
        ),
      },
      {
        additionalProperties: false,
        title: 'FromHtml',
        description: 'Extract from the page sent; nothing is fetched',
        example: {
          html: '<html><head><script type="application/ld+json">{"@type":"Recipe","name":"Saffron risotto","recipeIngredient":["300 g arborio rice","1 pinch saffron"]}</script></head></html>',
          url: 'https://cook.example/recipes/saffron-risotto',
        },
      },
    ),
    Type.Object(
      {
        text: Type.String({
          minLength: 1,
          maxLength: 10_485_760,
          pattern: '\\S',
          description: 'Plain text pasted from a page or typed from a book: a title line, an "Ingredients" section, a "Method" section',
        }),
      },
      {
        additionalProperties: false,
        title: 'FromText',
        description: 'Read the recipe from plain text; nothing is fetched',
        example: {
          text: 'Saffron risotto\nServes 4\n\nIngredients\n300 g arborio rice\n1 pinch saffron\n1 l stock\n\nMethod\nToast the rice, then add the stock a ladle at a time.',
        },
      },
    ),
  ],
  {
    $id: 'RecipeSource',
    description: 'One of: {"url"} to fetch a page, {"html", "url"?} to send the page itself, {"text"} to send plain text',
  },
);
export type RecipeSourceBody = Static<typeof RecipeSourceBody>;

/**
 * The request body limit of the routes that take a page or text in the body: room for a page of
 * `maxBytes` once JSON-escaped (quotes, backslashes and newlines take two bytes), so the size rule
 * that decides is the one on the page itself (413 past `maxBytes`).
 */
export function sentPageBodyLimit(maxBytes: number): number {
  return maxBytes * 2 + 64 * 1024;
}
