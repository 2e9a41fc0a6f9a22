import { checkSync } from 'recheck';
const pats = [
 [String.raw`^(?:[\d½¼¾⅓⅔⅛⅜⅝⅞]|an?\s|one\s|two\s|q\.?b\.?|un[ea]?\s|ein[e]?\s|une?\s)`, 'i'],
 [String.raw`\d\s*(?:(?:g|kg|mg|ml|cl|dl|l|oz|lbs?|cups?|tbsps?|tsps?|tablespoons?|teaspoons?|ounces?|pounds?|grams?|grammes?|gramas?|grammi|cuill[eè]res?|c\.?\s?à\s?[sc]|el|tl|stk|st[üu]ck|prisen?|pinch(?:es)?|cloves?|dentes?|colheres?|x[íi]caras?|sachets?|cans?|packages?|sticks?|slices?)\b|łyżk|łyżecz|szklank)`, 'i'],
 [String.raw`\d\s?(?:g|kg)\b`, 'i'],
 [String.raw`\d(?:g|kg)\b`, 'i'],
 [String.raw`^([^:：\d]{2,30})[:：]?\s*(.*)$`, ''],
 [String.raw`^\s*P\d|^\s*PT`, 'i'],
 [String.raw`(\d+(?:[.,]\d+)?)\s*([a-zà-ÿąćęłńóśźż]+)?\.?`, 'gi'],
];
for (const [p,f] of pats) { const r = checkSync(p,f); console.log(r.status, r.complexity?.summary, r.hotspot?.map(h=>p.slice(h.start,h.end)).join(' | '), p.slice(0,60)); }
