/**
 * Summaries of the terms that writes make common. The warm-up (summary-warmup.ts) builds the
 * summaries of the terms common in the data when it is loaded and at start; a term that becomes
 * common later, one recipe at a time, would otherwise be summarised only once a search of it
 * found it common, and that search (and those after it, until the build is done) would be
 * answered the bounded but slower way.
 *
 * So every saved recipe's food names (the terms `ingredient=` is searched for, as the warm-up
 * takes them) are noted, and about a second later, in the background, each noted term that is
 * not summarised yet is checked as a search would check it (at most TRACK_MIN_MATCHES matches
 * read); a common one is asked of the builder (summary-builder.ts). The check of a term
 * costs one bounded index read per round in which it was written; at most MAX_PER_ROUND terms a round.
 */
import type { Dialect, Db } from '../../../lib/db.js';
import type { SummaryBuilder } from './summary-builder.js';
import { findSummaryTerm, type SummaryTermIds } from './summary-terms.js';
import { commonTerm, foodNames, roomForSummaries } from './summary-warmup.js';

/** Terms noted at most, and checked at most per round (the most written first; the rest next time they are written). */
const MAX_NOTED = 2000;
const MAX_PER_ROUND = 200;

export interface WrittenTermsDeps {
  db: Db;
  dialect: Dialect;
  builder: Pick<SummaryBuilder, 'request' | 'pending'>;
  /** The summarised terms found so far (the search's own: a term it knows is not checked again). */
  summaryTerms?: SummaryTermIds;
  /** How long after a write the round runs (ms); by default a second, so the writes of a burst go together. */
  delayMs?: number;
  /** Told when a round failed (the terms are checked again when next written). */
  onError?: (err: unknown) => void;
}

export class WrittenTerms {
  /** Terms noted since the last round, with how many writes held them. */
  private readonly noted = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  readonly stats = { checked: 0, requested: 0 };

  constructor(private readonly deps: WrittenTermsDeps) {}

  /** A recipe was saved with these parsed ingredient lines (the row's `ingredient_lines`). */
  note(ingredientLines: string | null | undefined): void {
    if (this.closed) return;
    for (const term of foodNames(ingredientLines)) {
      const n = this.noted.get(term);
      if (n !== undefined || this.noted.size < MAX_NOTED) this.noted.set(term, (n ?? 0) + 1);
    }
    if (this.noted.size > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.round();
      }, this.deps.delayMs ?? 1000);
      this.timer.unref();
    }
  }

  /** Checks the terms noted so far, after any round already running; never rejects. */
  round(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        await this.check();
      } catch (err) {
        this.deps.onError?.(err);
      }
    });
    return this.running;
  }

  private async check(): Promise<void> {
    const { db, dialect, builder, summaryTerms } = this.deps;
    const terms = [...this.noted].sort((a, b) => b[1] - a[1]).slice(0, MAX_PER_ROUND);
    for (const [term] of terms) this.noted.delete(term);
    let room: boolean | undefined;
    for (const [term] of terms) {
      if (this.closed) return;
      const text = { term, columns: 'ingredients' as const };
      if (builder.pending(text) || (await findSummaryTerm(db, text, summaryTerms)) !== undefined) continue;
      // Room as for a search's request: the whole of it (the warm-up keeps to half).
      room ??= await roomForSummaries(db, dialect, 1);
      if (!room) return;
      this.stats.checked++;
      if (!(await commonTerm(db, dialect, text))) continue;
      this.stats.requested++;
      builder.request(text);
    }
  }

  /** Runs the round now rather than later and waits for it (tests, shutdown). */
  async idle(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.noted.size > 0 && !this.closed) await this.round();
    await this.running;
  }

  /** No more rounds; waits for one running. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
