/**
 * The smallest eigenvalue of a large sparse symmetric operator by the Lanczos method with full
 * reorthogonalization, restricted to the complement of known null vectors (deflation). Only
 * matrix-vector products are needed — no dense decomposition.
 */
import { Random } from '../../common/random.ts';

export interface SmallestEigenvalue {
  readonly value: number;
  readonly iterations: number;
  /** Residual norm ‖A v − λ v‖ of the Ritz pair. */
  readonly residual: number;
}

function orthogonalize(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    let dot = 0;
    for (let k = 0; k < v.length; k++) dot += v[k]! * b[k]!;
    for (let k = 0; k < v.length; k++) v[k]! -= dot * b[k]!;
  }
}

function normalize(v: Float64Array): number {
  let norm = 0;
  for (let k = 0; k < v.length; k++) norm += v[k]! ** 2;
  norm = Math.sqrt(norm);
  for (let k = 0; k < v.length; k++) v[k]! /= norm;
  return norm;
}

/** Eigenvalues (ascending) and first-row… of a symmetric tridiagonal matrix via implicit QL; returns the smallest with its vector. */
function smallestOfTridiagonal(
  alpha: readonly number[],
  beta: readonly number[],
): { value: number; vector: Float64Array } {
  const m = alpha.length;
  const d = Float64Array.from(alpha);
  const e = new Float64Array(m);
  for (let k = 1; k < m; k++) e[k - 1] = beta[k - 1]!;
  const z = new Float64Array(m * m);
  for (let k = 0; k < m; k++) z[k * m + k] = 1;
  for (let l = 0; l < m; l++) {
    for (let iteration = 0; iteration < 60; iteration++) {
      let mIndex = l;
      for (; mIndex < m - 1; mIndex++) {
        const dd = Math.abs(d[mIndex]!) + Math.abs(d[mIndex + 1]!);
        if (Math.abs(e[mIndex]!) <= 1e-15 * dd) break;
      }
      if (mIndex === l) break;
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[mIndex]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = mIndex - 1;
      for (; i >= l; i--) {
        let f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[mIndex] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (let k = 0; k < m; k++) {
          f = z[k * m + i + 1]!;
          z[k * m + i + 1] = s * z[k * m + i]! + c * f;
          z[k * m + i] = c * z[k * m + i]! - s * f;
        }
      }
      if (r === 0 && i >= l) continue;
      d[l]! -= p;
      e[l] = g;
      e[mIndex] = 0;
    }
  }
  let best = 0;
  for (let k = 1; k < m; k++) if (d[k]! < d[best]!) best = k;
  return { value: d[best]!, vector: Float64Array.from({ length: m }, (_, k) => z[k * m + best]!) };
}

export function smallestEigenvalue(
  size: number,
  multiply: (out: Float64Array, v: Float64Array) => void,
  deflate: readonly Float64Array[] = [],
  options: { maxIterations?: number; tolerance?: number; seed?: number } = {},
): SmallestEigenvalue {
  const maxIterations = Math.min(options.maxIterations ?? 300, size - deflate.length);
  const tolerance = options.tolerance ?? 1e-9;
  const random = new Random(options.seed ?? 1);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let v = Float64Array.from({ length: size }, () => random.range(-1, 1));
  orthogonalize(v, deflate);
  normalize(v);
  const w = new Float64Array(size);
  let result = { value: NaN, iterations: 0, residual: Infinity };
  for (let k = 0; k < maxIterations; k++) {
    basis.push(v);
    multiply(w, v);
    let a = 0;
    for (let i = 0; i < size; i++) a += w[i]! * v[i]!;
    alpha.push(a);
    // Full reorthogonalization against the Krylov basis and the deflated null vectors.
    orthogonalize(w, deflate);
    orthogonalize(w, basis);
    orthogonalize(w, basis);
    const b = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    const { value, vector } = smallestOfTridiagonal(alpha, beta);
    const residual = Math.abs(b * vector[vector.length - 1]!);
    result = { value, iterations: k + 1, residual };
    if (residual < tolerance * Math.max(1, Math.abs(value)) || b < 1e-14) break;
    beta.push(b);
    v = Float64Array.from(w, (x) => x / b);
  }
  return result;
}
