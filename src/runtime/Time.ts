/**
 * ROS time: a point in time as integer nanoseconds (bigint, no rounding), convertible to and
 * from `builtin_interfaces/msg/Time` `{ sec, nanosec }`.
 */
import type { builtin_interfaces } from '../messages/types.generated.ts';

const NS_PER_SEC = 1_000_000_000n;

export class Time {
  constructor(readonly nanoseconds: bigint) {}

  static fromMsg(msg: builtin_interfaces.msg.Time): Time {
    return new Time(BigInt(msg.sec) * NS_PER_SEC + BigInt(msg.nanosec));
  }

  static fromSeconds(seconds: number): Time {
    return new Time(BigInt(Math.round(seconds * 1e9)));
  }

  get seconds(): number {
    return Number(this.nanoseconds) / 1e9;
  }

  toMsg(): builtin_interfaces.msg.Time {
    const sec = this.nanoseconds / NS_PER_SEC;
    let nanosec = this.nanoseconds % NS_PER_SEC;
    let wholeSec = sec;
    if (nanosec < 0n) {
      nanosec += NS_PER_SEC;
      wholeSec -= 1n;
    }
    return { sec: Number(wholeSec), nanosec: Number(nanosec) };
  }

  add(nanoseconds: bigint): Time {
    return new Time(this.nanoseconds + nanoseconds);
  }
}

/** Wall time now, from the process' high-resolution clock anchored to the epoch. */
let wallAnchorNs: bigint | undefined; // set on first use: the viewer's page imports this module without a process
export function wallTimeNs(): bigint {
  wallAnchorNs ??= BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return wallAnchorNs + process.hrtime.bigint();
}
