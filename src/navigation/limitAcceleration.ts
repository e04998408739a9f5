import type { BaseLimits, Twist2D } from './HolonomicPursuitController.ts';

/**
 * `wanted` as reached from `velocity` within one period of `periodS` at the limits' accelerations.
 * The change of linear velocity keeps its direction (clamping each axis alone would turn a change
 * mostly along y into one at 45°: a sideways drift into what is beside the path).
 */
export function limitAcceleration(
  velocity: Twist2D,
  wanted: Twist2D,
  limits: BaseLimits,
  periodS: number,
): Twist2D {
  const dv = limits.maxLinearAccel * periodS;
  const dw = limits.maxAngularAccel * periodS;
  const reach = Math.min(
    1,
    dv / Math.max(Math.abs(wanted.vx - velocity.vx), Math.abs(wanted.vy - velocity.vy), 1e-12),
  );
  return {
    vx: velocity.vx + (wanted.vx - velocity.vx) * reach,
    vy: velocity.vy + (wanted.vy - velocity.vy) * reach,
    wz: velocity.wz + Math.max(-dw, Math.min(dw, wanted.wz - velocity.wz)),
  };
}
