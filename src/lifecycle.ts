/**
 * Tracks tool calls in flight so shutdown can stop taking calls, wait for the running ones within
 * a grace period, and then abort what is left.
 */
export class Lifecycle {
  private inflight = 0;
  private waiters: (() => void)[] = [];
  /** Set when shutdown gives up waiting: a call that begins after it is aborted at once. */
  private aborted = false;
  /** What aborts each call in flight that gave one (see begin). */
  private readonly aborters = new Set<() => void>();
  draining = false;

  get callsInFlight(): number {
    return this.inflight;
  }

  /**
   * Marks a call as started; the returned function marks it finished. `onAbort` runs if shutdown aborts
   * the call: a callback held here until the call ends, rather than a listener per call on a shared
   * signal (adding and removing one costs more than the rest of the bookkeeping of a call).
   */
  begin(onAbort?: () => void): () => void {
    this.inflight += 1;
    if (onAbort) {
      if (this.aborted) onAbort();
      else this.aborters.add(onAbort);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (onAbort) this.aborters.delete(onAbort);
      this.inflight -= 1;
      if (this.inflight === 0) this.waiters.splice(0).forEach((w) => w());
    };
  }

  /** Resolves true when no call is in flight, or false when `ms` pass first. */
  idle(ms: number): Promise<boolean> {
    if (this.inflight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Stop taking calls; wait up to `graceMs`; abort the rest and give them `settleMs` to clean up. */
  async drain(graceMs: number, settleMs = 6000): Promise<{ aborted: number }> {
    this.draining = true;
    if (await this.idle(graceMs)) return { aborted: 0 };
    const aborted = this.inflight;
    this.aborted = true;
    for (const abort of [...this.aborters]) abort();
    await this.idle(settleMs);
    return { aborted };
  }
}

/** What asks the process to stop: a signal, or the loss of the transport (stdin closed, stdout failed, …). */
export type StopCause = { signal: NodeJS.Signals } | { transport: string };

interface StopLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ShutdownOptions {
  lifecycle: Lifecycle;
  logger: StopLogger;
  graceMs: number;
  /** Runs as the shutdown starts, before the drain (e.g. stop accepting HTTP connections). */
  begin?: () => void;
  /**
   * When the transport is lost no new request can arrive: this waits (at most `ms`) until the
   * requests it already read are answered, before the drain starts refusing calls.
   */
  answerRead?: (ms: number) => Promise<unknown>;
  /** Runs after the drain: answer what finished, close transports, clients, the simulator. */
  close: () => Promise<void>;
  /** Extra fields for the final "stopped" log line. */
  details?: () => object;
  /** Longest `close` may take before the process exits anyway. */
  closeTimeoutMs?: number;
  /** Ends the process; by default process.exit. */
  exit?: (code: number) => void | Promise<void>;
}

/**
 * One shutdown per process, whatever asks for it. The first request starts the drain (stop taking
 * calls, let running ones finish within the grace period, abort the rest, close, exit 0). The loss of
 * the transport is not a signal: a client that closes stdin and then sends SIGTERM (as MCP clients
 * do after a short wait) lets the drain it started go on. Only a second signal exits at once, with
 * code 1 if calls were still running and 0 otherwise.
 */
export class Shutdown {
  private cause: StopCause | undefined;
  private signals = 0;
  private exiting = false;

  constructor(private readonly options: ShutdownOptions) {}

  stop(cause: StopCause): void {
    const { logger, lifecycle } = this.options;
    if ("signal" in cause) this.signals += 1;
    if (this.cause === undefined) {
      this.cause = cause;
      void this.run(cause);
      return;
    }
    if (!("signal" in cause)) return;
    if (this.signals < 2) {
      logger.info(
        { signal: cause.signal, callsInFlight: lifecycle.callsInFlight },
        "signal during shutdown: the drain goes on; a second signal exits at once",
      );
      return;
    }
    const code = lifecycle.callsInFlight > 0 ? 1 : 0;
    logger.warn({ signal: cause.signal, callsInFlight: lifecycle.callsInFlight }, "second shutdown request: exiting now");
    void this.exit(code);
  }

  private async run(cause: StopCause): Promise<void> {
    const { lifecycle, logger, graceMs } = this.options;
    const started = performance.now();
    const reason = "signal" in cause ? cause.signal : cause.transport;
    logger.info({ reason, callsInFlight: lifecycle.callsInFlight, graceMs }, "shutting down");
    this.options.begin?.();
    if ("transport" in cause) await this.options.answerRead?.(graceMs);
    const { aborted } = await lifecycle.drain(Math.max(0, graceMs - (performance.now() - started)));
    if (aborted) logger.warn({ aborted }, "calls still running after the grace period were aborted");
    const limit = this.options.closeTimeoutMs ?? 1500;
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      this.options.close().then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), limit))),
    ]);
    clearTimeout(timer);
    if (!closed) logger.warn({ closeTimeoutMs: limit }, "closing took too long; exiting anyway");
    logger.info({ ...this.options.details?.(), ms: Math.round(performance.now() - started) }, "stopped");
    await this.exit(0);
  }

  private async exit(code: number): Promise<void> {
    if (this.exiting && code === 0) return;
    this.exiting = true;
    if (this.options.exit) await this.options.exit(code);
    else process.exit(code);
  }
}
