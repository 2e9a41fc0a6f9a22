/**
 * Route schemas compiled when first used instead of at start-up. Compiling every route's
 * validators (Ajv) and response serializers (fast-json-stringify) was a third of the CPU from
 * launch to the first answer of /health. Once the server listens, what is still uncompiled is
 * compiled in the background a slice at a time, so the first request of a route rarely pays for
 * it and a request that arrives meanwhile waits at most one slice.
 */

/** A compiled validator or serializer: a function, and for a validator the errors of its last call. */
type Compiled = ((...args: never[]) => unknown) & { errors?: unknown };

export class DeferredCompilation {
  private readonly pending = new Set<() => unknown>();
  private warming = false;

  /** A function that compiles on its first call (or when warmed) and then behaves as the compiled one. */
  defer<F extends Compiled>(compile: () => F): F {
    let compiled: F | undefined;
    const ensure = (): F => {
      if (!compiled) {
        compiled = compile();
        this.pending.delete(ensure);
      }
      return compiled;
    };
    this.pending.add(ensure);
    const deferred = ((...args: Parameters<F>) => {
      const fn = ensure();
      const out = fn(...args);
      // Fastify reads a validator's errors from the function it was given, after calling it.
      deferred.errors = fn.errors;
      return out;
    }) as unknown as F;
    return deferred;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Compiles everything still pending now (tests use it to find a broken schema at once). */
  compileAll(): void {
    for (const ensure of [...this.pending]) ensure();
  }

  /**
   * Compiles what is pending in slices of about `sliceMs`, yielding to the event loop between
   * them. A schema that fails to compile is reported once and left for its first request, which
   * then fails as it would have at start-up.
   */
  warm(onError: (err: unknown) => void, sliceMs = 10): void {
    if (this.warming) return;
    this.warming = true;
    const step = () => {
      const until = performance.now() + sliceMs;
      for (const ensure of this.pending) {
        try {
          ensure();
        } catch (err) {
          this.pending.delete(ensure);
          onError(err);
        }
        if (performance.now() >= until) break;
      }
      if (this.pending.size > 0) setImmediate(step).unref();
      else this.warming = false;
    };
    setImmediate(step).unref();
  }
}
