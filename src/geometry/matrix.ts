/**
 * Small dense helpers for 3x3 and 6x6 row-major matrices in Float64Arrays (hot paths write
 * into caller-given `out` arrays; `out` may not alias an input unless a function says so).
 */
export type Vec = Float64Array;

export function mat3Multiply(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const a0 = a[0]!,
    a1 = a[1]!,
    a2 = a[2]!,
    a3 = a[3]!,
    a4 = a[4]!,
    a5 = a[5]!,
    a6 = a[6]!,
    a7 = a[7]!,
    a8 = a[8]!;
  const b0 = b[0]!,
    b1 = b[1]!,
    b2 = b[2]!,
    b3 = b[3]!,
    b4 = b[4]!,
    b5 = b[5]!,
    b6 = b[6]!,
    b7 = b[7]!,
    b8 = b[8]!;
  out[0] = a0 * b0 + a1 * b3 + a2 * b6;
  out[1] = a0 * b1 + a1 * b4 + a2 * b7;
  out[2] = a0 * b2 + a1 * b5 + a2 * b8;
  out[3] = a3 * b0 + a4 * b3 + a5 * b6;
  out[4] = a3 * b1 + a4 * b4 + a5 * b7;
  out[5] = a3 * b2 + a4 * b5 + a5 * b8;
  out[6] = a6 * b0 + a7 * b3 + a8 * b6;
  out[7] = a6 * b1 + a7 * b4 + a8 * b7;
  out[8] = a6 * b2 + a7 * b5 + a8 * b8;
  return out;
}

export function mat3Transpose(out: Float64Array, a: ArrayLike<number>): Float64Array {
  const a1 = a[1]!,
    a2 = a[2]!,
    a5 = a[5]!;
  out[0] = a[0]!;
  out[4] = a[4]!;
  out[8] = a[8]!;
  out[1] = a[3]!;
  out[3] = a1;
  out[2] = a[6]!;
  out[6] = a2;
  out[5] = a[7]!;
  out[7] = a5;
  return out;
}

export function mat3MulVec(out: Float64Array, m: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
  const x = v[0]!,
    y = v[1]!,
    z = v[2]!;
  out[0] = m[0]! * x + m[1]! * y + m[2]! * z;
  out[1] = m[3]! * x + m[4]! * y + m[5]! * z;
  out[2] = m[6]! * x + m[7]! * y + m[8]! * z;
  return out;
}

/** [v]×, the skew-symmetric matrix of v. */
export function skew(out: Float64Array, v: ArrayLike<number>): Float64Array {
  out[0] = 0;
  out[1] = -v[2]!;
  out[2] = v[1]!;
  out[3] = v[2]!;
  out[4] = 0;
  out[5] = -v[0]!;
  out[6] = -v[1]!;
  out[7] = v[0]!;
  out[8] = 0;
  return out;
}

/** General dense square matrix inverse by Gauss-Jordan with partial pivoting (n small). */
export function invertSquare(out: Float64Array, a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a as ArrayLike<number>);
  out.fill(0);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    const p = m[pivot * n + col]!;
    if (Math.abs(p) < 1e-300) throw new Error('matrix is singular');
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        [m[col * n + k], m[pivot * n + k]] = [m[pivot * n + k]!, m[col * n + k]!];
        [out[col * n + k], out[pivot * n + k]] = [out[pivot * n + k]!, out[col * n + k]!];
      }
    }
    for (let k = 0; k < n; k++) {
      m[col * n + k]! /= p;
      out[col * n + k]! /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        m[r * n + k]! -= f * m[col * n + k]!;
        out[r * n + k]! -= f * out[col * n + k]!;
      }
    }
  }
  return out;
}
