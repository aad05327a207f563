// What stops one attempt at a request to Panther: its own timeout, or the caller's signal (MCP
// cancellation, shutdown), whichever comes first.
import { EventEmitter } from "node:events";
import { whenAborted } from "../runtime/context.js";

/**
 * Stops one attempt. undici's `request` takes it as its signal (undici accepts an EventEmitter that
 * emits "abort" and has `aborted`): on Node 20 an AbortController per attempt plus a signal joining
 * it to the caller's, each with listeners, cost several times what the rest of the request core
 * does per call. A fetch function, which needs a real AbortSignal, gets one from `abortSignal`.
 *
 * The timer and the hook on the caller's signal (whenAborted) live exactly as long as the attempt: `end()`
 * removes both, however the attempt ended, so nothing of the call (its context, signal, error or MCP
 * server) is held by a timer after it. Like AbortSignal.timeout, the timer alone does not keep the
 * process alive.
 */
export class AttemptStop extends EventEmitter {
  /** Read by undici: an attempt stopped before it starts is not sent. */
  aborted = false;
  private timedOut = false;
  private readonly timer: NodeJS.Timeout | undefined;
  private controller: AbortController | undefined;
  /** Stops following the caller's signal. */
  private readonly unfollow: (() => void) | undefined;

  constructor(
    timeoutMs: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    super();
    if (caller?.aborted) {
      this.aborted = true;
      return;
    }
    this.unfollow = caller && whenAborted(caller, this.stop);
    this.timer = setTimeout(this.onTimeout, timeoutMs).unref();
  }

  /** Why the attempt was stopped, if it was: the caller's cancellation wins over the timeout. */
  get cause(): "cancelled" | "timeout" | undefined {
    return this.caller?.aborted ? "cancelled" : this.timedOut ? "timeout" : undefined;
  }

  /** An AbortSignal that follows this stop, for a fetch function (made on first use). */
  get abortSignal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** Clears the timer and the listener on the caller's signal. */
  end(): void {
    clearTimeout(this.timer);
    this.unfollow?.();
  }

  private readonly onTimeout = (): void => {
    this.timedOut = true;
    this.stop();
  };

  private readonly stop = (): void => {
    if (this.aborted) return;
    this.aborted = true;
    this.end();
    this.controller?.abort();
    this.emit("abort");
  };
}
