/**
 * SE(3) poses stored [tx, ty, tz, qx, qy, qz, qw] (metres; quaternion in ROS order).
 * Tangent [ρ; φ] ∈ R⁶, translation first. exp: R = Exp(φ), t = Jl(φ)ρ (Jl the SO(3) left
 * Jacobian). Adjoint [[R, [t]×R], [0, R]]. Left Jacobian [[Jl(φ), Q(ρ, φ)], [0, Jl(φ)]] with
 * Barfoot's Q (State Estimation for Robotics, 2017, eq. 7.86); Jr(ξ) = Jl(−ξ).
 * Matrices are row-major 6x6. Functions write into `out` and may alias inputs.
 */
import type { geometry_msgs } from '../messages/types.generated.ts';
import { mat3Multiply, mat3MulVec, skew } from './matrix.ts';
import * as quaternion from './quaternion.ts';
import * as so3 from './so3.ts';

export function identity(out: Float64Array = new Float64Array(7)): Float64Array {
  out.set([0, 0, 0, 0, 0, 0, 1]);
  return out;
}

const scratchQ = new Float64Array(4);
const scratchV = new Float64Array(3);

export function compose(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const qa = Float64Array.of(a[3]!, a[4]!, a[5]!, a[6]!);
  quaternion.act(scratchV, qa, [b[0]!, b[1]!, b[2]!]);
  const tx = a[0]! + scratchV[0]!;
  const ty = a[1]! + scratchV[1]!;
  const tz = a[2]! + scratchV[2]!;
  quaternion.compose(scratchQ, qa, [b[3]!, b[4]!, b[5]!, b[6]!]);
  out[0] = tx;
  out[1] = ty;
  out[2] = tz;
  out[3] = scratchQ[0]!;
  out[4] = scratchQ[1]!;
  out[5] = scratchQ[2]!;
  out[6] = scratchQ[3]!;
  return out;
}

export function inverse(out: Float64Array, a: ArrayLike<number>): Float64Array {
  const qi = Float64Array.of(-a[3]!, -a[4]!, -a[5]!, a[6]!);
  quaternion.act(scratchV, qi, [a[0]!, a[1]!, a[2]!]);
  out[0] = -scratchV[0]!;
  out[1] = -scratchV[1]!;
  out[2] = -scratchV[2]!;
  out[3] = qi[0]!;
  out[4] = qi[1]!;
  out[5] = qi[2]!;
  out[6] = qi[3]!;
  return out;
}

export function between(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return compose(out, inverse(new Float64Array(7), a), b);
}

export function act(out: Float64Array, pose: ArrayLike<number>, p: ArrayLike<number>): Float64Array {
  quaternion.act(out, [pose[3]!, pose[4]!, pose[5]!, pose[6]!], p);
  out[0]! += pose[0]!;
  out[1]! += pose[1]!;
  out[2]! += pose[2]!;
  return out;
}

export function exp(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  const phi = [tau[3]!, tau[4]!, tau[5]!];
  const jl = so3.leftJacobian(new Float64Array(9), phi);
  const t = mat3MulVec(new Float64Array(3), jl, [tau[0]!, tau[1]!, tau[2]!]);
  const q = so3.exp(new Float64Array(4), phi);
  out.set([t[0]!, t[1]!, t[2]!, q[0]!, q[1]!, q[2]!, q[3]!]);
  return out;
}

export function log(out: Float64Array, pose: ArrayLike<number>): Float64Array {
  const phi = so3.log(new Float64Array(3), [pose[3]!, pose[4]!, pose[5]!, pose[6]!]);
  const jli = so3.leftJacobianInverse(new Float64Array(9), phi);
  const rho = mat3MulVec(new Float64Array(3), jli, [pose[0]!, pose[1]!, pose[2]!]);
  out.set([rho[0]!, rho[1]!, rho[2]!, phi[0]!, phi[1]!, phi[2]!]);
  return out;
}

/** τ^ as a 4x4 Lie algebra matrix (row-major). */
export function hat(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  const w = skew(new Float64Array(9), [tau[3]!, tau[4]!, tau[5]!]);
  out.set([
    w[0]!,
    w[1]!,
    w[2]!,
    tau[0]!,
    w[3]!,
    w[4]!,
    w[5]!,
    tau[1]!,
    w[6]!,
    w[7]!,
    w[8]!,
    tau[2]!,
    0,
    0,
    0,
    0,
  ]);
  return out;
}

export function vee(out: Float64Array, m: ArrayLike<number>): Float64Array {
  out.set([m[3]!, m[7]!, m[11]!, m[9]!, m[2]!, m[4]!]);
  return out;
}

