// A tool call's signal (linkSignals) and what follows it cheaply (whenAborted), and the lifecycle's
// abort of calls in flight: each path aborts, and nothing is called once unfollowed or ended.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Lifecycle } from "../../src/lifecycle.js";
import { linkSignals, whenAborted } from "../../src/runtime/context.js";

test("a linked signal aborts with its source, and runs each hook once", () => {
  const source = new AbortController();
  const linked = linkSignals(source.signal);
  const calls: string[] = [];
  whenAborted(linked.signal, () => calls.push("a"));
  const unfollow = whenAborted(linked.signal, () => calls.push("b"));
  unfollow();
  source.abort();
  assert.equal(linked.signal.aborted, true);
  linked.abort();
  assert.deepEqual(calls, ["a"], "the hook left out is not called; a second abort calls nothing again");
});

test("abort() aborts the linked signal and runs its hooks; unlink leaves the source without a listener", () => {
  const source = new AbortController();
  const linked = linkSignals(source.signal);
  let hooked = 0;
  whenAborted(linked.signal, () => (hooked += 1));
  linked.abort();
  assert.equal(linked.signal.aborted, true);
  assert.equal(hooked, 1);
  const other = linkSignals(source.signal);
  other.unlink();
  source.abort();
  assert.equal(other.signal.aborted, false, "unlinked: the source's abort no longer reaches it");
});

test("a signal made elsewhere is followed by a listener, removed by the returned function", () => {
  const own = new AbortController();
  let called = 0;
  const unfollow = whenAborted(own.signal, () => (called += 1));
  unfollow();
  own.abort();
  assert.equal(called, 0);
  const again = new AbortController();
  whenAborted(again.signal, () => (called += 1));
  again.abort();
  assert.equal(called, 1);
});

test("the lifecycle aborts the calls still running when the drain gives up, and only those", async () => {
  const lifecycle = new Lifecycle();
  const aborted: string[] = [];
  const endDone = lifecycle.begin(() => aborted.push("done"));
  lifecycle.begin(() => aborted.push("running"));
  endDone();
  const drained = await lifecycle.drain(10, 10);
  assert.deepEqual(drained, { aborted: 1 });
  assert.deepEqual(aborted, ["running"]);
  lifecycle.begin(() => aborted.push("late"));
  assert.deepEqual(aborted, ["running", "late"], "a call that begins after the abort is aborted at once");
});
