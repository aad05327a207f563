// The pure parts of read retries: backoff, Retry-After, which failures retry, and the concurrency cap.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backoffMs, BACKOFF_BASE_MS, BACKOFF_CAP_MS, parseRetryAfter } from "../../src/upstream/backoff.js";
import { isRetryableNetworkCode, isRetryableStatus } from "../../src/upstream/policy.js";
import { Semaphore } from "../../src/upstream/semaphore.js";

describe("backoffMs", () => {
  test("the ceiling doubles per retry from the base and stops at the cap", () => {
    const top = () => 0.999999;
    assert.equal(backoffMs(0, top), Math.floor(0.999999 * BACKOFF_BASE_MS));
    assert.equal(backoffMs(1, top), Math.floor(0.999999 * BACKOFF_BASE_MS * 2));
    assert.equal(backoffMs(2, top), Math.floor(0.999999 * BACKOFF_BASE_MS * 4));
    assert.equal(backoffMs(10, top), Math.floor(0.999999 * BACKOFF_CAP_MS));
    assert.equal(backoffMs(60, top), Math.floor(0.999999 * BACKOFF_CAP_MS));
  });

  test("full jitter: anywhere from zero up to the ceiling", () => {
    assert.equal(
      backoffMs(3, () => 0),
      0,
    );
    assert.equal(
      backoffMs(3, () => 0.5),
      1000,
    );
    for (let i = 0; i < 200; i++) {
      const ms = backoffMs(4);
      assert.ok(ms >= 0 && ms < 4000, `${ms}`);
    }
  });

  test("base and cap can be chosen", () => {
    assert.equal(
      backoffMs(3, () => 0.5, 100, 500),
      250,
    );
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  test("delay in seconds", () => {
    assert.equal(parseRetryAfter("7", now), 7000);
    assert.equal(parseRetryAfter(" 0 ", now), 0);
    assert.equal(parseRetryAfter("120", now), 120_000);
  });

  test("an HTTP date, relative to now; a past date is zero", () => {
    assert.equal(parseRetryAfter("Sun, 01 Mar 2026 12:00:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("Sun, 01 Mar 2026 11:59:00 GMT", now), 0);
  });

  test("absent or unreadable values are undefined", () => {
    for (const value of [null, undefined, "", "soon", "-3", "1.5", "Sunday, never"]) {
      assert.equal(parseRetryAfter(value, now), undefined, String(value));
    }
  });
});

describe("retry policy", () => {
  test("only 429 and the gateway-ish 5xx retry", () => {
    for (const status of [429, 502, 503, 504]) assert.equal(isRetryableStatus(status), true, `${status}`);
    for (const status of [400, 401, 403, 404, 409, 500, 501]) assert.equal(isRetryableStatus(status), false, `${status}`);
  });

  test("transient network failures retry; configuration mistakes do not", () => {
    for (const code of ["ECONNRESET", "ECONNREFUSED", "EPIPE", "UND_ERR_SOCKET", "ETIMEDOUT", "EAI_AGAIN"]) {
      assert.equal(isRetryableNetworkCode(code), true, code);
    }
    for (const code of ["ENOTFOUND", "ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]) {
      assert.equal(isRetryableNetworkCode(code), false, code);
    }
  });
});

describe("Semaphore", () => {
  test("grants up to the limit at once, then queues first come first served", async () => {
    const sem = new Semaphore(2);
    const a = await sem.acquire();
    const b = await sem.acquire();
    assert.equal(sem.active, 2);
    const order: string[] = [];
    const c = sem.acquire().then((release) => (order.push("c"), release));
    const d = sem.acquire().then((release) => (order.push("d"), release));
    await Promise.resolve();
    assert.equal(sem.waiting, 2);
    assert.deepEqual(order, []);
    b();
    const releaseC = await c;
    assert.deepEqual(order, ["c"]);
    a();
    const releaseD = await d;
    assert.deepEqual(order, ["c", "d"]);
    assert.equal(sem.active, 2);
    releaseC();
    releaseD();
    assert.equal(sem.active, 0);
    assert.equal(sem.waiting, 0);
  });

  test("releasing twice gives back only one slot", async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    release();
    release();
    assert.equal(sem.active, 0);
    const again = await sem.acquire();
    assert.equal(sem.active, 1);
    const queued = sem.acquire();
    release();
    assert.equal(sem.waiting, 1, "a stale release must not hand over the slot");
    again();
    (await queued)();
    assert.equal(sem.active, 0);
  });

  test("a waiter whose signal aborts leaves the queue at once", async () => {
    const sem = new Semaphore(1);
    const hold = await sem.acquire();
    const controller = new AbortController();
    const cancelled = sem.acquire(controller.signal);
    const next = sem.acquire();
    assert.equal(sem.waiting, 2);
    controller.abort(new Error("gone"));
    await assert.rejects(cancelled, /gone/);
    assert.equal(sem.waiting, 1);
    hold();
    (await next)();
    assert.equal(sem.active, 0);
  });

  test("an already aborted signal never takes a slot", async () => {
    const sem = new Semaphore(1);
    await assert.rejects(sem.acquire(AbortSignal.abort(new Error("late"))), /late/);
    assert.equal(sem.active, 0);
  });

  test("the limit must be a positive integer", () => {
    assert.throws(() => new Semaphore(0), RangeError);
    assert.throws(() => new Semaphore(1.5), RangeError);
  });
});