function setBlock(out: Float64Array, row: number, col: number, block: ArrayLike<number>): void {
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[(row + i) * 6 + col + j] = block[i * 3 + j]!;
}

export function adjoint(out: Float64Array, pose: ArrayLike<number>): Float64Array {
  const r = so3.toMatrix(new Float64Array(9), [pose[3]!, pose[4]!, pose[5]!, pose[6]!]);
  const tr = mat3Multiply(new Float64Array(9), skew(new Float64Array(9), [pose[0]!, pose[1]!, pose[2]!]), r);
  out.fill(0);
  setBlock(out, 0, 0, r);
  setBlock(out, 0, 3, tr);
  setBlock(out, 3, 3, r);
  return out;
}

/** Barfoot's Q(ρ, φ), the coupling block of the SE(3) left Jacobian. */
function qBlock(rho: readonly number[], phi: readonly number[]): Float64Array {
  const t2 = phi[0]! ** 2 + phi[1]! ** 2 + phi[2]! ** 2;
  const t = Math.sqrt(t2);
  let c1: number, c2: number, c3: number;
  if (t < 1e-4) {
    c1 = 1 / 6 - t2 / 120;
    c2 = 1 / 24 - t2 / 720;
    c3 = 1 / 120 - t2 / 2520;
  } else {
    const s = Math.sin(t);
    const c = Math.cos(t);
    c1 = (t - s) / (t2 * t);
    c2 = -(1 - t2 / 2 - c) / (t2 * t2);
    c3 = -0.5 * ((1 - t2 / 2 - c) / (t2 * t2) - (3 * (t - s - (t2 * t) / 6)) / (t2 * t2 * t));
  }
  const P = skew(new Float64Array(9), phi);
  const R = skew(new Float64Array(9), rho);
  const m = (a: Float64Array, b: Float64Array) => mat3Multiply(new Float64Array(9), a, b);
  const PR = m(P, R);
  const RP = m(R, P);
  const PRP = m(PR, P);
  const PPR = m(P, PR);
  const RPP = m(RP, P);
  const PRPP = m(PRP, P);
  const PPRP = m(P, PRP);
  const out = new Float64Array(9);
  for (let i = 0; i < 9; i++) {
    out[i] =
      0.5 * R[i]! +
      c1 * (PR[i]! + RP[i]! + PRP[i]!) +
      c2 * (PPR[i]! + RPP[i]! - 3 * PRP[i]!) +
      c3 * (PRPP[i]! + PPRP[i]!);
  }
  return out;
}

export function leftJacobian(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  const rho = [tau[0]!, tau[1]!, tau[2]!];
  const phi = [tau[3]!, tau[4]!, tau[5]!];
  const jl = so3.leftJacobian(new Float64Array(9), phi);
  out.fill(0);
  setBlock(out, 0, 0, jl);
  setBlock(out, 0, 3, qBlock(rho, phi));
  setBlock(out, 3, 3, jl);
  return out;
}

export function rightJacobian(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  return leftJacobian(
    out,
    Array.from({ length: 6 }, (_, i) => -tau[i]!),
  );
}

export function rplus(out: Float64Array, pose: ArrayLike<number>, tau: ArrayLike<number>): Float64Array {
  return compose(out, pose, exp(new Float64Array(7), tau));
}

export function rminus(out: Float64Array, y: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  return log(out, between(new Float64Array(7), x, y));
}

export function interpolate(
  out: Float64Array,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  t: number,
): Float64Array {
  const delta = rminus(new Float64Array(6), b, a);
  for (let i = 0; i < 6; i++) delta[i]! *= t;
  return rplus(out, a, delta);
}

export function fromPose(out: Float64Array, pose: geometry_msgs.msg.Pose): Float64Array {
  const { position: p, orientation: o } = pose;
  const q = quaternion.normalize(new Float64Array(4), [o.x, o.y, o.z, o.w]);
  out.set([p.x, p.y, p.z, q[0]!, q[1]!, q[2]!, q[3]!]);
  return out;
}

export function fromTransform(out: Float64Array, transform: geometry_msgs.msg.Transform): Float64Array {
  const { translation: t, rotation: r } = transform;
  return fromPose(out, { position: t, orientation: r });
}

export function toPose(pose: ArrayLike<number>): geometry_msgs.msg.Pose {
  return {
    position: { x: pose[0]!, y: pose[1]!, z: pose[2]! },
    orientation: { x: pose[3]!, y: pose[4]!, z: pose[5]!, w: pose[6]! },
  };
}
