/**
 * Whole-body inverse kinematics for a mobile manipulator with an omnidirectional base: the base's
 * planar pose (x, y, yaw) and the arm's joints solved together so a tool frame reaches a target
 * (its position, the direction it approaches along, and optionally the direction its jaws close
 * along), within the URDF's joint limits. Damped least squares on a numeric Jacobian, from a few
 * seeds; the base is kept near where it stands unless it must move (a weighted prior), so a
 * target within the arm's reach moves the base little.
 */
import * as se3 from '../geometry/se3.ts';
import { jointTransform } from '../geometry/kinematics.ts';
import { invertSquare } from '../geometry/matrix.ts';
import type { UrdfJoint } from '../geometry/urdf.ts';

export interface ReachTarget {
  /** Where the tool point must be (map frame). */
  readonly position: readonly [number, number, number];
  /** Unit vector the tool's z axis must point along (its approach). */
  readonly approach: readonly [number, number, number];
  /** Unit vector the tool's y axis must lie along, either sign (the jaws' closing direction); free if absent. */
  readonly closing?: readonly [number, number, number];
}

export interface WholeBodyPose {
  /** Base pose in the map frame: x, y, yaw. */
  readonly base: readonly [number, number, number];
  /** Arm joint values by name, in the order of `WholeBodyIk.joints`. */
  readonly joints: Float64Array;
}

export interface IkSolution extends WholeBodyPose {
  readonly positionErrorM: number;
  readonly angleErrorRad: number;
}

export interface WholeBodyIkOptions {
  /** The link the tool hangs from and the tool point's pose in it ([x, y, z, qx, qy, qz, qw]). */
  readonly tipLink: string;
  readonly tool: ArrayLike<number>;
  /** How strongly the base prefers to stay where it is (per metre / radian, against 1 per metre of error). */
  readonly baseStay?: number;
  readonly iterations?: number;
  readonly toleranceM?: number;
  readonly toleranceRad?: number;
}

const DEFAULTS = { baseStay: 0.01, iterations: 120, toleranceM: 0.002, toleranceRad: 0.01 };
const DAMPING = 1e-3;
const STEP = 1e-6;

export class WholeBodyIk {
  /** The movable joints from the base to the tool, root first. */
  readonly joints: readonly UrdfJoint[];
  readonly #chain: readonly UrdfJoint[];
  readonly #tool: Float64Array;
  readonly #options: Required<Omit<WholeBodyIkOptions, 'tipLink' | 'tool'>>;

  constructor(urdf: ReadonlyMap<string, UrdfJoint>, options: WholeBodyIkOptions) {
    const byChild = new Map([...urdf.values()].map((joint) => [joint.child, joint]));
    const chain: UrdfJoint[] = [];
    for (let joint = byChild.get(options.tipLink); joint; joint = byChild.get(joint.parent))
      chain.unshift(joint);
    if (chain.length === 0) throw new Error(`URDF has no joint chain to '${options.tipLink}'`);
    this.#chain = chain;
    this.joints = chain.filter((joint) => joint.type !== 'fixed');
    this.#tool = Float64Array.from(options.tool);
    this.#options = { ...DEFAULTS, ...options };
  }

  /** The tool's pose in the map frame for a base pose and arm joints. */
  toolPose(pose: WholeBodyPose, out: Float64Array = new Float64Array(7)): Float64Array {
    const [x, y, yaw] = pose.base;
    out.set([x, y, 0, 0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)]);
    let k = 0;
    for (const joint of this.#chain) {
      const value = joint.type === 'fixed' ? 0 : pose.joints[k++]!;
      se3.compose(out, out, jointTransform(joint, value));
    }
    return se3.compose(out, out, this.#tool);
  }

