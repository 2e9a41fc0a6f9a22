// The web app's message catalogues and the plain words for API errors (web/src/i18n, web/src/api/problem.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import en from '../../web/src/i18n/en.ts';
import ptBR from '../../web/src/i18n/pt-BR.ts';
import { negotiate, pluralForm, setLanguage, t, tm, type PluralForms } from '../../web/src/i18n/index.ts';
import { toProblem } from '../../web/src/api/problem.ts';
import { checkCredentials, checkDraft } from '../../web/src/validate.ts';
import { shellLanguage } from '../../src/modules/web/web.routes.ts';
import { SKIP_CODES, SKIP_REASONS } from '../../src/modules/moving/skip-codes.ts';

const CATALOGUES: Record<string, Record<string, string | PluralForms>> = { en, 'pt-BR': ptBR };
const placeholders = (v: string | PluralForms) =>
  [
    ...new Set((typeof v === 'string' ? [v] : Object.values(v)).flatMap((s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))),
  ].sort();

test('every catalogue has exactly the English keys, the same placeholders, and plural forms its language uses', () => {
  for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
    assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(en).sort(), `${lang}: the same keys as en`);
    const categories = new Set<string>([...new Intl.PluralRules(lang).resolvedOptions().pluralCategories, '=0']);
    for (const [key, value] of Object.entries(catalogue)) {
      const reference = (en as Record<string, string | PluralForms>)[key]!;
      assert.equal(typeof value, typeof reference, `${lang} ${key}: a string where en has a string, plural forms where en has them`);
      assert.deepEqual(placeholders(value), placeholders(reference), `${lang} ${key}: the same {placeholders} as en`);
      if (typeof value === 'string') assert.ok(value.trim(), `${lang} ${key} is not empty`);
      else {
        assert.ok(value.other, `${lang} ${key} has an "other" form`);
        for (const form of Object.keys(value))
          assert.ok(categories.has(form), `${lang} ${key}: "${form}" is not a plural category of ${lang}`);
      }
    }
  }
});

test('messages: placeholders filled, numbers and plurals by the language (Intl)', async () => {
  await setLanguage('en');
  assert.equal(t('catalog.countPaged', { count: 1600, page: 1, pages: 134 }), '1,600 recipes, page 1 of 134');
  assert.equal(t('catalog.count', { count: 1 }), '1 recipe');
  assert.equal(t('catalog.count', { count: 0 }), '0 recipes');
  await setLanguage('pt-BR');
  assert.equal(t('catalog.countPaged', { count: 1600, page: 1, pages: 134 }), '1.600 receitas, página 1 de 134');
  assert.equal(t('catalog.count', { count: 1 }), '1 receita');
  assert.equal(t('catalog.count', { count: 0 }), 'Nenhuma receita');
  assert.equal(t('recipe.deleteTitle', { title: 'Bolo' }), 'Apagar “Bolo”?');
  assert.equal(pluralForm({ one: 'a', other: 'b' }, 2, 'pt-BR'), 'b');
  await setLanguage('en');
});

test('every reason an import skips a recipe for is said in each language; the English one is the API’s own sentence', async () => {
  await setLanguage('en');
  for (const code of SKIP_CODES) assert.equal(t(`move.skip.${code}`), SKIP_REASONS[code], code);
  await setLanguage('pt-BR');
  for (const code of SKIP_CODES) assert.notEqual(t(`move.skip.${code}`), SKIP_REASONS[code], `${code} in Portuguese`);
  assert.equal(t('move.skip.NO_INGREDIENTS'), 'A receita não tem ingredientes');
  await setLanguage('en');
});

test('the language: the first of the browser’s (or Accept-Language’s) that the app speaks, the remembered choice first', () => {
  assert.equal(negotiate(['pt-BR', 'en-US']), 'pt-BR');
  assert.equal(negotiate(['pt-PT']), 'pt-BR');
  assert.equal(negotiate(['de-DE', 'en-GB', 'pt-BR']), 'en');
  assert.equal(negotiate(['de-DE', 'fr']), 'en');
  assert.equal(negotiate([]), 'en');
  assert.equal(shellLanguage(undefined, 'pt-BR,pt;q=0.9,en;q=0.8'), 'pt-BR');
  assert.equal(shellLanguage(undefined, 'de, en;q=0.9, pt;q=0.8'), 'en');
  assert.equal(shellLanguage(undefined, 'en;q=0.5, pt-BR'), 'pt-BR', 'by q, not by position');
  assert.equal(shellLanguage(undefined, 'pt;q=0, en'), 'en', 'q=0 is "not this one"');
  assert.equal(shellLanguage('a=1; gourmet_lang=en', 'pt-BR'), 'en', 'the switch wins');
  assert.equal(shellLanguage('gourmet_lang=pt-BR', 'en'), 'pt-BR');
  assert.equal(shellLanguage('gourmet_lang=xx', undefined), 'en');
});

