/**
 * Yielding to people for a holonomic base (a velocity-obstacle search): the robot's motion is
 * predicted from its velocity ramping to a candidate at the acceleration limit, each mover's at
 * constant velocity, over `horizonS`. The nominal velocity is kept while it stays `marginM`
 * clear of every mover; otherwise, among candidates (16 headings × 2 speeds, and standing still)
 * that the costmap allows, the one that stays clear and makes the most progress towards where
 * the robot is heading, or, if none stays clear, the one that keeps farthest away.
 * Velocities are in the map frame.
 */
import type { MovingObstacle } from './MovingObstacleTracker.ts';

export interface AvoidanceOptions {
  readonly robotRadiusM: number;
  readonly marginM: number;
  readonly horizonS: number;
  readonly maxSpeedMps: number;
  readonly maxAccel: number;
}

const STEP_S = 0.1;
const HEADINGS = 16;
const SPEEDS = [1, 0.5];

/** The smallest gap (m, negative when overlapping) between robot and mover over the horizon. */
export function predictedClearanceM(
  x: number,
  y: number,
  fromVx: number,
  fromVy: number,
  toVx: number,
  toVy: number,
  mover: MovingObstacle,
  options: AvoidanceOptions,
): number {
  const change = Math.hypot(toVx - fromVx, toVy - fromVy);
  const rampS = options.maxAccel > 0 ? change / options.maxAccel : 0;
  let rx = x;
  let ry = y;
  let smallest = Infinity;
  for (let t = 0; t <= options.horizonS + 1e-9; t += STEP_S) {
    const mx = mover.x + mover.vx * t;
    const my = mover.y + mover.vy * t;
    smallest = Math.min(smallest, Math.hypot(rx - mx, ry - my) - options.robotRadiusM - mover.radiusM);
    const share = rampS > 0 ? Math.min(1, (t + STEP_S / 2) / rampS) : 1;
    rx += (fromVx + (toVx - fromVx) * share) * STEP_S;
    ry += (fromVy + (toVy - fromVy) * share) * STEP_S;
  }
  return smallest;
}

/**
 * The velocity to drive at, given the robot at (x, y) moving at (vx, vy), the nominal velocity,
 * the unit direction of progress (towardX, towardY), and `allowed(vx, vy)` for the costmap.
 */
export function avoidMovers(
  x: number,
  y: number,
  vx: number,
  vy: number,
  nominalVx: number,
  nominalVy: number,
  towardX: number,
  towardY: number,
  movers: readonly MovingObstacle[],
  options: AvoidanceOptions,
  allowed: (vx: number, vy: number) => boolean,
): { vx: number; vy: number; yielding: boolean } {
  const clearance = (cvx: number, cvy: number) => {
    let smallest = Infinity;
    for (const mover of movers)
      smallest = Math.min(smallest, predictedClearanceM(x, y, vx, vy, cvx, cvy, mover, options));
    return smallest;
  };
  if (movers.length === 0 || clearance(nominalVx, nominalVy) >= options.marginM)
    return { vx: nominalVx, vy: nominalVy, yielding: false };
  let best = { vx: 0, vy: 0, clear: clearance(0, 0), progress: 0 };
  const safe = (c: number) => c >= options.marginM;
  for (let h = 0; h < HEADINGS; h++) {
    const angle = (2 * Math.PI * h) / HEADINGS;
    for (const fraction of SPEEDS) {
      const cvx = options.maxSpeedMps * fraction * Math.cos(angle);
      const cvy = options.maxSpeedMps * fraction * Math.sin(angle);
      if (!allowed(cvx, cvy)) continue;
      const clear = clearance(cvx, cvy);
      const progress = cvx * towardX + cvy * towardY;
      const better = safe(clear)
        ? !safe(best.clear) || progress > best.progress
        : !safe(best.clear) && clear > best.clear;
      if (better) best = { vx: cvx, vy: cvy, clear, progress };
    }
  }
  return { vx: best.vx, vy: best.vy, yielding: true };
}
