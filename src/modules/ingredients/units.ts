/**
 * The canonical unit table: one entry per unit the parser can name, with every spelling and
 * abbreviation it recognises (English first, then the kitchen units of French, Dutch, German,
 * Portuguese, Polish, Italian, Hungarian, Swedish, Spanish and Danish recipes).
 *
 * Volume factors are millilitres, mass factors grams. US and imperial measures that share a
 * name (pint, quart, gallon, fluid ounce, cup) take the US size: recipes on the web that write
 * "cup" or "pint" without saying which are overwhelmingly American; the imperial sizes are
 * their own entries, reached only by spellings that say "imperial" or "UK".
 */

export type UnitKind = 'volume' | 'mass' | 'count' | 'other';
export type UnitSystem = 'metric' | 'us' | 'imperial' | null;

export interface UnitInfo {
  /** Canonical name, singular, lower case: 'cup', 'tablespoon', 'gram', 'fluid ounce', 'clove'. */
  name: string;
  kind: UnitKind;
  system: UnitSystem;
  /** Size in the base unit (ml for volume, g for mass); null for count and other units. */
  factor: number | null;
  singular: string;
  plural: string;
  abbreviation: string | null;
}

interface UnitDef extends UnitInfo {
  /** Spellings beyond the name, singular and plural (matched case-insensitively, dots ignored). */
  spellings: string[];
  /** Spellings matched only in the case given (e.g. 'T' tablespoon vs 't' teaspoon). */
  caseSensitive?: string[];
}

function u(
  name: string,
  kind: UnitKind,
  system: UnitSystem,
  factor: number | null,
  plural: string,
  abbreviation: string | null,
  spellings: string[],
  caseSensitive?: string[],
): UnitDef {
  return { name, kind, system, factor, singular: name, plural, abbreviation, spellings, caseSensitive };
}

const US_CUP = 236.5882365;
const US_FLOZ = 29.5735295625;
const IMP_FLOZ = 28.4130625;

