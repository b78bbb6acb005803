import assert from 'node:assert/strict';
import { RateLimiter, TEAMS_THREAD_WINDOWS, type RateWindow } from '../../bot/src/delivery/limiter';
import { seededRandom } from '../support/fake-connector';

interface Send {
  readonly conversationId: string;
  readonly at: number;
}

/**
 * Independent check: for each window, no span of `windowMs` holds more than `limit` sends.
 * Counting at every send time is enough, since counts only rise at a send.
 */
function violations(
  sends: readonly Send[],
  windows: readonly RateWindow[],
  key: (s: Send) => string,
): string[] {
  const groups = new Map<string, number[]>();
  for (const s of sends) {
    const list = groups.get(key(s)) ?? [];
    list.push(s.at);
    groups.set(key(s), list);
  }
  const out: string[] = [];
  for (const [k, times] of groups) {
    times.sort((a, b) => a - b);
    for (const w of windows) {
      let lo = 0;
      for (let hi = 0; hi < times.length; hi++) {
        while ((times[lo] ?? 0) <= (times[hi] ?? 0) - w.windowMs) lo++;
        if (hi - lo + 1 > w.limit) {
          out.push(`${k}: ${hi - lo + 1} sends within ${w.windowMs} ms at ${times[hi]}`);
          break;
        }
      }
    }
  }
  return out;
}

