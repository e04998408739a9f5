/**
 * Unit quaternions stored [x, y, z, w] (the ROS order), Hamilton convention: q ⊗ p composes
 * rotations so that act(q ⊗ p, v) = act(q, act(p, v)). Functions write into a caller-given
 * `out` and return it; `out` may alias an input.
 */
export type Quaternion = Float64Array | number[];
export type Vector3 = Float64Array | number[];

export function identity<Q extends Quaternion>(out: Q): Q {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  out[3] = 1;
  return out;
}

export function compose<Q extends Quaternion>(out: Q, a: ArrayLike<number>, b: ArrayLike<number>): Q {
  const ax = a[0]!,
    ay = a[1]!,
    az = a[2]!,
    aw = a[3]!;
  const bx = b[0]!,
    by = b[1]!,
    bz = b[2]!,
    bw = b[3]!;
  out[0] = aw * bx + ax * bw + ay * bz - az * by;
  out[1] = aw * by - ax * bz + ay * bw + az * bx;
  out[2] = aw * bz + ax * by - ay * bx + az * bw;
  out[3] = aw * bw - ax * bx - ay * by - az * bz;
  return out;
}

/** Inverse of a unit quaternion (its conjugate). */
export function inverse<Q extends Quaternion>(out: Q, q: ArrayLike<number>): Q {
  out[0] = -q[0]!;
  out[1] = -q[1]!;
  out[2] = -q[2]!;
  out[3] = q[3]!;
  return out;
}

export function normalize<Q extends Quaternion>(out: Q, q: ArrayLike<number>): Q {
  const n = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
  if (!(n > 0) || !Number.isFinite(n))
    throw new Error(`cannot normalize quaternion [${Array.from(q).join(', ')}]`);
  out[0] = q[0]! / n;
  out[1] = q[1]! / n;
  out[2] = q[2]! / n;
  out[3] = q[3]! / n;
  return out;
}

/** Rotates v by q: q v q*. */
export function act<V extends Vector3>(out: V, q: ArrayLike<number>, v: ArrayLike<number>): V {
  const qx = q[0]!,
    qy = q[1]!,
    qz = q[2]!,
    qw = q[3]!;
  const vx = v[0]!,
    vy = v[1]!,
    vz = v[2]!;
  // t = 2 (q_vec × v); v' = v + w t + q_vec × t
  const tx = 2 * (qy * vz - qz * vy);
  const ty = 2 * (qz * vx - qx * vz);
  const tz = 2 * (qx * vy - qy * vx);
  out[0] = vx + qw * tx + (qy * tz - qz * ty);
  out[1] = vy + qw * ty + (qz * tx - qx * tz);
  out[2] = vz + qw * tz + (qx * ty - qy * tx);
  return out;
}

/** Spherical linear interpolation along the shorter arc, t in [0, 1]. */
export function slerp<Q extends Quaternion>(
  out: Q,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  t: number,
): Q {
  let bx = b[0]!,
    by = b[1]!,
    bz = b[2]!,
    bw = b[3]!;
  let cos = a[0]! * bx + a[1]! * by + a[2]! * bz + a[3]! * bw;
  if (cos < 0) {
    cos = -cos;
    bx = -bx;
    by = -by;
    bz = -bz;
    bw = -bw;
  }
  let wa: number, wb: number;
  if (cos > 0.9995) {
    wa = 1 - t;
    wb = t;
  } else {
    const angle = Math.acos(cos);
    const sin = Math.sin(angle);
    wa = Math.sin((1 - t) * angle) / sin;
    wb = Math.sin(t * angle) / sin;
  }
  out[0] = wa * a[0]! + wb * bx;
  out[1] = wa * a[1]! + wb * by;
  out[2] = wa * a[2]! + wb * bz;
  out[3] = wa * a[3]! + wb * bw;
  return normalize(out, out);
}

/** Rotation about z by `yawRad`. */
export function fromYaw<Q extends Quaternion>(out: Q, yawRad: number): Q {
  out[0] = 0;
  out[1] = 0;
  out[2] = Math.sin(yawRad / 2);
  out[3] = Math.cos(yawRad / 2);
  return out;
}
