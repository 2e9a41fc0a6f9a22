/** Shapes shared by the extraction strategies and the entry that merges them. */
import type { Static } from 'typebox';
import type { IngredientGroup } from '../scrape.schemas.js';

export interface ExtractedRecipe {
  title: string;
  ingredients: string[];
  time_minutes: number | null;
  /** Steps joined with "\n". */
  instructions: string | null;
  servings: number | null;
  image_url: string | null;
  /** The ingredients under their group headings, in page order; one group named null when the page has none. */
  ingredient_groups: IngredientGroup[];
  /** The page's recipe categories, cuisines and keywords. */
  tags: string[];
}

/** Ingredients under one heading ("For the sauce", without the colon; null before any heading). */
export type IngredientGroup = Static<typeof IngredientGroup>;

export interface RecipePart {
  source: 'json-ld' | 'microdata' | 'plugin' | 'page-data' | 'html';
  title?: string | null;
  ingredients?: string[];
  time_minutes?: number | null;
  instructions?: string | null;
  servings?: number | null;
  image_url?: string | null;
  /** When the strategy saw group headings; else the entry makes one unnamed group. */
  ingredient_groups?: IngredientGroup[];
  tags?: string[];
}

export interface Line {
  text: string;
  /** Every character came from bold text or a heading: likely a group title such as "For the sauce". */
  emphasised: boolean;
}
