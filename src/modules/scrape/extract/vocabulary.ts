/**
 * The words recipes are written with, in the languages of the pages seen so far: section
 * headings, time and yield labels, what makes a line look like a quantity. Shared by the page
 * heuristics and the plain-text reader.
 */

const INGREDIENT_WORDS = [
  'ingredients?',
  'ingredientes',
  'ingrediente',
  'zutaten\\w*',
  'ingr[ée]dients?',
  'ingredienti',
  'sk[łl]adniki',
  'ingredi[ëe]nten',
  'ingredienser',
  'ainekset',
  'hozz[áa]val[óo]k',
  'sastojci',
  'suroviny',
  'ingrediencie',
  'malzemeler',
  "what you(?:'|’)?ll need",
  'you will need',
  'shopping list',
];
const INSTRUCTION_WORDS = [
  'instructions?',
  'directions?',
  'method',
  'preparation',
  'steps?',
  'how to make(?: it)?',
  'pr[ée]paration',
  '[ée]tapes',
  'zubereitung\\w*',
  'anleitung',
  'preparazione',
  'procedimento',
  'preparaci[óo]n',
  'elaboraci[óo]n',
  'instrucciones',
  'pasos',
  'modo de prepar(?:o|a[çc][ãa]o)',
  'preparo',
  'prepara[çc][ãa]o',
  'przygotowanie',
  'spos[óo]b przygotowania',
  'wykonanie',
  "(?:let(?:'|’)?s )?get (?:started|cooking)",
  'bereiding',
  'bereidingswijze',
  'werkwijze',
  'fremgangsm[åa]de',
  'valmistus',
  'elk[ée]sz[íi]t[ée]s',
  'postup',
  'hazırlanışı',
];
/** The same in scripts without word boundaries (Chinese, Japanese, Korean): no `\b` after them. */
const INGREDIENT_WORDS_CJK = ['材料', '配料', '食材', '用料', '재료'];
const INSTRUCTION_WORDS_CJK = ['做法', '作法', '步骤', '步驟', '作り方', '만드는 법', '조리법'];
/** A heading such as "Ingredients" or "The method:", matched against whitespace-collapsed text. */
const headingRe = (words: string[], cjk: string[]) =>
  new RegExp(`^(?:the |les |die )?(?:(?:${words.join('|')})\\b|${cjk.join('|')})[^.!?]{0,70}$`, 'i');
export const INGREDIENT_HEADING = headingRe(INGREDIENT_WORDS, INGREDIENT_WORDS_CJK);
export const INSTRUCTION_HEADING = headingRe(INSTRUCTION_WORDS, INSTRUCTION_WORDS_CJK);

/** A step's own label, on its heading or line: "Step 1", "Étape 2 :", "Step 1/4", "Schritt 3 von 5". */
export const STEP_HEADING =
  /^(?:step|stap|schritt|[ée]tape|etapa|paso|passo|krok)\s*\d{1,2}(?:\s*(?:\/|of|von|sur|de|di|van|z)\s*\d{1,2})?\s*[.:]?$/i;

/** Sections after the method that are not steps. */
export const NOT_STEPS = /^(?:notes?|tips?|nutrition|video|comments?|reviews?|equipment)\b/i;

/** A line that starts with a quantity ("2 eggs", "½ cup", "a pinch", "une gousse"). */
export const QUANTITY_START = /^(?:[\d½¼¾⅓⅔⅛⅜⅝⅞]|an?\s|one\s|two\s|q\.?b\.?|un[ea]?\s|ein[e]?\s|une?\s)/i;
/** A number followed by a unit anywhere in the line ("salt, 1 tsp", "Mehl 200 g"). */
export const QUANTITY_UNIT =
  /\d\s{0,4}(?:(?:g|kg|mg|ml|cl|dl|l|oz|lbs?|cups?|tbsps?|tsps?|tablespoons?|teaspoons?|ounces?|pounds?|grams?|grammes?|gramas?|grammi|cuill[eè]res?|c\.?\s?à\s?[sc]|el|tl|stk|st[üu]ck|prisen?|pinch(?:es)?|cloves?|dentes?|colheres?|x[íi]caras?|sachets?|cans?|packages?|sticks?|slices?)\b|łyżk|łyżecz|szklank)/i;
export const hasQuantity = (t: string) => QUANTITY_START.test(t) || QUANTITY_UNIT.test(t);

/** Labels of times and yields, matched against whitespace-collapsed text (so a space, not `\s+`). */
export const LABELS = {
  total:
    /^(?:total(?: time)?|time(?: required)?|ready in|temps total|durée totale|gesamtzeit|gesamt|tiempo total|tempo total|tempo totale|czas(?: całkowity| przygotowania)?|totale tijd|total tid)$/i,
  prep: /^(?:prep(?:aration)?(?: time)?|temps de préparation|préparation|vorbereitung|zubereitungszeit|arbeitszeit|tiempo de preparación|preparación|tempo de preparo|tempo di preparazione|preparazione|przygotowanie|voorbereiding)$/i,
  cook: /^(?:cook(?:ing)?(?: time)?|bake(?: time)?|temps de cuisson|cuisson|kochzeit|backzeit|garzeit|tiempo de cocción|cocción|tempo de cozimento|cozimento|tempo di cottura|cottura|gotowanie|pieczenie|kooktijd|baktijd)$/i,
  servings:
    /^(?:分量|份量|yields?|servings?|serves|makes|portions?|personnes?|pour|portionen|personen|porciones|raciones|comensales|porzioni|persone|por[çc][õo]es|rendimento|rende|porcje|porcji|liczba porcji|ilość porcji)$/i,
};

/**
 * "Total Time: 27 minutes" → label "Total Time", value "27 minutes": the label is the first 2–30
 * characters before any colon or digit. (Written out: as a regex with a free-running value part
 * it backtracks quadratically.)
 */
export function splitLabel(text: string): { label: string; value: string } | null {
  let cut = 0;
  while (cut < text.length && cut < 30 && !/[:：\d]/.test(text[cut]!)) cut++;
  if (cut < 2) return null;
  let rest = text.slice(cut);
  if (rest[0] === ':' || rest[0] === '：') rest = rest.slice(1);
  return { label: text.slice(0, cut), value: rest.trimStart() };
}

export const SERVING_UNIT =
  /^(?:servings?|serves|adag(?:ok)?|portions?|porções|porçoes|porciones|raciones|personas|persone|personnes|portionen|personen|porcje|porcji|people|persons)\b/i;
