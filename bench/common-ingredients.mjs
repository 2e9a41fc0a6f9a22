// The 55 common ingredients of ../shared/tools/bench.mjs (its COMMON list): what bench/seed.ts
// puts in recipes, and what READMIX searches for. One copy for the seed, bench/run.mjs and
// bench/readmix-latency.ts; it must stay equal to the harness's list.
export const COMMON_INGREDIENTS = Object.freeze(['flour', 'sugar', 'butter', 'eggs', 'whole milk', 'sea salt', 'black pepper', 'olive oil',
  'garlic', 'red onion', 'tomatoes', 'fresh basil', 'oregano', 'parsley', 'lemon juice', 'arborio rice',
  'spaghetti', 'chicken thighs', 'ground beef', 'pork belly', 'shrimp', 'cod fillet', 'potatoes', 'carrots',
  'celery', 'mushrooms', 'spinach', 'parmesan', 'heavy cream', 'greek yogurt', 'honey', 'red wine vinegar',
  'dijon mustard', 'ginger', 'cumin', 'smoked paprika', 'cinnamon', 'vanilla extract', 'dark chocolate',
  'almonds', 'walnuts', 'black beans', 'lentils', 'sweet corn', 'green peas', 'zucchini', 'eggplant',
  'bell pepper', 'chili flakes', 'coriander', 'thyme', 'rosemary', 'soy sauce', 'coconut milk', 'leeks']);
