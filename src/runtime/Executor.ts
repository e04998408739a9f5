/**
 * A deterministic single-threaded executor. Work (subscription deliveries, service
 * requests, due timers) runs in arrival order; timers due at the same instant run in the
 * order they were created. Tests step it with `spinSome()`; programs call `spin()`, which
 * drains work on the event loop and wakes for wall-clock timers.
 *
 * A callback that throws (or whose promise rejects) is logged against its node and the
 * executor carries on: one faulty callback never takes the other nodes down.
 */
import type { Clock } from './Clock.ts';
import type { Logger } from './Logger.ts';

export interface Work {
  readonly label: string;
  readonly logger: Logger;
  run(): unknown;
}

export interface TimerEntry {
  readonly clock: Clock;
  readonly periodNs: bigint;
  readonly callback: () => unknown;
  readonly label: string;
  readonly logger: Logger;
  readonly order: number;
  nextDueNs: bigint;
  canceled: boolean;
}

export class Timer {
  /** @internal */
  constructor(readonly entry: TimerEntry) {}

  get periodNs(): bigint {
    return this.entry.periodNs;
  }

  isCanceled(): boolean {
    return this.entry.canceled;
  }

  cancel(): void {
    this.entry.canceled = true;
  }

  reset(): void {
    this.entry.canceled = false;
    this.entry.nextDueNs = this.entry.clock.nowNs() + this.entry.periodNs;
  }

  /** Nanoseconds until the next call (negative when overdue). */
  timeUntilNextCallNs(): bigint {
    return this.entry.nextDueNs - this.entry.clock.nowNs();
  }
}

/** Bound on work run by one `spinSome()`, so a callback that republishes forever is caught. */
const MAX_TASKS_PER_SPIN = 10_000_000;

export class Executor {
  readonly #queue: Work[] = [];
  #head = 0;
  readonly #timers: TimerEntry[] = [];
  #timerOrder = 0;
  #spinning = false;
  #immediatePending = false;
  #wallTimer: NodeJS.Timeout | undefined;
  #idleWaiters: Array<() => void> = [];

  enqueue(work: Work): void {
    this.#queue.push(work);
    if (this.#spinning) this.#wake();
  }

  createTimer(clock: Clock, periodNs: bigint, callback: () => unknown, label: string, logger: Logger): Timer {
    if (periodNs <= 0n) throw new Error(`timer '${label}': period must be positive, got ${periodNs} ns`);
    const entry: TimerEntry = {
      clock,
      periodNs,
      callback,
      label,
      logger,
      order: this.#timerOrder++,
      nextDueNs: clock.nowNs() + periodNs,
      canceled: false,
    };
    this.#timers.push(entry);
    clock.onJump(() => this.#spinning && this.#wake());
    if (this.#spinning) this.#wake();
    return new Timer(entry);
  }

  removeTimer(timer: Timer): void {
    timer.cancel();
    const index = this.#timers.indexOf(timer.entry);
    if (index >= 0) this.#timers.splice(index, 1);
  }

  get pendingCount(): number {
    return this.#queue.length - this.#head;
  }

  /** Runs due timers and all queued work, including work that this work produces. Returns tasks run. */
  spinSome(): number {
    let ran = 0;
    for (;;) {
      this.#enqueueDueTimers();
      if (this.#head >= this.#queue.length) break;
      while (this.#head < this.#queue.length) {
        const work = this.#queue[this.#head]!;
        this.#queue[this.#head++] = undefined as unknown as Work;
        this.#execute(work);
        if (++ran > MAX_TASKS_PER_SPIN)
          throw new Error(`executor did not go idle after ${MAX_TASKS_PER_SPIN} tasks`);
      }
      this.#queue.length = 0;
      this.#head = 0;
    }
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
    return ran;
  }

  /** Starts running work on the Node.js event loop until `stop()`. */
  spin(): void {
    this.#spinning = true;
    this.#wake();
  }

  stop(): void {
    this.#spinning = false;
    if (this.#wallTimer) clearTimeout(this.#wallTimer);
    this.#wallTimer = undefined;
  }

  get isSpinning(): boolean {
    return this.#spinning;
  }

  /** Resolves after the next `spinSome()` (useful to await delivery while spinning). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #execute(work: Work): void {
    try {
      const result = work.run();
      if (result instanceof Promise) {
        result.then(undefined, (error: unknown) => reportError(work, error));
      }
    } catch (error) {
      reportError(work, error);
    }
  }

  #enqueueDueTimers(): void {
    let due: TimerEntry[] | undefined;
    for (const entry of this.#timers) {
      if (entry.canceled) continue;
      const now = entry.clock.nowNs();
      if (now < entry.nextDueNs) continue;
      (due ??= []).push(entry);
      // Skip missed periods instead of firing a burst after a pause or a sim-time jump.
      const missed = (now - entry.nextDueNs) / entry.periodNs + 1n;
      entry.nextDueNs += missed * entry.periodNs;
    }
    if (!due) return;
    due.sort((a, b) => a.order - b.order);
    for (const entry of due) {
      this.#queue.push({ label: entry.label, logger: entry.logger, run: entry.callback });
    }
  }

  #wake(): void {
    if (this.#immediatePending) return;
    this.#immediatePending = true;
    setImmediate(() => {
      this.#immediatePending = false;
      if (!this.#spinning) return;
      this.spinSome();
      this.#armWallTimer();
    });
  }

  #armWallTimer(): void {
    if (this.#wallTimer) clearTimeout(this.#wallTimer);
    this.#wallTimer = undefined;
    let earliestMs = Infinity;
    for (const entry of this.#timers) {
      if (entry.canceled || entry.clock.isSimTime) continue;
      const ms = Number(entry.nextDueNs - entry.clock.nowNs()) / 1e6;
      earliestMs = Math.min(earliestMs, ms);
    }
    if (earliestMs === Infinity) return;
    this.#wallTimer = setTimeout(() => this.#wake(), Math.max(0, Math.ceil(earliestMs)));
  }
}

function reportError(work: Work, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  work.logger.error(`${work.label} threw; the node keeps running: ${detail}`);
}
