// The parser and every view of a recipe, fuzzed (test/helpers/parser-fuzz.ts): random words,
// every Object.prototype name and extreme numbers never give a 5xx, a null line, a lost line
// text, or an amount that is not a finite number. A bounded, deterministic run; FC_SEED and
// FC_RUNS override it, and `npm run fuzz:parser` runs it for longer.
import { test } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { fixedLines, fuzzInProcess, fuzzThroughApp, checkLineInProcess } from '../helpers/parser-fuzz.js';

const SEED = Number(process.env.FC_SEED ?? 20261207);
const RUNS = Number(process.env.FC_RUNS ?? 40);

test('in process: every Object.prototype name and extreme number parses and views to finite amounts', () => {
  for (const line of fixedLines())
    for (const f of [0.01, 1, 100]) for (const u of [undefined, 'metric', 'us'] as const) checkLineInProcess(line, f, u);
});

test('in process: random lines parse and view to finite amounts, keeping their text', () => {
  fuzzInProcess({ seed: SEED, runs: RUNS * 25 });
});

test('through the app: parse, create and every view never answer 5xx nor lose a line', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  await fuzzThroughApp(app, user.auth, { seed: SEED, runs: RUNS });
});
