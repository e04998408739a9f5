/**
 * SO(3) as unit quaternions [x, y, z, w] (ROS order), Sophus/manif verbs. Tangent ω ∈ R³
 * (axis·angle). exp(ω) = [sin(θ/2) ω/θ, cos(θ/2)]; log is its inverse with θ ∈ [0, π].
 * Right Jacobian Jr(ω) = I − (1−cos θ)/θ² [ω]× + (θ−sin θ)/θ³ [ω]×², left Jl(ω) = Jr(−ω),
 * so that exp(ω+δ) ≈ exp(ω)·exp(Jr δ) ≈ exp(Jl δ)·exp(ω). Adjoint = R.
 * (Solà, Deray, Atchuthan, "A micro Lie theory", 2018.)
 */
import * as quaternion from './quaternion.ts';
import { skew } from './matrix.ts';

const SMALL = 1e-10;

export function identity(out: Float64Array = new Float64Array(4)): Float64Array {
  return quaternion.identity(out);
}

export const compose = quaternion.compose;
export const inverse = quaternion.inverse;
export const act = quaternion.act;
export const slerp = quaternion.slerp;

export function exp(out: Float64Array, omega: ArrayLike<number>): Float64Array {
  const x = omega[0]!,
    y = omega[1]!,
    z = omega[2]!;
  const theta = Math.hypot(x, y, z);
  const half = theta / 2;
  const k = theta < SMALL ? 0.5 - (theta * theta) / 48 : Math.sin(half) / theta;
  out[0] = k * x;
  out[1] = k * y;
  out[2] = k * z;
  out[3] = Math.cos(half);
  return out;
}

export function log(out: Float64Array, q: ArrayLike<number>): Float64Array {
  let x = q[0]!,
    y = q[1]!,
    z = q[2]!,
    w = q[3]!;
  if (w < 0) {
    x = -x;
    y = -y;
    z = -z;
    w = -w;
  }
  const s = Math.hypot(x, y, z);
  const k = s < SMALL ? 2 / w - (2 * s * s) / (3 * w * w * w) : (2 * Math.atan2(s, w)) / s;
  out[0] = k * x;
  out[1] = k * y;
  out[2] = k * z;
  return out;
}

export function hat(out: Float64Array, omega: ArrayLike<number>): Float64Array {
  return skew(out, omega);
}

export function vee(out: Float64Array, m: ArrayLike<number>): Float64Array {
  out[0] = m[7]!;
  out[1] = m[2]!;
  out[2] = m[3]!;
  return out;
}

/** Row-major 3x3 rotation matrix of q. */
export function toMatrix(out: Float64Array, q: ArrayLike<number>): Float64Array {
  const x = q[0]!,
    y = q[1]!,
    z = q[2]!,
    w = q[3]!;
  out[0] = 1 - 2 * (y * y + z * z);
  out[1] = 2 * (x * y - z * w);
  out[2] = 2 * (x * z + y * w);
  out[3] = 2 * (x * y + z * w);
  out[4] = 1 - 2 * (x * x + z * z);
  out[5] = 2 * (y * z - x * w);
  out[6] = 2 * (x * z - y * w);
  out[7] = 2 * (y * z + x * w);
  out[8] = 1 - 2 * (x * x + y * y);
  return out;
}

/** Quaternion of a rotation matrix (Shepperd's method); throws if `m` is not a rotation. */
export function fromMatrix(out: Float64Array, m: ArrayLike<number>): Float64Array {
  for (let i = 0; i < 9; i++)
    if (!Number.isFinite(m[i]!)) throw new Error('rotation matrix has a non-finite entry');
  const trace = m[0]! + m[4]! + m[8]!;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1);
    out[3] = s / 4;
    out[0] = (m[7]! - m[5]!) / s;
    out[1] = (m[2]! - m[6]!) / s;
    out[2] = (m[3]! - m[1]!) / s;
  } else if (m[0]! > m[4]! && m[0]! > m[8]!) {
    const s = 2 * Math.sqrt(1 + m[0]! - m[4]! - m[8]!);
    out[3] = (m[7]! - m[5]!) / s;
    out[0] = s / 4;
    out[1] = (m[1]! + m[3]!) / s;
    out[2] = (m[2]! + m[6]!) / s;
  } else if (m[4]! > m[8]!) {
    const s = 2 * Math.sqrt(1 + m[4]! - m[0]! - m[8]!);
    out[3] = (m[2]! - m[6]!) / s;
    out[0] = (m[1]! + m[3]!) / s;
    out[1] = s / 4;
    out[2] = (m[5]! + m[7]!) / s;
  } else {
    const s = 2 * Math.sqrt(1 + m[8]! - m[0]! - m[4]!);
    out[3] = (m[3]! - m[1]!) / s;
    out[0] = (m[2]! + m[6]!) / s;
    out[1] = (m[5]! + m[7]!) / s;
    out[2] = s / 4;
  }
  return quaternion.normalize(out, out);
}

