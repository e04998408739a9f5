/**
 * The safety stage between every controller and the base, after Nav2's collision_monitor (its
 * "approach" model): the commanded twist is rolled out for `timeBeforeCollisionS`, and if the
 * footprint (a circle of `footprintRadiusM` + `marginM`) would meet a return of the latest scan
 * at time t, the twist is scaled by t / timeBeforeCollisionS, so the base stops short of what it
 * approaches whatever a plan asks. Returns already inside the footprint's margin that the motion
 * moves away from do not stop it (the arm works close to furniture). Then a speed limit and the
 * emergency stop apply. Points are in the base frame (m), twists in the base frame.
 * A return already inside the margin that the base passes by (not within 45° of its heading)
 * stops it only before it comes within PASSING_CLEARANCE_M of the footprint.
 */
import type { Twist2D } from './HolonomicPursuitController.ts';

/** A return inside the margin within 45° of the direction of travel is headed at, not passed. */
const HEAD_ON_COS = Math.SQRT1_2;
/**
 * What a return being passed may come to of the footprint (m): more than a bumper travels, so
 * passing along furniture never presses it (a base a centimetre off its stand brushed a laundry
 * basket's side at 7 mm while stepping sideways to release).
 */
const PASSING_CLEARANCE_M = 0.01;

export interface CollisionMonitorOptions {
  readonly footprintRadiusM: number;
  readonly marginM: number;
  readonly timeBeforeCollisionS: number;
  readonly simulationStepS: number;
  readonly maxLinearMps: number;
}

export type SpeedLimit =
  | { readonly kind: 'none' }
  | { readonly kind: 'percent'; readonly percent: number }
  | { readonly kind: 'absolute'; readonly mps: number };

export interface MonitorResult {
  readonly twist: Twist2D;
  readonly action: 'none' | 'slowdown' | 'stop' | 'e_stop' | 'speed_limit';
  /** Time to the first contact of the roll-out (s), Infinity when none. */
  readonly collisionTimeS: number;
}

export class CollisionMonitor {
  constructor(readonly options: CollisionMonitorOptions) {
    if (!(options.timeBeforeCollisionS > 0) || !(options.simulationStepS > 0))
      throw new Error('collision monitor: time_before_collision and simulation_time_step must be positive');
  }

  filter(
    command: Twist2D,
    points: Float64Array,
    count: number,
    speedLimit: SpeedLimit,
    eStop: 'engaged' | 'released',
  ): MonitorResult {
    if (eStop === 'engaged') return { twist: { vx: 0, vy: 0, wz: 0 }, action: 'e_stop', collisionTimeS: 0 };
    const collisionTimeS = this.collisionTime(command, points, count);
    const o = this.options;
    let scale = collisionTimeS < o.timeBeforeCollisionS ? collisionTimeS / o.timeBeforeCollisionS : 1;
    let action: MonitorResult['action'] = scale < 1 ? (scale === 0 ? 'stop' : 'slowdown') : 'none';
    const limitMps =
      speedLimit.kind === 'percent'
        ? (o.maxLinearMps * speedLimit.percent) / 100
        : speedLimit.kind === 'absolute'
          ? speedLimit.mps
          : Infinity;
    const speed = Math.hypot(command.vx, command.vy) * scale;
    if (speed > limitMps && speed > 0) {
      scale *= limitMps / speed;
      if (action === 'none') action = 'speed_limit';
    }
    return {
      // A round base cannot hit anything by turning in place: rotation passes unscaled.
      twist: { vx: command.vx * scale, vy: command.vy * scale, wz: command.wz },
      action,
      collisionTimeS,
    };
  }

  /** When the rolled-out footprint first meets a return it is approaching (s), or Infinity. */
  collisionTime(command: Twist2D, points: Float64Array, count: number): number {
    const o = this.options;
    const radius = o.footprintRadiusM + o.marginM;
    const moving = Math.abs(command.vx) + Math.abs(command.vy) + Math.abs(command.wz) > 1e-6;
    if (!moving) return Infinity;
    const speed = Math.hypot(command.vx, command.vy);
    // Rolling out the base in its own start frame: pose (px, py, θ) after t.
    let px = 0;
    let py = 0;
    let theta = 0;
    for (let t = o.simulationStepS; t <= o.timeBeforeCollisionS + 1e-9; t += o.simulationStepS) {
      px += (Math.cos(theta) * command.vx - Math.sin(theta) * command.vy) * o.simulationStepS;
      py += (Math.sin(theta) * command.vx + Math.cos(theta) * command.vy) * o.simulationStepS;
      theta += command.wz * o.simulationStepS;
      for (let k = 0; k < count; k++) {
        const qx = points[2 * k]!;
        const qy = points[2 * k + 1]!;
        const now = Math.hypot(qx - px, qy - py);
        const start = Math.hypot(qx, qy);
        // A return already inside the margin that the base passes by rather than heads at counts
        // only once it would come within PASSING_CLEARANCE_M of the footprint: with the controller
        // keeping only the footprint off obstacles, a path past a desk's leg 2 cm inside the
        // margin held the base still while the controller asked it to move on.
        const passing = start < radius && qx * command.vx + qy * command.vy < HEAD_ON_COS * start * speed;
        const reach = passing ? o.footprintRadiusM + Math.min(PASSING_CLEARANCE_M, o.marginM) : radius;
        if (now < reach && now < start - 1e-4) return t - o.simulationStepS;
      }
    }
    return Infinity;
  }
}
