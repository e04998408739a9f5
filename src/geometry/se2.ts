/**
 * SE(2) poses stored [x, y, θ] (metres, radians). Tangent [ρx, ρy, φ], translation first.
 * exp: θ = φ, t = V(φ)ρ with V = (1/φ)[[sin φ, −(1−cos φ)], [1−cos φ, sin φ]].
 * Right/left Jacobians and the adjoint as in Solà et al., "A micro Lie theory" (2018), App. C.
 * Matrices are row-major 3x3. Functions write into `out` and may alias inputs.
 */
import { wrap } from './so2.ts';

const SMALL = 1e-9;

export function identity(out: Float64Array = new Float64Array(3)): Float64Array {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  return out;
}

export function compose(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const c = Math.cos(a[2]!);
  const s = Math.sin(a[2]!);
  const x = a[0]! + c * b[0]! - s * b[1]!;
  const y = a[1]! + s * b[0]! + c * b[1]!;
  const theta = wrap(a[2]! + b[2]!);
  out[0] = x;
  out[1] = y;
  out[2] = theta;
  return out;
}

export function inverse(out: Float64Array, a: ArrayLike<number>): Float64Array {
  const c = Math.cos(a[2]!);
  const s = Math.sin(a[2]!);
  const x = -(c * a[0]! + s * a[1]!);
  const y = -(-s * a[0]! + c * a[1]!);
  out[0] = x;
  out[1] = y;
  out[2] = wrap(-a[2]!);
  return out;
}

export function between(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return compose(out, inverse(new Float64Array(3), a), b);
}

export function act(out: Float64Array, a: ArrayLike<number>, p: ArrayLike<number>): Float64Array {
  const c = Math.cos(a[2]!);
  const s = Math.sin(a[2]!);
  const x = a[0]! + c * p[0]! - s * p[1]!;
  const y = a[1]! + s * p[0]! + c * p[1]!;
  out[0] = x;
  out[1] = y;
  return out;
}

function vCoefficients(phi: number): [number, number] {
  if (Math.abs(phi) < SMALL) return [1 - (phi * phi) / 6, phi / 2];
  return [Math.sin(phi) / phi, (1 - Math.cos(phi)) / phi];
}

export function exp(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  const phi = tau[2]!;
  const [a, b] = vCoefficients(phi);
  const x = a * tau[0]! - b * tau[1]!;
  const y = b * tau[0]! + a * tau[1]!;
  out[0] = x;
  out[1] = y;
  out[2] = wrap(phi);
  return out;
}

export function log(out: Float64Array, pose: ArrayLike<number>): Float64Array {
  const phi = wrap(pose[2]!);
  const [a, b] = vCoefficients(phi);
  const det = a * a + b * b;
  const x = (a * pose[0]! + b * pose[1]!) / det;
  const y = (-b * pose[0]! + a * pose[1]!) / det;
  out[0] = x;
  out[1] = y;
  out[2] = phi;
  return out;
}

/** τ^ as a 3x3 Lie algebra matrix. */
export function hat(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  out.set([0, -tau[2]!, tau[0]!, tau[2]!, 0, tau[1]!, 0, 0, 0]);
  return out;
}

export function vee(out: Float64Array, m: ArrayLike<number>): Float64Array {
  out[0] = m[2]!;
  out[1] = m[5]!;
  out[2] = m[3]!;
  return out;
}

export function adjoint(out: Float64Array, pose: ArrayLike<number>): Float64Array {
  const c = Math.cos(pose[2]!);
  const s = Math.sin(pose[2]!);
  out.set([c, -s, pose[1]!, s, c, -pose[0]!, 0, 0, 1]);
  return out;
}

export function rightJacobian(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  const [r1, r2, t] = [tau[0]!, tau[1]!, tau[2]!];
  if (Math.abs(t) < 1e-6) {
    out.set([1, t / 2, -r2 / 2 + (t * r1) / 6, -t / 2, 1, r1 / 2 + (t * r2) / 6, 0, 0, 1]);
    return out;
  }
  const s = Math.sin(t);
  const c = Math.cos(t);
  out.set([
    s / t,
    (1 - c) / t,
    (t * r1 - r2 + r2 * c - r1 * s) / (t * t),
    (c - 1) / t,
    s / t,
    (r1 + t * r2 - r1 * c - r2 * s) / (t * t),
    0,
    0,
    1,
  ]);
  return out;
}

export function leftJacobian(out: Float64Array, tau: ArrayLike<number>): Float64Array {
  const [r1, r2, t] = [tau[0]!, tau[1]!, tau[2]!];
  if (Math.abs(t) < 1e-6) {
    out.set([1, -t / 2, r2 / 2 + (t * r1) / 6, t / 2, 1, -r1 / 2 + (t * r2) / 6, 0, 0, 1]);
    return out;
  }
  const s = Math.sin(t);
  const c = Math.cos(t);
  out.set([
    s / t,
    (c - 1) / t,
    (t * r1 + r2 - r2 * c - r1 * s) / (t * t),
    (1 - c) / t,
    s / t,
    (-r1 + t * r2 + r1 * c - r2 * s) / (t * t),
    0,
    0,
    1,
  ]);
  return out;
}

export function rplus(out: Float64Array, pose: ArrayLike<number>, tau: ArrayLike<number>): Float64Array {
  return compose(out, pose, exp(new Float64Array(3), tau));
}

export function rminus(out: Float64Array, y: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  return log(out, between(new Float64Array(3), x, y));
}

export function interpolate(
  out: Float64Array,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  t: number,
): Float64Array {
  const delta = rminus(new Float64Array(3), b, a);
  for (let i = 0; i < 3; i++) delta[i]! *= t;
  return rplus(out, a, delta);
}

/** The planar part of an SE(3) pose [x, y, z, qx, qy, qz, qw]: x, y and the yaw about z. */
export function fromSe3(out: Float64Array, pose: ArrayLike<number>): Float64Array {
  const [qx, qy, qz, qw] = [pose[3]!, pose[4]!, pose[5]!, pose[6]!];
  out[0] = pose[0]!;
  out[1] = pose[1]!;
  out[2] = Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
  return out;
}
