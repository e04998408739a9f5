/**
 * Joint-space waypoints → a trajectory the joint trajectory controller accepts: each segment a
 * cubic that starts and ends at rest, lasting as long as its slowest joint needs at `speedScale`
 * of its velocity limit (a cubic's peak speed is 1.5× its mean).
 */
import type { UrdfJoint } from '../geometry/urdf.ts';

export interface TimedPoint {
  readonly positions: readonly number[];
  readonly velocities: readonly number[];
  /** Seconds from the trajectory's start. */
  readonly timeS: number;
}

const MIN_SEGMENT_S = 0.2;

export function timedPath(
  from: ArrayLike<number>,
  waypoints: readonly ArrayLike<number>[],
  joints: readonly UrdfJoint[],
  speedScale: number,
): TimedPoint[] {
  if (!(speedScale > 0 && speedScale <= 1))
    throw new Error(`speedScale must be in (0, 1], got ${speedScale}`);
  const points: TimedPoint[] = [];
  let previous = from;
  let timeS = 0;
  for (const waypoint of waypoints) {
    let duration = MIN_SEGMENT_S;
    joints.forEach((joint, k) => {
      const distance = Math.abs(waypoint[k]! - previous[k]!);
      duration = Math.max(duration, (1.5 * distance) / (joint.velocity * speedScale));
    });
    timeS += duration;
    points.push({ positions: Array.from(waypoint), velocities: joints.map(() => 0), timeS });
    previous = waypoint;
  }
  return points;
}