// A table, one unit and its spellings per entry: kept as written rather than one word per line.
// prettier-ignore
const UNIT_DEFS: UnitDef[] = [
  // volume, US customary and shared
  u('teaspoon', 'volume', 'us', 4.92892159375, 'teaspoons', 'tsp', ['tsp', 'tsps', 'tspn', 'ts', 'teasp', 'teaspoonful', 'teaspoonfuls', 'tea spoon', 'tea spoons',
    'cc', 'càc', 'c à c', 'c a c', 'cuillère à café', 'cuillères à café', 'cuillere a cafe', 'cuil à café', 'c à café', 'c. à café',
    'tl', 'theelepel', 'theelepels', 'theel', 'thl', 'tln', 'teelöffel', 'teeloffel', 'tesked', 'teskedar', 'tsk', 'teskefuld', 'teskefulde', 'ske',
    'colher de chá', 'colheres de chá', 'colher chá', 'c chá', 'cdc', 'łyżeczka', 'łyżeczki', 'łyżeczek', 'lyzeczka', 'cucchiaino', 'cucchiaini',
    'kk', 'kávéskanál', 'kávéskanálnyi', 'teáskanál', 'tk', 'cucharadita', 'cucharaditas', 'cdta', 'cdita', 'cucharillas', 'cucharilla'],
  ['t']),
  u('tablespoon', 'volume', 'us', 14.78676478125, 'tablespoons', 'tbsp', ['tbsp', 'tbsps', 'tbs', 'tbl', 'tbls', 'tblsp', 'tblspn', 'tb', 'tbspn', 'tablesp', 'tablespoonful', 'tablespoonfuls', 'table spoon', 'table spoons',
    'cs', 'càs', 'c à s', 'c a s', 'cuillère à soupe', 'cuillères à soupe', 'cuillere a soupe', 'cuil à soupe', 'c à soupe', 'cuillerée à soupe', 'cuillerées à soupe',
    'el', 'eetlepel', 'eetlepels', 'eetl', 'essl', 'esslöffel', 'essloffel', 'matsked', 'matskedar', 'msk', 'spiseskefuld', 'spiseskefulde', 'spsk',
    'colher de sopa', 'colheres de sopa', 'colher sopa', 'c sopa', 'cds', 'łyżka', 'łyżki', 'łyżek', 'lyzka', 'cucchiaio', 'cucchiai',
    'ek', 'evőkanál', 'evokanal', 'evőkanálnyi', 'cucharada', 'cucharadas', 'cda', 'cdas'],
  ['T', 'Tb', 'TB']),
  u('dessertspoon', 'volume', 'imperial', 10, 'dessertspoons', 'dsp', ['dsp', 'dssp', 'dstspn', 'dessert spoon', 'dessertspoonful']),
  u('cup', 'volume', 'us', US_CUP, 'cups', 'c', ['c', 'cp', 'cups', 'cupful', 'cupfuls', 'us cup', 'tasse', 'tasses', 't', 'kopje', 'kopjes', 'kop', 'xícara', 'xícaras', 'xicara', 'xicaras', 'xíc',
    'szklanka', 'szklanki', 'szklanek', 'tazza', 'tazze', 'bögre', 'taza', 'tazas', 'kopper']),
  u('fluid ounce', 'volume', 'us', US_FLOZ, 'fluid ounces', 'fl oz', ['fl oz', 'floz', 'fl ozs', 'fluid oz', 'fl ounce', 'fl ounces', 'fluid ounces', 'fl', 'fl-oz']),
  u('pint', 'volume', 'us', 2 * US_CUP, 'pints', 'pt', ['pt', 'pts', 'pint', 'us pint']),
  u('quart', 'volume', 'us', 4 * US_CUP, 'quarts', 'qt', ['qt', 'qts', 'quart']),
  u('gallon', 'volume', 'us', 16 * US_CUP, 'gallons', 'gal', ['gal', 'gals']),
  u('imperial fluid ounce', 'volume', 'imperial', IMP_FLOZ, 'imperial fluid ounces', 'imp fl oz', ['imp fl oz', 'uk fl oz']),
  u('imperial pint', 'volume', 'imperial', 20 * IMP_FLOZ, 'imperial pints', 'imp pt', ['imp pt', 'uk pint', 'uk pints', 'imp pint']),
  u('imperial quart', 'volume', 'imperial', 40 * IMP_FLOZ, 'imperial quarts', 'imp qt', ['imp qt', 'uk quart']),
  u('imperial gallon', 'volume', 'imperial', 160 * IMP_FLOZ, 'imperial gallons', 'imp gal', ['imp gal', 'uk gallon']),
  // volume, metric
  u('milliliter', 'volume', 'metric', 1, 'milliliters', 'ml', ['ml', 'mls', 'mL', 'millilitre', 'millilitres', 'milliliters', 'milliliter', 'millilitro', 'millilitri', 'mililitro', 'mililitros', 'mililitr', 'mililitrów', 'milliliter', 'milliliters', 'millilítre', 'cm3', 'cc3']),
  u('centiliter', 'volume', 'metric', 10, 'centiliters', 'cl', ['cl', 'cls', 'centilitre', 'centilitres', 'centiliters', 'centilitro', 'centilitri']),
  u('deciliter', 'volume', 'metric', 100, 'deciliters', 'dl', ['dl', 'dls', 'decilitre', 'decilitres', 'deciliters', 'decilitro', 'decilitri']),
  u('liter', 'volume', 'metric', 1000, 'liters', 'l', ['l', 'lt', 'ltr', 'ltrs', 'litre', 'litres', 'liters', 'litro', 'litros', 'litri', 'litr', 'litry', 'litrów', 'liter', 'literes']),
  // mass
  u('milligram', 'mass', 'metric', 0.001, 'milligrams', 'mg', ['mg', 'mgs', 'milligramme', 'milligrammes', 'milligrams', 'miligramo', 'miligramos']),
  u('gram', 'mass', 'metric', 1, 'grams', 'g', ['g', 'gr', 'grs', 'gm', 'gms', 'grm', 'grms', 'gramme', 'grammes', 'grams', 'gramm', 'gramo', 'gramos', 'grama', 'gramas', 'grammo', 'grammi', 'gram', 'gramów', 'gramy', 'gramm', 'gramos']),
  u('dekagram', 'mass', 'metric', 10, 'dekagrams', 'dkg', ['dkg', 'dag', 'dekagramm', 'dekagram', 'dekagramów', 'deka']),
  u('kilogram', 'mass', 'metric', 1000, 'kilograms', 'kg', ['kg', 'kgs', 'kilo', 'kilos', 'kilogramme', 'kilogrammes', 'kilograms', 'kilogramm', 'kilogramo', 'kilogramos', 'kilograma', 'kilogramas', 'chilo', 'chilogrammo', 'chilogrammi', 'kilogramów']),
  u('ounce', 'mass', 'us', 28.349523125, 'ounces', 'oz', ['oz', 'ozs', 'ounce', 'onza', 'onzas', 'uncja', 'oncia']),
  u('pound', 'mass', 'us', 453.59237, 'pounds', 'lb', ['lb', 'lbs', 'pound', 'lb', 'libra', 'libras', 'livre', 'livres']),
  // length (sizes of pieces: "2.5cm/1in piece ginger")
  u('millimeter', 'other', 'metric', null, 'millimeters', 'mm', ['mm', 'millimetre', 'millimetres', 'millimeters']),
  u('centimeter', 'other', 'metric', null, 'centimeters', 'cm', ['cm', 'cms', 'centimetre', 'centimetres', 'centimeters', 'centímetro', 'centimetro', 'centimetri']),
  u('inch', 'other', 'us', null, 'inches', 'in', ['in', 'ins', 'inches', 'inch', '"', 'inch-thick', 'inch-long', 'inch-wide', 'inch-piece']),
  // count and informal units
  u('clove', 'count', null, null, 'cloves', null, ['clove', 'gousse', 'gousses', 'teen', 'teentje', 'teentjes', 'tenen', 'zehe', 'zehen', 'dente', 'dentes', 'spicchio', 'spicchi', 'ząbek', 'ząbki', 'ząbków', 'gerezd', 'klyfta', 'klyftor', 'diente', 'dientes', 'fed']),
  u('pinch', 'count', null, null, 'pinches', null, ['pinch', 'pinches', 'pincée', 'pincées', 'snufje', 'snuf', 'snufjes', 'prise', 'prisen', 'pitada', 'pitadas', 'szczypta', 'szczypty', 'pizzico', 'pizzichi', 'csipet', 'csipetnyi', 'nypa', 'pizca', 'pizcas', 'knivspids', 'knsp', 'krm', 'kryddmått']),
  u('dash', 'count', null, null, 'dashes', null, ['dash', 'dashes', 'trait', 'scheutje', 'schuss', 'chorrito', 'goccio']),
  u('drop', 'count', null, null, 'drops', null, ['drop', 'drops', 'goutte', 'gouttes', 'druppel', 'druppels', 'tropfen', 'gota', 'gotas', 'kropla', 'krople', 'goccia', 'gocce', 'csepp', 'droppe', 'droppar', 'dråbe', 'dråber']),
  u('splash', 'count', null, null, 'splashes', null, ['splash', 'splashes']),
  u('glug', 'count', null, null, 'glugs', null, ['glug', 'glugs']),
  u('drizzle', 'count', null, null, 'drizzles', null, ['drizzle']),
  u('dollop', 'count', null, null, 'dollops', null, ['dollop', 'dollops']),
  u('shake', 'count', null, null, 'shakes', null, ['shake', 'shakes']),
  u('sprig', 'count', null, null, 'sprigs', null, ['sprig', 'sprigs', 'brin', 'brins', 'takje', 'takjes', 'zweig', 'zweige', 'zweiglein', 'raminho', 'raminhos', 'gałązka', 'gałązki', 'rametto', 'rametti', 'ágacska', 'kvist', 'kvistar', 'ramita', 'ramitas', 'ramito', 'ramitos', 'kviste']),
  u('bunch', 'count', null, null, 'bunches', null, ['bunch', 'bunches', 'botte', 'bottes', 'bos', 'bosje', 'bosjes', 'bund', 'bunde', 'bündel', 'maço', 'maços', 'pęczek', 'pęczki', 'mazzo', 'mazzetto', 'mazzi', 'csokor', 'knippe', 'manojo', 'manojos', 'bundt', 'bundter']),
  u('handful', 'count', null, null, 'handfuls', null, ['handful', 'handfuls', 'poignée', 'poignées', 'handvol', 'handvoll', 'garść', 'manciata', 'manciate', 'marék', 'maréknyi', 'näve', 'puñado', 'puñados', 'håndfuld', 'punhado', 'punhados']),
  u('tin', 'count', null, null, 'tins', null, ['tin', 'tins']),
  u('can', 'count', null, null, 'cans', null, ['can', 'cans', 'boîte', 'boîtes', 'boite', 'blik', 'blikje', 'blikken', 'dose', 'dosen', 'lata', 'latas', 'puszka', 'puszki', 'lattina', 'barattolo', 'konzerv', 'doboz', 'burk', 'burkar', 'dåse', 'dåser']),
  u('jar', 'count', null, null, 'jars', null, ['jar', 'jars', 'pot', 'bocal', 'pot', 'potje', 'glas', 'gläser', 'frasco', 'frascos', 'słoik', 'słoiki', 'vasetto', 'üveg', 'tarro', 'tarros']),
  u('bottle', 'count', null, null, 'bottles', null, ['bottle', 'bottles', 'bouteille', 'fles', 'flasche', 'garrafa', 'butelka', 'bottiglia', 'botella', 'flaske', 'flaska']),
  u('package', 'count', null, null, 'packages', null, ['package', 'packages', 'pkg', 'pkgs', 'paquet', 'paquets', 'pak', 'pakje', 'pakjes', 'packung', 'pck', 'pacote', 'pacotes', 'opakowanie', 'opakowania', 'paczka', 'confezione', 'csomag', 'paket', 'förpackning', 'paquete', 'paquetes', 'pakke']),
  u('pack', 'count', null, null, 'packs', null, ['pack', 'packs']),
  u('packet', 'count', null, null, 'packets', null, ['packet', 'packets', 'päckchen', 'pkt']),
  u('sachet', 'count', null, null, 'sachets', null, ['sachet', 'sachets', 'zakje', 'zakjes', 'torebka', 'bustina', 'bustine', 'tasak', 'sobre', 'sobres']),
  u('bag', 'count', null, null, 'bags', null, ['bag', 'bags', 'pose', 'zak', 'beutel']),
  u('envelope', 'count', null, null, 'envelopes', null, ['envelope', 'envelopes']),
  u('box', 'count', null, null, 'boxes', null, ['box', 'boxes', 'doos', 'doosje', 'schachtel', 'caixa', 'pudełko', 'scatola', 'caja', 'æske']),
  u('carton', 'count', null, null, 'cartons', null, ['carton', 'cartons', 'brick', 'pak melk']),
  u('tub', 'count', null, null, 'tubs', null, ['tub', 'tubs', 'bakje', 'becher', 'kubek', 'vaschetta', 'tarrina']),
  u('tube', 'count', null, null, 'tubes', null, ['tube', 'tubes', 'tubetje', 'tubo']),
  u('punnet', 'count', null, null, 'punnets', null, ['punnet', 'punnets', 'barquette', 'schaal']),
  u('container', 'count', null, null, 'containers', null, ['container', 'containers']),
  u('block', 'count', null, null, 'blocks', null, ['block', 'blocks', 'bloc', 'blok', 'blokje', 'kostka']),
  u('cube', 'count', null, null, 'cubes', null, ['cube', 'cubes', 'würfel', 'cubo', 'cubetto', 'kocka']),
  u('ball', 'count', null, null, 'balls', null, ['ball', 'balls', 'boule', 'bol', 'kugel']),
  u('rack', 'count', null, null, 'racks', null, ['rack', 'racks']),
  u('wheel', 'count', null, null, 'wheels', null, ['wheel', 'wheels']),
  u('twist', 'count', null, null, 'twists', null, ['twist', 'twists']),
  u('bundle', 'count', null, null, 'bundles', null, ['bundle', 'bundles']),
  u('pair', 'count', null, null, 'pairs', null, ['pair', 'pairs']),
  u('piece', 'count', null, null, 'pieces', 'pc', ['piece', 'pieces', 'pc', 'pcs', 'pce', 'pièce', 'pièces', 'stuk', 'stuks', 'stück', 'stk', 'st', 'stücke', 'unidade', 'unidades', 'uds', 'sztuka', 'sztuki', 'szt', 'pezzo', 'pezzi', 'darab', 'db', 'styck', 'stycken', 'unidad', 'unidades', 'stykke', 'stykker']),
  u('chunk', 'count', null, null, 'chunks', null, ['chunk', 'chunks']),
  u('slice', 'count', null, null, 'slices', null, ['slice', 'slices', 'tranche', 'tranches', 'plak', 'plakje', 'plakjes', 'scheibe', 'scheiben', 'fatia', 'fatias', 'plaster', 'plastry', 'plasterek', 'fetta', 'fette', 'szelet', 'skiva', 'skivor', 'rebanada', 'rebanadas', 'rodaja', 'rodajas', 'skive', 'skiver']),
  u('stick', 'count', null, null, 'sticks', null, ['stick', 'sticks', 'bâton', 'bâtons', 'stokje', 'stange', 'stangen', 'pau', 'laska', 'laski', 'stecca', 'rúd', 'stång', 'rama', 'stang']),
  u('rib', 'count', null, null, 'ribs', null, ['rib', 'ribs']),
  u('branch', 'count', null, null, 'branches', null, ['branch', 'branches', 'branche']),
  u('spear', 'count', null, null, 'spears', null, ['spear', 'spears']),
  u('stalk', 'count', null, null, 'stalks', null, ['stalk', 'stalks', 'stengel', 'stengels', 'stiel', 'talo', 'łodyga', 'gambo', 'gambi', 'szár', 'stjälk', 'tallo', 'tallos', 'stilk', 'stilke']),
  u('head', 'count', null, null, 'heads', null, ['head', 'heads', 'tête', 'têtes', 'krop', 'kopf', 'köpfe', 'cabeça', 'główka', 'główki', 'cespo', 'fej', 'huvud', 'cabeza', 'cabezas', 'hoved']),
  u('leaf', 'count', null, null, 'leaves', null, ['leaf', 'leaves', 'feuille', 'feuilles', 'blad', 'blaadje', 'blaadjes', 'blatt', 'blätter', 'folha', 'folhas', 'liść', 'liście', 'foglia', 'foglie', 'levél', 'hoja', 'hojas']),
  u('sheet', 'count', null, null, 'sheets', null, ['sheet', 'sheets', 'feuille de', 'vel', 'vellen', 'arkusz', 'foglio', 'fogli', 'lámina', 'láminas']),
  u('bulb', 'count', null, null, 'bulbs', null, ['bulb', 'bulbs', 'bulbe', 'knol', 'knolle', 'bulbo', 'bulbos']),
  u('knob', 'count', null, null, 'knobs', null, ['knob', 'knobs', 'noisette', 'klontje', 'nuss', 'nocciola']),
  u('rasher', 'count', null, null, 'rashers', null, ['rasher', 'rashers']),
  u('strip', 'count', null, null, 'strips', null, ['strip', 'strips']),
  u('loaf', 'count', null, null, 'loaves', null, ['loaf', 'loaves']),
  u('ear', 'count', null, null, 'ears', null, ['ear', 'ears']),
  u('stem', 'count', null, null, 'stems', null, ['stem', 'stems']),
  u('pod', 'count', null, null, 'pods', null, ['pod', 'pods']),
  u('wedge', 'count', null, null, 'wedges', null, ['wedge', 'wedges']),
  u('thumb', 'count', null, null, 'thumbs', null, ['thumb', 'thumbs', 'thumb-sized', 'thumb-size']),
  u('glass', 'count', null, null, 'glasses', null, ['glass', 'glasses', 'verre', 'verres', 'glas', 'glazen', 'copo', 'copos', 'bicchiere', 'bicchieri', 'pohár', 'vaso', 'vasos']),
  u('scoop', 'count', null, null, 'scoops', null, ['scoop', 'scoops']),
  u('shot', 'count', null, null, 'shots', null, ['shot', 'shots', 'jigger', 'jiggers']),
  u('recipe', 'count', null, null, 'recipes', null, ['recipe', 'recipes', 'quantity']),
  u('batch', 'count', null, null, 'batches', null, ['batch', 'batches']),
  u('dozen', 'count', null, null, 'dozens', 'doz', ['doz', 'dozen', 'dozens']),
  u('to taste', 'other', null, null, 'to taste', null, ['qb', 'q b', 'quanto basta', 'naar smaak', 'nach geschmack', 'à gosto', 'a gosto', 'al gusto', 'efter smag', 'efter smak', 'ízlés szerint', 'do smaku']),
];

