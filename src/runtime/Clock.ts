/**
 * A node's clock: wall time, or simulated time from `/clock` when the node's `use_sim_time`
 * parameter is true (ROS 2 semantics: sim time is 0 until the first `/clock` message).
 */
import { Time, wallTimeNs } from './Time.ts';

export type ClockType = 'system_time' | 'ros_time';

export class Clock {
  #simTimeNs: bigint | undefined;
  #listeners: Array<() => void> = [];

  constructor(readonly type: ClockType = 'ros_time') {}

  get isSimTime(): boolean {
    return this.#simTimeNs !== undefined;
  }

  now(): Time {
    return new Time(this.nowNs());
  }

  nowNs(): bigint {
    return this.#simTimeNs ?? wallTimeNs();
  }

  /** Switches to simulated time (starting at 0) or back to wall time. */
  setSimTimeEnabled(enabled: 'sim' | 'wall'): void {
    if (this.type === 'system_time') return;
    this.#simTimeNs = enabled === 'sim' ? (this.#simTimeNs ?? 0n) : undefined;
  }

  /** Sets simulated time (from a `/clock` message); ignored while on wall time. */
  setSimTimeNs(nanoseconds: bigint): void {
    if (this.#simTimeNs === undefined) return;
    this.#simTimeNs = nanoseconds;
    for (const listener of this.#listeners) listener();
  }

  onJump(listener: () => void): void {
    this.#listeners.push(listener);
  }
}
