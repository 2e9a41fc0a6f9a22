// The documented example (docs/api.md and clients/typescript/README.md show exactly this file after these two lines),
// compiled by `npm run typecheck`; test/api/client-flow.test.ts checks that both still show it.
import { createClient, type Recipe } from '@gourmet/client';

export async function saffronUnder40(baseUrl: string, username: string, password: string): Promise<Recipe[]> {
  const api = createClient({ baseUrl });
  const login = await api.POST('/login', { body: { username, password } });
  if (!login.data) throw new Error(login.error.error); // login.error is typed: {error, code, details?}
  api.setToken(login.data.access_token);

  const { data, error, response } = await api.GET('/recipes', { params: { query: { ingredient: 'saffron', max_time: 40 } } });
  if (error) throw new Error(`${error.code}: ${error.error}`);
  console.log(`${response.headers.get('x-total-count')} recipes match`);
  return data as Recipe[]; // full recipes: the listing's other shape, RecipeSummary, comes only with fields=summary
}
