/**
 * Tracks tool calls in flight so shutdown can stop taking calls, wait for the running ones within
 * a grace period, and then abort what is left.
 */
export class Lifecycle {
  private inflight = 0;
  private waiters: (() => void)[] = [];
  private readonly abort = new AbortController();
  draining = false;

  /** Aborted when shutdown gives up waiting; every call's signal follows it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get callsInFlight(): number {
    return this.inflight;
  }

  /** Marks a call as started; the returned function marks it finished. */
  begin(): () => void {
    this.inflight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
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
    this.abort.abort();
    await this.idle(settleMs);
    return { aborted };
  }
}
