// A person's path through the docs: open /apidocs, Authorize with a token from /login,
// execute GET /recipes and see a 200 with the recipe in it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';

const skip = chromiumAvailable()
  ? false
  : 'Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium); .ci/run installs it';

test('Swagger UI: authorize with a Bearer token and execute GET /recipes', { skip }, async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  await createRecipe(app, user, { title: 'Browser-visible bruschetta' });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const external: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith('data:')) external.push(req.url());
  });
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });

  await page.goto(`${base}/apidocs`);
  await page
    .getByRole('button', { name: /Authorize/ })
    .first()
    .click();
  // The first scheme is BearerAuth (AdminBearerAuth, for the admin routes, follows it).
  await page.locator('.modal-ux #auth-bearer-value').first().fill(user.token);
  await page.locator('.modal-ux button.authorize').first().click();
  await page.locator('.modal-ux button.btn-done').first().click();

  const op = page.locator('#operations-recipes-listRecipes');
  await op.locator('.opblock-summary').click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  await op.getByRole('button', { name: 'Execute' }).click();
  const status = op.locator('.responses-table.live-responses-table .response .response-col_status').first();
  await status.waitFor({ timeout: 15_000 });
  assert.equal((await status.innerText()).trim(), '200');
  const body = await op.locator('.live-responses-table .microlight, .live-responses-table pre').first().innerText();
  assert.match(body, /Browser-visible bruschetta/);

  // Try it out on POST /recipes with the body Swagger UI prefills from the document's example: accepted as it is.
  const create = page.locator('#operations-recipes-createRecipe');
  await create.locator('.opblock-summary').click();
  await create.getByRole('button', { name: 'Try it out' }).click();
  await create.getByRole('button', { name: 'Execute' }).click();
  const created = create.locator('.responses-table.live-responses-table .response .response-col_status').first();
  await created.waitFor({ timeout: 15_000 });
  assert.equal((await created.innerText()).trim(), '201', 'the prefilled example is a valid recipe');
  assert.deepEqual(external, [], 'the docs page loads nothing from outside');
  assert.deepEqual(
    consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e)),
    [],
    'no CSP violations',
  );
});

test('Swagger UI: refresh and logout are documented and usable, under the Content-Security-Policy', { skip }, async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  const response = await page.goto(`${base}/apidocs`);
  assert.match(String(response?.headers()['content-security-policy']), /default-src 'self'/, 'the docs are served under the CSP');

  const execute = async (id: string, body?: string) => {
    const op = page.locator(`#${id}`);
    await op.locator('.opblock-summary').click();
    await op.getByRole('button', { name: 'Try it out' }).click();
    if (body !== undefined) await op.locator('textarea.body-param__text').fill(body);
    await op.getByRole('button', { name: 'Execute' }).click();
    const status = op.locator('.responses-table.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 15_000 });
    return {
      status: (await status.innerText()).trim(),
      body: await op.locator('.live-responses-table .microlight, .live-responses-table pre').first().innerText(),
    };
  };

  const refreshed = await execute('operations-auth-refreshToken', JSON.stringify({ refresh_token: user.refreshToken }));
  assert.equal(refreshed.status, '200');
  const pair = JSON.parse(refreshed.body);
  assert.ok(pair.access_token && pair.refresh_token);

  await page
    .getByRole('button', { name: /Authorize/ })
    .first()
    .click();
  await page.locator('.modal-ux #auth-bearer-value').first().fill(pair.access_token);
  await page.locator('.modal-ux button.authorize').first().click();
  await page.locator('.modal-ux button.btn-done').first().click();
  const out = await execute('operations-auth-logout');
  assert.equal(out.status, '200');
  assert.match(out.body, /Logged out/);
  // The UI really revoked it.
  assert.equal(
    (await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${pair.access_token}` } })).statusCode,
    401,
  );
  assert.deepEqual(
    consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e)),
    [],
    'no CSP violations',
  );
});
