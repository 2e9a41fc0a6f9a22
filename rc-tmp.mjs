import { checkSync } from 'recheck';
const ps = [
 String.raw`^(?:prep(?:aration)?(?:\s+time)?|préparation)$`,
 String.raw`^(?:temps de préparation|préparation|vorbereitung|zubereitungszeit|arbeitszeit|tiempo de preparación|preparación|tempo de preparo|tempo di preparazione|preparazione|przygotowanie|voorbereiding)$`,
 String.raw`^(?:prep(?:aration)?(?: time)?|temps de préparation|préparation|vorbereitung|zubereitungszeit|arbeitszeit|tiempo de preparación|preparación|tempo de preparo|tempo di preparazione|preparazione|przygotowanie|voorbereiding)$`,
];
for (const p of ps) { const t = Date.now(); const r = checkSync(p, 'i', { timeout: 60000 }); console.log(r.status, r.checker, Date.now() - t, 'ms', p.slice(0,40)); }
