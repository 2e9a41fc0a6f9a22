/**
 * A request's child logger, made only when something is logged at an enabled level.
 *
 * Fastify gives every request a pino child bound to its request id. Making one serialises the
 * bindings through the redaction paths, which cost about 6% of a small authenticated request in
 * a CPU profile, although at the production level (warn) a successful request logs
 * nothing. This stands in for the child: a call at a disabled level returns at once; the first
 * call at an enabled level (or any use of `child`, `bindings` or a level change) makes the real
 * child with the same bindings and options, and every later call goes to it, so what is written
 * is exactly what the eager child would have written.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString } from 'pino';

/** The parts of a pino logger this needs (Fastify's own logger is a pino instance). */
type ParentLogger = FastifyBaseLogger & { isLevelEnabled?(level: string): boolean };

export class LazyChildLogger implements FastifyBaseLogger {
  #real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: ParentLogger,
    private readonly childBindings: Bindings,
    private readonly childOptions: ChildLoggerOptions,
  ) {}

  /** The real child, made on first need. */
  get real(): FastifyBaseLogger {
    return (this.#real ??= this.parent.child(this.childBindings, this.childOptions));
  }

  get level(): LevelWithSilentOrString {
    return this.#real ? this.#real.level : this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.real.level = level;
  }

  private enabled(level: Level): boolean {
    // Once made, the child decides (its level may have been changed); before, it has the parent's level.
    if (this.#real) return true;
    const parent = this.parent;
    return typeof parent.isLevelEnabled === 'function' ? parent.isLevelEnabled(level) : true;
  }

  fatal(...args: unknown[]): void {
    if (this.enabled('fatal')) (this.real.fatal as (...a: unknown[]) => void)(...args);
  }
  error(...args: unknown[]): void {
    if (this.enabled('error')) (this.real.error as (...a: unknown[]) => void)(...args);
  }
  warn(...args: unknown[]): void {
    if (this.enabled('warn')) (this.real.warn as (...a: unknown[]) => void)(...args);
  }
  info(...args: unknown[]): void {
    if (this.enabled('info')) (this.real.info as (...a: unknown[]) => void)(...args);
  }
  debug(...args: unknown[]): void {
    if (this.enabled('debug')) (this.real.debug as (...a: unknown[]) => void)(...args);
  }
  trace(...args: unknown[]): void {
    if (this.enabled('trace')) (this.real.trace as (...a: unknown[]) => void)(...args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }

  isLevelEnabled(level: string): boolean {
    const target = (this.#real ?? this.parent) as ParentLogger;
    return typeof target.isLevelEnabled === 'function' ? target.isLevelEnabled(level) : true;
  }

  bindings(): Bindings {
    const real = this.real as FastifyBaseLogger & { bindings?: () => Bindings };
    return typeof real.bindings === 'function' ? real.bindings() : { ...this.childBindings };
  }
}

/**
 * Fastify's `childLoggerFactory`: lazy children, except where a route asks for its own level or
 * serializers (then the child is made at once, as Fastify would).
 */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  if (opts.level !== undefined || opts.serializers !== undefined) return logger.child(bindings, opts);
  return new LazyChildLogger(logger, bindings, opts);
}