const BY_NAME = new Map<string, UnitDef>();
const SPELLINGS = new Map<string, string>();
const CASE_SENSITIVE = new Map<string, string>();

/** Folds a spelling for lookup: lower case, dots dropped, whitespace collapsed. */
function fold(s: string): string {
  return s.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
}

for (const def of UNIT_DEFS) {
  // Entries that only rename another (sachet, fillet) must not steal its spellings.
  if (!BY_NAME.has(def.name)) BY_NAME.set(def.name, def);
  for (const s of [def.name, def.singular, def.plural, ...(def.abbreviation ? [def.abbreviation] : []), ...def.spellings]) {
    const key = fold(s);
    if (key && !SPELLINGS.has(key)) SPELLINGS.set(key, def.name);
  }
  for (const s of def.caseSensitive ?? []) CASE_SENSITIVE.set(s, def.name);
}
// 't' is teaspoon (and 'T' tablespoon) in English recipes; 't' for tasse is French only and rare.
SPELLINGS.set('t', 'teaspoon');
SPELLINGS.set('cs', 'tablespoon');

/** Every canonical unit, in table order. */
export const UNITS: readonly UnitInfo[] = [...BY_NAME.values()].map(({ spellings: _s, caseSensitive: _c, ...info }) => info);

/**
 * The canonical unit name for a spelling ('tbsp', 'Tbsp.', 'tablespoons', 'EL', 'c. à soupe'
 * → 'tablespoon'), or null when it is not a unit the table knows.
 */
