/** Shapes shared by the extraction strategies and the entry that merges them. */

export interface ExtractedRecipe {
  title: string;
  ingredients: string[];
  time_minutes: number | null;
  /** Steps joined with "\n". */
  instructions: string | null;
  servings: number | null;
  image_url: string | null;
}

export interface RecipePart {
  source: 'json-ld' | 'microdata' | 'plugin' | 'html';
  title?: string | null;
  ingredients?: string[];
  time_minutes?: number | null;
  instructions?: string | null;
  servings?: number | null;
  image_url?: string | null;
}

export interface Line {
  text: string;
  /** Every character came from bold text or a heading: likely a group title such as "For the sauce". */
  emphasised: boolean;
}
