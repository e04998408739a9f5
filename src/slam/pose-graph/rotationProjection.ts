/**
 * The rotation nearest to a d×d matrix M (maximizing tr(Rᵀ M)): in 2D the angle
 * atan2(m10 − m01, m00 + m11); in 3D the eigenvector of Horn's 4×4 quaternion matrix with the
 * largest eigenvalue (Horn, "Closed-form solution of absolute orientation", 1987), by Jacobi.
 */
import * as so3 from '../../geometry/so3.ts';

export function nearestRotation2(out: Float64Array, m: ArrayLike<number>): Float64Array {
  const angle = Math.atan2(m[2]! - m[1]!, m[0]! + m[3]!);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  out[0] = c;
  out[1] = -s;
  out[2] = s;
  out[3] = c;
  return out;
}

export function nearestRotation3(out: Float64Array, m: ArrayLike<number>): Float64Array {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = Array.from(
    { length: 9 },
    (_, k) => m[k]!,
  ) as number[] as [number, number, number, number, number, number, number, number, number];
  // Quaternion order [w, x, y, z].
  const n = Float64Array.of(
    m00 + m11 + m22,
    m21 - m12,
    m02 - m20,
    m10 - m01,
    m21 - m12,
    m00 - m11 - m22,
    m01 + m10,
    m02 + m20,
    m02 - m20,
    m01 + m10,
    -m00 + m11 - m22,
    m12 + m21,
    m10 - m01,
    m02 + m20,
    m12 + m21,
    -m00 - m11 + m22,
  );
  const { values, vectors } = jacobiEigen4(n);
  let best = 0;
  for (let k = 1; k < 4; k++) if (values[k]! > values[best]!) best = k;
  const q = Float64Array.of(
    vectors[1 * 4 + best]!,
    vectors[2 * 4 + best]!,
    vectors[3 * 4 + best]!,
    vectors[0 * 4 + best]!,
  );
  return so3.toMatrix(out, q);
}

/** Eigen-decomposition of a symmetric 4×4 matrix by cyclic Jacobi rotations (columns are vectors). */
export function jacobiEigen4(matrix: Float64Array): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < 4; p++) for (let q = p + 1; q < 4; q++) off += a[p * 4 + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < 4; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = a[p * 4 + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * 4 + q]! - a[p * 4 + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = a[k * 4 + p]!;
          const akq = a[k * 4 + q]!;
          a[k * 4 + p] = c * akp - s * akq;
          a[k * 4 + q] = s * akp + c * akq;
        }
        for (let k = 0; k < 4; k++) {
          const apk = a[p * 4 + k]!;
          const aqk = a[q * 4 + k]!;
          a[p * 4 + k] = c * apk - s * aqk;
          a[q * 4 + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < 4; k++) {
          const vkp = v[k * 4 + p]!;
          const vkq = v[k * 4 + q]!;
          v[k * 4 + p] = c * vkp - s * vkq;
          v[k * 4 + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.of(a[0]!, a[5]!, a[10]!, a[15]!), vectors: v };
}