  /**
   * Solves for `target` from each seed (base pose and arm joints) and returns the best solution,
   * or why none reached the target within tolerance. Gradient steps cannot turn a sign-free axis
   * through 90°, so give seeds that differ in the wrist's roll for a closing direction.
   * `toleranceM` loosens (or tightens) the position tolerance for this target alone.
   */
  solve(
    target: ReachTarget,
    seeds: readonly WholeBodyPose[],
    toleranceM = this.#options.toleranceM,
  ): IkSolution | { readonly failure: string } {
    let best: IkSolution | undefined;
    for (const seed of seeds) {
      const solution = this.#solveFrom(target, seed);
      if (!best || score(solution) < score(best)) best = solution;
      if (this.#within(best, toleranceM)) break;
    }
    if (best && this.#within(best, toleranceM)) return best;
    return {
      failure: best
        ? `the tool cannot reach the target: ${(best.positionErrorM * 100).toFixed(1)} cm and ${((best.angleErrorRad * 180) / Math.PI).toFixed(1)}° off at best`
        : 'no seed to start from',
    };
  }

  #within(solution: IkSolution, toleranceM: number): boolean {
    return solution.positionErrorM <= toleranceM && solution.angleErrorRad <= this.#options.toleranceRad;
  }

  #solveFrom(target: ReachTarget, seed: WholeBodyPose): IkSolution {
    const n = 3 + this.joints.length;
    const q = Float64Array.from([...seed.base, ...seed.joints]);
    const stay = Float64Array.from(seed.base);
    const rows = target.closing ? 9 : 6;
    const residual = new Float64Array(rows + 3);
    const probe = new Float64Array(rows + 3);
    const jacobian = new Float64Array((rows + 3) * n);
    const pose = new Float64Array(7);
    const evaluate = (values: Float64Array, out: Float64Array) => {
      this.toolPose({ base: [values[0]!, values[1]!, values[2]!], joints: values.subarray(3) }, pose);
      this.#residual(pose, target, out);
      const w = this.#options.baseStay;
      out[rows] = w * (values[0]! - stay[0]!);
      out[rows + 1] = w * (values[1]! - stay[1]!);
      out[rows + 2] = w * angleDifference(values[2]!, stay[2]!);
    };
    for (let iteration = 0; iteration < this.#options.iterations; iteration++) {
      evaluate(q, residual);
      for (let c = 0; c < n; c++) {
        const saved = q[c]!;
        q[c] = saved + STEP;
        evaluate(q, probe);
        q[c] = saved;
        for (let r = 0; r < rows + 3; r++) jacobian[r * n + c] = (probe[r]! - residual[r]!) / STEP;
      }
      // A joint pressed against its limit drops out of the step (its column zeroed), so the rest move instead.
      let delta = dampedLeastSquares(jacobian, residual, rows + 3, n, DAMPING);
      for (let pass = 0; pass < 3; pass++) {
        let blocked = false;
        this.joints.forEach((joint, k) => {
          const c = 3 + k;
          const next = q[c]! - delta[c]!;
          const atLimit =
            (next < joint.lower && q[c]! <= joint.lower + 1e-9) ||
            (next > joint.upper && q[c]! >= joint.upper - 1e-9);
          if (joint.type !== 'continuous' && atLimit && jacobian[c] !== 0) {
            for (let r = 0; r < rows + 3; r++) jacobian[r * n + c] = 0;
            blocked = true;
          }
        });
        if (!blocked) break;
        delta = dampedLeastSquares(jacobian, residual, rows + 3, n, DAMPING);
      }
      let change = 0;
      for (let c = 0; c < n; c++) {
        q[c] = q[c]! - delta[c]!;
        change = Math.max(change, Math.abs(delta[c]!));
      }
      this.joints.forEach((joint, k) => {
        if (joint.type !== 'continuous') q[3 + k] = Math.max(joint.lower, Math.min(joint.upper, q[3 + k]!));
      });
      if (change < 1e-7) break;
    }
    const base: [number, number, number] = [q[0]!, q[1]!, Math.atan2(Math.sin(q[2]!), Math.cos(q[2]!))];
    const joints = Float64Array.from(q.subarray(3));
    this.toolPose({ base, joints }, pose);
    const error = new Float64Array(rows);
    this.#residual(pose, target, error);
    return {
      base,
      joints,
      positionErrorM: Math.hypot(error[0]!, error[1]!, error[2]!),
      // The residual's cross products are sines of the angles between axes.
      angleErrorRad: Math.asin(
        Math.min(
          1,
          Math.max(
            Math.hypot(error[3]!, error[4]!, error[5]!),
            target.closing ? Math.hypot(error[6]!, error[7]!, error[8]!) : 0,
          ),
        ),
      ),
    };
  }

  /** Position error, then (tool z × approach) and (tool y × closing): zero when aligned. */
  #residual(pose: Float64Array, target: ReachTarget, out: Float64Array): void {
    out[0] = pose[0]! - target.position[0];
    out[1] = pose[1]! - target.position[1];
    out[2] = pose[2]! - target.position[2];
    const z = rotateAxis(pose, 2);
    const a = target.approach;
    // Pointing the wrong way round has a zero cross product too: penalize it through the dot product.
    const flip = z[0] * a[0] + z[1] * a[1] + z[2] * a[2] < 0 ? 1 : 0;
    out[3] = z[1] * a[2] - z[2] * a[1] + flip * a[0];
    out[4] = z[2] * a[0] - z[0] * a[2] + flip * a[1];
    out[5] = z[0] * a[1] - z[1] * a[0] + flip * a[2];
    if (target.closing) {
      const y = rotateAxis(pose, 1);
      const c = target.closing;
      out[6] = y[1] * c[2] - y[2] * c[1];
      out[7] = y[2] * c[0] - y[0] * c[2];
      out[8] = y[0] * c[1] - y[1] * c[0];
    }
  }
}

function score(solution: IkSolution): number {
  return solution.positionErrorM + 0.1 * solution.angleErrorRad;
}

function angleDifference(a: number, b: number): number {
  return Math.atan2(Math.sin(a - b), Math.cos(a - b));
}

/** Column `axis` of the rotation of pose [x, y, z, qx, qy, qz, qw]. */
function rotateAxis(pose: ArrayLike<number>, axis: 0 | 1 | 2): [number, number, number] {
  const x = pose[3]!;
  const y = pose[4]!;
  const z = pose[5]!;
  const w = pose[6]!;
  if (axis === 0) return [1 - 2 * (y * y + z * z), 2 * (x * y + w * z), 2 * (x * z - w * y)];
  if (axis === 1) return [2 * (x * y - w * z), 1 - 2 * (x * x + z * z), 2 * (y * z + w * x)];
  return [2 * (x * z + w * y), 2 * (y * z - w * x), 1 - 2 * (x * x + y * y)];
}

/** δ solving (Jᵀ J + λI) δ = Jᵀ r (n is the handful of whole-body joints). */
function dampedLeastSquares(
  J: Float64Array,
  r: Float64Array,
  rows: number,
  n: number,
  lambda: number,
): Float64Array {
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < rows; k++) sum += J[k * n + i]! * J[k * n + j]!;
      A[i * n + j] = sum + (i === j ? lambda : 0);
    }
    let sum = 0;
    for (let k = 0; k < rows; k++) sum += J[k * n + i]! * r[k]!;
    b[i] = sum;
  }
  const inverse = invertSquare(new Float64Array(n * n), A, n);
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) delta[i]! += inverse[i * n + j]! * b[j]!;
  return delta;
}