export function canonicalUnit(spelling: string): string | null {
  const raw = spelling.trim();
  if (!raw) return null;
  const exact = CASE_SENSITIVE.get(raw.replace(/\.$/, ''));
  if (exact) return exact;
  const key = fold(raw);
  const hit = SPELLINGS.get(key);
  if (hit) return hit;
  // Plurals not listed: 'punnets', 'wedges', 'bunches'.
  if (key.length > 3) {
    for (const stem of [key.replace(/es$/, ''), key.replace(/s$/, '')]) {
      if (stem !== key && SPELLINGS.has(stem)) return SPELLINGS.get(stem) ?? null;
    }
  }
  return null;
}

/** The table entry for a canonical name (or any spelling of it), or null. */
export function unitInfo(name: string): UnitInfo | null {
  const canonical = BY_NAME.has(name) ? name : canonicalUnit(name);
  const def = canonical ? BY_NAME.get(canonical) : undefined;
  if (!def) return null;
  const { spellings: _s, caseSensitive: _c, ...info } = def;
  return info;
}

/** True when the folded spelling is a unit: used by the tokenizer and the tagger's features. */
export function isUnitSpelling(spelling: string): boolean {
  return canonicalUnit(spelling) !== null;
}

/** The longest number of words any multi-word spelling has ('cuillère à soupe' is 3). */
export const MAX_UNIT_WORDS = Math.max(...[...SPELLINGS.keys()].map((k) => k.split(' ').length));