/** A recorded-style trace: bursts to a few busy threads and a crowd of personal chats. */
function trace(seed: number): Send[] {
  const random = seededRandom(seed);
  const out: Send[] = [];
  // 9.00: a burst of 2,000 personal reminders and channel posts within the same second.
  for (let i = 0; i < 2000; i++)
    out.push({ conversationId: `a:user-${i}`, at: 9 * 3_600_000 + Math.floor(random() * 1000) });
  // Busy channel threads hammered for two hours, in clumps.
  for (let i = 0; i < 5000; i++) {
    const thread = `19:thread-${Math.floor(random() * 4)}@thread.tacv2`;
    const clump = Math.floor(random() * 240) * 30_000;
    out.push({ conversationId: thread, at: 9 * 3_600_000 + clump + Math.floor(random() * 3_000) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** A min-heap of pending asks by time, then arrival order. */
class Asks {
  private readonly items: { at: number; seq: number; conversationId: string }[] = [];
  get size(): number {
    return this.items.length;
  }
  private less(i: number, j: number): boolean {
    const a = this.items[i];
    const b = this.items[j];
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  private swap(i: number, j: number): void {
    [this.items[i], this.items[j]] = [this.items[j], this.items[i]];
  }
  push(item: { at: number; seq: number; conversationId: string }): void {
    this.items.push(item);
    for (let i = this.items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): { at: number; seq: number; conversationId: string } | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined || this.items.length === 0) return top;
    this.items[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.items.length && this.less(l, m)) m = l;
      if (r < this.items.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

/**
 * Replays requests through the limiter as the dispatcher uses it: sends to one conversation go
 * in order (the first in line asks), a refused ask waits as told and asks again.
 */
function replay(limiter: RateLimiter, requests: readonly Send[]): Send[] {
  const accepted: Send[] = [];
  const lines = new Map<string, Send[]>();
  for (const r of requests)
    lines.set(r.conversationId, [...(lines.get(r.conversationId) ?? []), r]);
  const asks = new Asks();
  let seq = 0;
  for (const line of lines.values()) {
    line.sort((a, b) => a.at - b.at);
    const head = line[0];
    asks.push({ at: head.at, seq: seq++, conversationId: head.conversationId });
  }
  let count = 0;
  while (asks.size) {
    const next = asks.pop()!;
    assert.ok(++count < 2_000_000, 'the replay does not end');
    const wait = limiter.tryTake(next.conversationId, next.at);
    if (wait > 0) {
      assert.ok(Number.isFinite(wait), `wait ${wait}`);
      asks.push({ ...next, at: next.at + wait });
      continue;
    }
    accepted.push({ conversationId: next.conversationId, at: next.at });
    const line = lines.get(next.conversationId)!;
    line.shift();
    const following = line[0];
    if (following)
      asks.push({
        at: Math.max(following.at, next.at),
        seq: seq++,
        conversationId: following.conversationId,
      });
  }
  return accepted;
}

describe('delivery: rate limiter', () => {
  const tenant: RateWindow[] = [{ limit: 30, windowMs: 1_000 }];

  it('replays a recorded trace with no per-thread or tenant window ever exceeded', () => {
    const requests = trace(42);
    const limiter = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant });
    const accepted = replay(limiter, requests);
    assert.equal(accepted.length, requests.length, 'every send goes out in the end');
    assert.deepEqual(
      violations(accepted, TEAMS_THREAD_WINDOWS, (s) => s.conversationId),
      [],
    );
    assert.deepEqual(
      violations(accepted, tenant, () => 'tenant'),
      [],
    );
    // The checker itself can fail: the raw trace breaks the windows.
    assert.ok(violations(requests, TEAMS_THREAD_WINDOWS, (s) => s.conversationId).length > 0);
    assert.ok(violations(requests, tenant, () => 'tenant').length > 0);
  });

  it('keeps the tenant ceiling busy: 2,000 sends at 30/s take 66.7 s, not more', () => {
    const limiter = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant });
    const requests = Array.from({ length: 2000 }, (_, i) => ({ conversationId: `a:${i}`, at: 0 }));
    const accepted = replay(limiter, requests);
    const last = Math.max(...accepted.map((s) => s.at));
    // 30 at t = 0, 30 at t = 1 s, …: the 2,000th goes at 66 s.
    assert.equal(last, 66_000);
  });

  it('lets exactly 7 through in a second, the 8th at 1 s, the 9th at 2 s for one thread', () => {
    const limiter = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant: [] });
    const accepted = replay(
      limiter,
      Array.from({ length: 9 }, () => ({ conversationId: 't', at: 0 })),
    );
    assert.deepEqual(
      accepted.map((s) => s.at),
      [0, 0, 0, 0, 0, 0, 0, 1000, 2000],
    );
  });

  it('holds one thread to 60 per 30 s and 1800 per hour when pushed continuously', () => {
    const limiter = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant: [] });
    const accepted = replay(
      limiter,
      Array.from({ length: 1900 }, () => ({ conversationId: 't', at: 0 })),
    );
    const inFirst30s = accepted.filter((s) => s.at < 30_000).length;
    assert.equal(inFirst30s, 60);
    const inFirstHour = accepted.filter((s) => s.at < 3_600_000).length;
    assert.equal(inFirstHour, 1800);
    assert.deepEqual(
      violations(accepted, TEAMS_THREAD_WINDOWS, () => 't'),
      [],
    );
  });

  it('keeps a thread closed until a Retry-After passes, without touching other threads', () => {
    const limiter = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant: [] });
    limiter.blockUntil('t', 5_000);
    assert.equal(limiter.waitMs('t', 1_000), 4_000);
    assert.equal(limiter.tryTake('other', 1_000), 0);
    assert.equal(limiter.tryTake('t', 5_000), 0);
  });

  it("counts a send at its answer, so varying travel times never overflow a window at Teams' end", () => {
    const random = seededRandom(9);
    const limiter = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant });
    // Eight workers sending to 600 chats and one busy thread; each request takes 2–120 ms to
    // arrive and as long again to be answered. Arrival is what Teams counts.
    const queue = Array.from({ length: 600 }, (_, i) => (i % 5 === 0 ? 'busy-thread' : `a:${i}`));
    const arrivals: Send[] = [];
    const workers = Array.from({ length: 8 }, () => ({ at: 0 }));
    while (queue.length) {
      const w = workers.reduce((a, b) => (b.at < a.at ? b : a));
      const id = queue[0] ?? '';
      const wait = limiter.tryTake(id, w.at);
      if (wait > 0) {
        w.at += wait;
        continue;
      }
      queue.shift();
      const travel = 2 + random() * 118;
      arrivals.push({ conversationId: id, at: w.at + travel });
      const answered = w.at + 2 * travel;
      limiter.settle(id, w.at, answered);
      w.at = answered;
    }
    assert.deepEqual(
      violations(arrivals, TEAMS_THREAD_WINDOWS, (s) => s.conversationId),
      [],
    );
    assert.deepEqual(
      violations(arrivals, tenant, () => 'tenant'),
      [],
    );
    // Without settling, the same travel times do overflow: the check has teeth.
    const naive = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant });
    const random2 = seededRandom(9);
    const naiveArrivals: Send[] = [];
    let t = 0;
    for (let i = 0; i < 600; i++) {
      const id = `a:${i}`;
      for (let wait = naive.tryTake(id, t); wait > 0; wait = naive.tryTake(id, t)) t += wait;
      naiveArrivals.push({ conversationId: id, at: t + (i % 50 === 0 ? 150 : 2 + random2() * 5) });
    }
    assert.ok(violations(naiveArrivals, tenant, () => 'tenant').length > 0);
  });

  it('adds the margin to every window', () => {
    const limiter = new RateLimiter({
      perConversation: [{ limit: 1, windowMs: 1_000 }],
      tenant: [],
      marginMs: 20,
    });
    assert.equal(limiter.tryTake('t', 0), 0);
    assert.equal(limiter.tryTake('t', 1_000), 20);
    assert.equal(limiter.tryTake('t', 1_020), 0);
  });

  it('counts sends it is told of (by an earlier leader) and forgets idle threads', () => {
    const limiter = new RateLimiter({ perConversation: TEAMS_THREAD_WINDOWS, tenant: [] });
    for (let i = 0; i < 7; i++) limiter.record('t', 100 * i);
    assert.ok(limiter.waitMs('t', 700) > 0);
    limiter.record('u', 0);
    assert.equal(limiter.trackedConversations, 2);
    limiter.prune(3_600_000 + 700);
    assert.equal(limiter.trackedConversations, 0);
  });
});
