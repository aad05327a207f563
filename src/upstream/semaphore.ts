// A counting semaphore with a FIFO queue: caps how many requests to Panther are in flight at once.

/** Gives the slot back; calling it more than once has no further effect. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

export class Semaphore {
  private inUse = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  }

  /** Slots taken right now. */
  get active(): number {
    return this.inUse;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** A free slot taken now, or undefined when all are taken (then `acquire` queues for one). */
  tryAcquire(): Release | undefined {
    if (this.inUse >= this.limit) return undefined;
    this.inUse += 1;
    return this.releaser();
  }

  /**
   * Waits for a free slot, first come first served. If `signal` aborts while waiting, the caller
   * leaves the queue at once and the promise rejects with the signal's reason.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const free = this.tryAcquire();
    if (free) return Promise.resolve(free);
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      // The slot passes straight to the next waiter, so the count stays the same.
      if (next) next.grant(this.releaser());
      else this.inUse -= 1;
    };
  }
}
