/**
 * Joint-space waypoints → a trajectory the joint trajectory controller accepts: each segment
 * starts and ends at rest, lasting as long as its slowest joint needs at `speedScale` of its
 * velocity limit (one share for all joints, or one per joint). Cubic by default (its peak speed
 * is 1.5× its mean); `smooth` makes each segment a quintic that also starts and ends without
 * acceleration (the controller's quintic, from the points' zero accelerations): 1.875× the mean
 * at its peak, so 25% longer, but 40% less peak acceleration at that speed and no jolt at either
 * end, for what the hand holds by friction or a seal.
 */
import type { UrdfJoint } from '../geometry/urdf.ts';

export interface TimedPoint {
  readonly positions: readonly number[];
  readonly velocities: readonly number[];
  /** Empty (cubic segments) or zeros (quintic). */
  readonly accelerations: readonly number[];
  /** Seconds from the trajectory's start. */
  readonly timeS: number;
}

const MIN_SEGMENT_S = 0.2;
const CUBIC_PEAK = 1.5;
const QUINTIC_PEAK = 1.875;

export function timedPath(
  from: ArrayLike<number>,
  waypoints: readonly ArrayLike<number>[],
  joints: readonly UrdfJoint[],
  speedScale: number | readonly number[],
  smooth = false,
): TimedPoint[] {
  const scales = typeof speedScale === 'number' ? joints.map(() => speedScale) : speedScale;
  if (scales.length !== joints.length)
    throw new Error(`speedScale has ${scales.length} shares for ${joints.length} joints`);
  for (const scale of scales)
    if (!(scale > 0 && scale <= 1)) throw new Error(`speedScale must be in (0, 1], got ${scale}`);
  const peak = smooth ? QUINTIC_PEAK : CUBIC_PEAK;
  const points: TimedPoint[] = [];
  let previous = from;
  let timeS = 0;
  for (const waypoint of waypoints) {
    let duration = MIN_SEGMENT_S;
    joints.forEach((joint, k) => {
      const distance = Math.abs(waypoint[k]! - previous[k]!);
      duration = Math.max(duration, (peak * distance) / (joint.velocity * scales[k]!));
    });
    timeS += duration;
    points.push({
      positions: Array.from(waypoint),
      velocities: joints.map(() => 0),
      accelerations: smooth ? joints.map(() => 0) : [],
      timeS,
    });
    previous = waypoint;
  }
  return points;
}