/** Checks that a 3x3 matrix is a rotation (RᵀR = I, det = +1) within `tolerance`. */
export function assertRotationMatrix(m: ArrayLike<number>, tolerance = 1e-6, what = 'matrix'): void {
  if (m.length !== 9) throw new Error(`${what} must have 9 entries, got ${m.length}`);
  for (let k = 0; k < 9; k++)
    if (!Number.isFinite(m[k]!)) throw new Error(`${what} has a non-finite entry (${m[k]} at ${k})`);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let dot = 0;
      for (let k = 0; k < 3; k++) dot += m[k * 3 + i]! * m[k * 3 + j]!;
      if (Math.abs(dot - (i === j ? 1 : 0)) > tolerance)
        throw new Error(`${what} is not orthogonal (RᵀR[${i}][${j}] = ${dot})`);
    }
  }
  const det =
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  if (Math.abs(det - 1) > tolerance) throw new Error(`${what} has determinant ${det}, not +1`);
}

function jacobian(out: Float64Array, omega: ArrayLike<number>, sign: 1 | -1): Float64Array {
  const x = omega[0]!,
    y = omega[1]!,
    z = omega[2]!;
  const t2 = x * x + y * y + z * z;
  const theta = Math.sqrt(t2);
  const a = theta < 1e-6 ? 0.5 - t2 / 24 : (1 - Math.cos(theta)) / t2;
  const b = theta < 1e-6 ? 1 / 6 - t2 / 120 : (theta - Math.sin(theta)) / (t2 * theta);
  // W = [ω]×, W² = ωωᵀ − θ² I
  const w = [0, -z, y, z, 0, -x, -y, x, 0];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const w2 = omega[i]! * omega[j]! - (i === j ? t2 : 0);
      out[i * 3 + j] = (i === j ? 1 : 0) + sign * a * w[i * 3 + j]! + b * w2;
    }
  }
  return out;
}

export function rightJacobian(out: Float64Array, omega: ArrayLike<number>): Float64Array {
  return jacobian(out, omega, -1);
}

export function leftJacobian(out: Float64Array, omega: ArrayLike<number>): Float64Array {
  return jacobian(out, omega, 1);
}

function inverseJacobian(out: Float64Array, omega: ArrayLike<number>, sign: 1 | -1): Float64Array {
  const x = omega[0]!,
    y = omega[1]!,
    z = omega[2]!;
  const t2 = x * x + y * y + z * z;
  const theta = Math.sqrt(t2);
  const c = theta < 1e-6 ? 1 / 12 + t2 / 720 : 1 / t2 - (1 + Math.cos(theta)) / (2 * theta * Math.sin(theta));
  const w = [0, -z, y, z, 0, -x, -y, x, 0];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const w2 = omega[i]! * omega[j]! - (i === j ? t2 : 0);
      out[i * 3 + j] = (i === j ? 1 : 0) - sign * 0.5 * w[i * 3 + j]! + c * w2;
    }
  }
  return out;
}

export function rightJacobianInverse(out: Float64Array, omega: ArrayLike<number>): Float64Array {
  return inverseJacobian(out, omega, -1);
}

export function leftJacobianInverse(out: Float64Array, omega: ArrayLike<number>): Float64Array {
  return inverseJacobian(out, omega, 1);
}

export function adjoint(out: Float64Array, q: ArrayLike<number>): Float64Array {
  return toMatrix(out, q);
}

/** X ⊕ τ = X·exp(τ) */
export function rplus(out: Float64Array, q: ArrayLike<number>, tau: ArrayLike<number>): Float64Array {
  return quaternion.compose(out, q as Float64Array, exp(new Float64Array(4), tau));
}

/** Y ⊖ X = log(X⁻¹·Y) */
export function rminus(out: Float64Array, y: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  const d = quaternion.compose(
    new Float64Array(4),
    quaternion.inverse(new Float64Array(4), x as Float64Array),
    y as Float64Array,
  );
  return log(out, d);
}

export function between(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return quaternion.compose(
    out,
    quaternion.inverse(new Float64Array(4), a as Float64Array),
    b as Float64Array,
  );
}