const response = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });
/** A message as a cook reads it, in both languages. */
async function words(m: Parameters<typeof tm>[0]): Promise<string[]> {
  const out: string[] = [];
  for (const lang of ['en', 'pt-BR'] as const) {
    await setLanguage(lang);
    out.push(tm(m));
  }
  await setLanguage('en');
  return out;
}
const TECHNICAL = /must|NOT|\bchars?\b|characters \(|\^|\$\)|\[|\\|body\.|querystring|VALIDATION|_[A-Z]|\b\d{3}\b(?! \()|bytes?|Ajv|regex/;

test('API errors become plain words: by field, by code, by status, never the API’s own text', async () => {
  const ajv = toProblem(response(400), {
    error: 'Invalid request: body.title must NOT have fewer than 1 characters',
    code: 'VALIDATION_FAILED',
    details: [
      { path: 'body.title', message: 'must NOT have fewer than 1 characters' },
      { path: 'body.source_url', message: 'must match pattern "^https?://[^\\s"\'<>\\\\^`{|}]+$"' },
    ],
  });
  assert.deepEqual(Object.keys(ajv.fields), ['title', 'source_url']);
  assert.deepEqual(await words(ajv.fields.title!), [
    'Give the recipe a title (up to 200 characters).',
    'Dê um título à receita (até 200 caracteres).',
  ]);
  assert.deepEqual(await words(ajv.msg), [
    '2 entries need fixing: see the marked fields.',
    '2 campos precisam de correção: veja os campos marcados.',
  ]);

  const cases: [ReturnType<typeof toProblem>, RegExp][] = [
    [toProblem(response(404), { error: 'Recipe not found', code: 'NOT_FOUND' }), /doesn’t exist — check the address/],
    [
      toProblem(response(400), {
        error: 'Invalid request: params.id must be integer',
        code: 'VALIDATION_FAILED',
        details: [{ path: 'params.id', message: 'must be integer' }],
      }),
      /address isn’t right/,
    ],
    [
      toProblem(response(429, { 'retry-after': '7' }), { code: 'TOO_MANY_REQUESTS' }),
      /^Too many requests\. Please wait 7 seconds and try again\.$/,
    ],
    [toProblem(response(429, { 'retry-after': '1' }), { code: 'TOO_MANY_REQUESTS' }), /wait 1 second and/],
    [
      toProblem(response(503), { error: 'Service temporarily unavailable: the database is not reachable', code: 'SERVICE_UNAVAILABLE' }),
      /briefly unavailable/,
    ],
    [toProblem(response(500), { error: 'Internal server error', code: 'INTERNAL' }), /on our side/],
    [
      toProblem(response(413), { error: 'Page has more than 200000 elements', code: 'PAGE_TOO_MANY_ELEMENTS' }),
      /Paste just the recipe’s text/,
    ],
    [toProblem(response(413), { error: 'Request body is too large', code: 'PAYLOAD_TOO_LARGE' }), /Make it shorter/],
    [toProblem(response(403), { error: 'You do not have permission', code: 'FORBIDDEN' }), /another cook/],
    [toProblem(response(401), { error: 'Invalid credentials', code: 'INVALID_CREDENTIALS' }), /Wrong username or password/],
    [toProblem(response(418), { error: 'I am a teapot', code: 'BAD_REQUEST' }), /did not work/],
    [toProblem(response(400), 'not json'), /wasn’t right/],
    [toProblem(response(502), { error: 'upstream 500', code: 'BAD_GATEWAY' }), /did not answer properly/],
  ];
  for (const [problem, expected] of cases) {
    const [english, portuguese] = await words(problem.msg);
    assert.match(english!, expected);
    for (const text of [english!, portuguese!]) assert.doesNotMatch(text, TECHNICAL, text);
  }

  // The service's rules name their field even without details.
  const tags = toProblem(response(400), { error: 'Invalid tag "x…": a tag has at most 40 characters', code: 'INVALID_TAGS' });
  assert.deepEqual(await words(tags.fields.tags!), [
    'Use at most 20 tags, separated by commas, each up to 40 characters.',
    'Use no máximo 20 etiquetas, separadas por vírgulas, cada uma com até 40 caracteres.',
  ]);
  const short = toProblem(response(400), {
    error: 'Password must be at least 8 characters (Unicode code points, counted after NFKC normalization)',
    code: 'PASSWORD_TOO_SHORT',
    details: [{ path: 'body.password', message: 'must have at least 8 characters (Unicode code points, after NFKC normalization)' }],
  });
  assert.equal((await words(short.fields.password!))[0], 'Use a password of at least 8 characters.');
  // An unknown field still gets a plain sentence.
  const odd = toProblem(response(400), {
    code: 'VALIDATION_FAILED',
    details: [{ path: 'body.colour', message: 'has an unknown field "colour"' }],
  });
  assert.deepEqual(await words(odd.fields.colour!), ['Check this entry.', 'Confira este campo.']);
});

test('the recipe form reports every problem at once, in the order of the form', () => {
  const problems = checkDraft({
    title: '   ',
    ingredients: '',
    time_minutes: '-5',
    servings: '2.5',
    instructions: '',
    tags: Array.from({ length: 21 }, (_, i) => `tag${i}`).join(','),
    source_url: 'javascript:alert(1)',
    image_url: 'https://ok.example/p.jpg',
  });
  assert.deepEqual(Object.keys(problems), ['title', 'ingredients', 'time_minutes', 'servings', 'tags', 'source_url']);
  assert.deepEqual(
    checkDraft({
      title: 'Soup',
      ingredients: 'water',
      time_minutes: '0',
      servings: '',
      instructions: '',
      tags: 'quick',
      source_url: '',
      image_url: '',
    }),
    {},
  );
  assert.deepEqual(Object.keys(checkCredentials('up', 'a!', 'short')), ['username', 'password']);
  assert.deepEqual(Object.keys(checkCredentials('in', '', '')), ['username', 'password']);
  assert.deepEqual(checkCredentials('up', 'chef.ana', 'correct horse'), {});
});
