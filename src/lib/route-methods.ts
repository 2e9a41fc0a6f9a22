/**
 * Which methods the app serves on a path, so a request with another method on a known path is
 * answered 405 with `Allow` (RFC 9110 15.5.6) instead of 404. Fed from Fastify's onRoute hook;
 * paths are matched segment by segment (`:param` is one non-empty segment, `*` the rest), the
 * route syntax this app uses, with no regular expression.
 */
interface Pattern {
  segments: string[];
  /** Ends in `*`: matches any rest of the path. */
  wildcard: boolean;
  methods: Set<string>;
}

export class RouteMethods {
  private readonly patterns = new Map<string, Pattern>();

  add(method: string | string[], url: string): void {
    let pattern = this.patterns.get(url);
    if (!pattern) {
      const segments = url.split('/');
      const wildcard = segments.at(-1) === '*';
      if (wildcard) segments.pop();
      pattern = { segments, wildcard, methods: new Set() };
      this.patterns.set(url, pattern);
    }
    for (const m of Array.isArray(method) ? method : [method]) pattern.methods.add(m.toUpperCase());
  }

  /**
   * The methods served on `path` (sorted), or null when no route but a catch-all (`*`, as the
   * CORS preflight route) matches it, i.e. the path itself is unknown.
   */
  methodsFor(path: string): string[] | null {
    // A route without parameters is the path itself: the router prefers it to any parametric
    // route that would also match (`/recipes/import` over `/recipes/:id`), so only its methods are served.
    const exact = this.patterns.get(path);
    if (exact && !exact.wildcard && !exact.segments.some((s) => s.startsWith(':'))) return [...exact.methods].sort();
    const parts = path.split('/');
    const methods = new Set<string>();
    let known = false;
    for (const p of this.patterns.values()) {
      if (!matches(p, parts)) continue;
      for (const m of p.methods) methods.add(m);
      if (p.segments.length > 1) known = true; // not the bare catch-all "*"
    }
    return known ? [...methods].sort() : null;
  }

  /**
   * Paths of routes without parameters that a parametric route of the same shape would also match,
   * with the methods only the parametric one serves: `/recipes/import` (POST) and `/recipes/:id`
   * (GET, PUT, DELETE) give `/recipes/import` with GET, HEAD, PUT, DELETE. For those methods the
   * router would hand `/recipes/import` to `/recipes/:id`, which then refuses `import` as an id;
   * the app registers a route answering 405 instead.
   */
  shadowed(): { path: string; methods: string[] }[] {
    const out: { path: string; methods: string[] }[] = [];
    const all = [...this.patterns.entries()];
    for (const [path, p] of all) {
      if (p.wildcard || p.segments.some((s) => s.startsWith(':'))) continue;
      const missing = new Set<string>();
      for (const [, q] of all) {
        if (q === p || q.wildcard || !q.segments.some((s) => s.startsWith(':')) || !matches(q, p.segments)) continue;
        for (const m of q.methods) if (!p.methods.has(m)) missing.add(m);
      }
      if (missing.size > 0) out.push({ path, methods: [...missing].sort() });
    }
    return out;
  }
}

function matches(p: Pattern, parts: string[]): boolean {
  if (p.wildcard ? parts.length <= p.segments.length : parts.length !== p.segments.length) return false;
  for (let i = 0; i < p.segments.length; i++) {
    const seg = p.segments[i]!;
    const part = parts[i]!;
    if (seg.startsWith(':') ? part === '' : seg !== part) return false;
  }
  return true;
}
