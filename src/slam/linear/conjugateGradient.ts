/**
 * Preconditioned conjugate gradients for A x = b, A symmetric positive definite, from x = 0.
 * Stops when ‖r‖ ≤ tolerance·‖b‖; reports `converged: false` after `maxIterations` or on a
 * direction of non-positive curvature (A is not positive definite there).
 */
export function conjugateGradient(
  multiply: (out: Float64Array, x: Float64Array) => void,
  precondition: (out: Float64Array, r: Float64Array) => void,
  b: Float64Array,
  x: Float64Array,
  tolerance: number,
  maxIterations: number,
): { iterations: number; converged: boolean } {
  const size = b.length;
  x.fill(0);
  const r = Float64Array.from(b);
  const z = new Float64Array(size);
  const q = new Float64Array(size);
  precondition(z, r);
  const p = Float64Array.from(z);
  let rz = 0;
  let bNorm = 0;
  for (let k = 0; k < size; k++) {
    rz += r[k]! * z[k]!;
    bNorm += b[k]! ** 2;
  }
  bNorm = Math.sqrt(bNorm);
  if (bNorm === 0) return { iterations: 0, converged: true };
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    multiply(q, p);
    let pq = 0;
    for (let k = 0; k < size; k++) pq += p[k]! * q[k]!;
    if (!(pq > 0)) return { iterations: iteration, converged: false };
    const alpha = rz / pq;
    let rNorm = 0;
    for (let k = 0; k < size; k++) {
      x[k]! += alpha * p[k]!;
      r[k]! -= alpha * q[k]!;
      rNorm += r[k]! ** 2;
    }
    if (Math.sqrt(rNorm) <= tolerance * bNorm) return { iterations: iteration, converged: true };
    precondition(z, r);
    let rzNext = 0;
    for (let k = 0; k < size; k++) rzNext += r[k]! * z[k]!;
    const beta = rzNext / rz;
    rz = rzNext;
    for (let k = 0; k < size; k++) p[k] = z[k]! + beta * p[k]!;
  }
  return { iterations: maxIterations, converged: false };
}
