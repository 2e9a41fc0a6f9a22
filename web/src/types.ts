import type { Paths } from './api/client';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type Recipe = Json<Paths['/recipes/{id}']['get']['responses'][200]>;
export type RecipeList = Json<Paths['/recipes']['get']['responses'][200]>;
/** A listing's item with fields=summary (what a card shows). */
export type RecipeSummary = Exclude<RecipeList, Recipe[]>[number];
export type ScrapedRecipe = Json<Paths['/scrape/recipe']['get']['responses'][200]>;
export type RecipeCreate = NonNullable<Paths['/recipes']['post']['requestBody']>['content']['application/json'];
/** A recipe's stored picture (`image`): its largest variant and every variant, narrowest first. */
export type RecipeImage = NonNullable<Recipe['image']>;
