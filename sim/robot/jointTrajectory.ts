/**
 * What ros2_control's joint trajectory controller does with a `trajectory_msgs/JointTrajectory`,
 * for the sim's arm and head: checks the goal (every joint of the controller named once, points
 * in time order, positions and implied speeds within the URDF's limits) and samples it in time
 * from the state the joints were in when it started — linear between points that give positions
 * only, cubic where they give velocities, quintic where they give accelerations too.
 */
import type { UrdfJoint } from '../../src/geometry/urdf.ts';

export interface TrajectoryPoint {
  readonly positions: readonly number[];
  readonly velocities: readonly number[];
  readonly accelerations: readonly number[];
  /** Seconds after the trajectory's start. */
  readonly timeS: number;
}

export interface JointTrajectoryGoal {
  readonly jointNames: readonly string[];
  readonly points: readonly TrajectoryPoint[];
}

/** Why the controller would refuse a goal, with the code control_msgs gives it; undefined if it is fine. */
export function checkTrajectory(
  goal: JointTrajectoryGoal,
  controlled: readonly string[],
  urdf: ReadonlyMap<string, UrdfJoint>,
): { readonly code: 'INVALID_JOINTS' | 'INVALID_GOAL'; readonly message: string } | undefined {
  const names = goal.jointNames;
  const missing = controlled.filter((name) => !names.includes(name));
  const foreign = names.filter((name) => !controlled.includes(name));
  if (foreign.length > 0 || missing.length > 0 || new Set(names).size !== names.length)
    return {
      code: 'INVALID_JOINTS',
      message: `the controller moves exactly [${controlled.join(', ')}]${foreign.length ? `; not its joints: ${foreign.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}${new Set(names).size !== names.length ? '; a joint is named twice' : ''}`,
    };
  if (goal.points.length === 0) return { code: 'INVALID_GOAL', message: 'the trajectory has no points' };
  let previous: TrajectoryPoint | undefined;
  for (const [k, point] of goal.points.entries()) {
    const where = `point ${k}`;
    if (point.positions.length !== names.length)
      return {
        code: 'INVALID_GOAL',
        message: `${where} has ${point.positions.length} positions for ${names.length} joints`,
      };
    for (const [field, values] of [
      ['velocities', point.velocities],
      ['accelerations', point.accelerations],
    ] as const)
      if (values.length !== 0 && values.length !== names.length)
        return {
          code: 'INVALID_GOAL',
          message: `${where} has ${values.length} ${field} for ${names.length} joints`,
        };
    if (!Number.isFinite(point.timeS) || point.timeS < 0 || (previous && point.timeS <= previous.timeS))
      return {
        code: 'INVALID_GOAL',
        message: `${where}: time_from_start ${point.timeS} s is not after the point before`,
      };
    for (const [j, name] of names.entries()) {
      const joint = urdf.get(name)!;
      const q = point.positions[j]!;
      const v = point.velocities[j] ?? 0;
      if (!Number.isFinite(q) || !Number.isFinite(v) || !Number.isFinite(point.accelerations[j] ?? 0))
        return { code: 'INVALID_GOAL', message: `${where}: ${name} is not finite` };
      if (q < joint.lower - 1e-6 || q > joint.upper + 1e-6)
        return {
          code: 'INVALID_GOAL',
          message: `${where}: ${name} = ${q} is outside its limits [${joint.lower}, ${joint.upper}]`,
        };
      if (Math.abs(v) > joint.velocity * (1 + SPEED_SLACK))
        return {
          code: 'INVALID_GOAL',
          message: `${where}: ${name} velocity ${v} exceeds its limit ${joint.velocity}`,
        };
      if (previous) {
        const speed = Math.abs(q - previous.positions[j]!) / (point.timeS - previous.timeS);
        if (speed > joint.velocity * (1 + SPEED_SLACK))
          return {
            code: 'INVALID_GOAL',
            message: `${where}: ${name} would move at ${speed.toFixed(3)}/s from the point before, over its limit ${joint.velocity}`,
          };
      }
    }
    previous = point;
  }
  return undefined;
}

/** Average speeds within this share over the limit are let through (rounding in a client's timing). */
const SPEED_SLACK = 0.01;

export class TrajectorySampler {
  readonly #points: TrajectoryPoint[];

  /** `start`: the joints' positions and velocities (in `goal.jointNames` order) when the trajectory begins. */
  constructor(
    goal: JointTrajectoryGoal,
    start: { readonly positions: readonly number[]; readonly velocities: readonly number[] },
  ) {
    const first = goal.points[0]!;
    // A first point at t = 0 replaces the start state; otherwise the joints move from where they are.
    this.#points =
      first.timeS > 0
        ? [
            {
              positions: start.positions,
              velocities: start.velocities,
              accelerations: first.accelerations.length ? start.positions.map(() => 0) : [],
              timeS: 0,
            },
            ...goal.points,
          ]
        : [...goal.points];
  }

  get durationS(): number {
    return this.#points.at(-1)!.timeS;
  }

  /** Desired positions and velocities at `tS` seconds after the start (held at the last point after the end). */
  sample(tS: number, positions: Float64Array, velocities: Float64Array): void {
    const points = this.#points;
    let k = 0;
    while (k < points.length - 1 && points[k + 1]!.timeS < tS) k++;
    const a = points[k]!;
    const b = points[Math.min(k + 1, points.length - 1)]!;
    const span = b.timeS - a.timeS;
    if (tS >= this.durationS || span <= 0) {
      const last = tS >= this.durationS ? points.at(-1)! : a;
      for (let j = 0; j < positions.length; j++) {
        positions[j] = last.positions[j]!;
        velocities[j] = tS >= this.durationS ? 0 : (last.velocities[j] ?? 0);
      }
      return;
    }
    const s = Math.max(0, tS - a.timeS);
    const hasVelocities = a.velocities.length > 0 && b.velocities.length > 0;
    const hasAccelerations = hasVelocities && a.accelerations.length > 0 && b.accelerations.length > 0;
    for (let j = 0; j < positions.length; j++) {
      const q0 = a.positions[j]!;
      const q1 = b.positions[j]!;
      if (!hasVelocities) {
        positions[j] = q0 + ((q1 - q0) * s) / span;
        velocities[j] = (q1 - q0) / span;
        continue;
      }
      const v0 = a.velocities[j]!;
      const v1 = b.velocities[j]!;
      const c = hasAccelerations
        ? quintic(q0, v0, a.accelerations[j]!, q1, v1, b.accelerations[j]!, span)
        : cubic(q0, v0, q1, v1, span);
      positions[j] = c[0]! + s * (c[1]! + s * (c[2]! + s * (c[3]! + s * (c[4]! + s * c[5]!))));
      velocities[j] = c[1]! + s * (2 * c[2]! + s * (3 * c[3]! + s * (4 * c[4]! + s * 5 * c[5]!)));
    }
  }
}

/** Coefficients c0…c5 of the cubic through (q0, v0) at 0 and (q1, v1) at T. */
function cubic(q0: number, v0: number, q1: number, v1: number, T: number): number[] {
  const d = q1 - q0;
  return [q0, v0, (3 * d) / T ** 2 - (2 * v0 + v1) / T, (-2 * d) / T ** 3 + (v0 + v1) / T ** 2, 0, 0];
}

/** Coefficients c0…c5 of the quintic through (q, v, a) at 0 and at T. */
function quintic(
  q0: number,
  v0: number,
  a0: number,
  q1: number,
  v1: number,
  a1: number,
  T: number,
): number[] {
  const T2 = T * T;
  const T3 = T2 * T;
  const d = q1 - q0;
  return [
    q0,
    v0,
    a0 / 2,
    (20 * d - (8 * v1 + 12 * v0) * T - (3 * a0 - a1) * T2) / (2 * T3),
    (-30 * d + (14 * v1 + 16 * v0) * T + (3 * a0 - 2 * a1) * T2) / (2 * T3 * T),
    (12 * d - 6 * (v1 + v0) * T - (a1 - a0) * T2) / (2 * T3 * T2),
  ];
}
