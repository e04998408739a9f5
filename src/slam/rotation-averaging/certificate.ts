/**
 * Optimality certificate for rotation averaging (Eriksson, Olsson, Kahl, Chin, CVPR 2018 /
 * TPAMI 2019). With R = [R_1 … R_n] and the symmetric data matrix R̃ (blocks w_ij R̃_ij at (i, j)
 * and their transposes at (j, i)), a stationary point gives Λ_i = sym(Σ_j R̃_ij R_jᵀ R_i); the
 * point is globally optimal if Λ − R̃ ⪰ 0. Its three trivial null vectors (the columns of Rᵀ) are
 * deflated and the smallest remaining eigenvalue μ found by Lanczos; a negative μ bounds the
 * duality gap: Λ − μI is dual-feasible, so f(R) − f* ≤ 2·3n·|μ| in chordal-cost units.
 */
import { smallestEigenvalue } from './lanczos.ts';
import { chordalCost, type RotationGraph } from './RotationGraph.ts';

export interface Certificate {
  readonly certified: boolean;
  readonly minEigenvalue: number;
  /** Upper bound on f(R) − f*, in the chordal cost's units (0 when certified). */
  readonly dualityGap: number;
  readonly cost: number;
  readonly lanczosIterations: number;
}

/** The tolerance on μ: numerical noise of the order of the data's weights times this. */
export const CERTIFICATE_TOLERANCE = 1e-6;

export function certify(graph: RotationGraph, rotations: Float64Array): Certificate {
  const n = graph.nodeCount;
  const lambda = new Float64Array(n * 9);
  // Λ_i = Σ_j R̃_ij R_jᵀ R_i (for edges (i,j)) and Σ_k R̃_kiᵀ R_kᵀ R_i (for edges (k,i)).
  const add = (node: number, A: (r: number, c: number) => number, other: number, weight: number) => {
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let a = 0; a < 3; a++) {
          let t = 0;
          for (let b = 0; b < 3; b++)
            t += rotations[other * 9 + b * 3 + a]! * rotations[node * 9 + b * 3 + c]!; // (R_otherᵀ R_node)[a][c]
          s += A(r, a) * t;
        }
        lambda[node * 9 + r * 3 + c]! += weight * s;
      }
    }
  };
  let maxWeight = 0;
  for (const { i, j, rotation: M, weight } of graph.edges) {
    add(i, (r, a) => M[r * 3 + a]!, j, weight);
    add(j, (r, a) => M[a * 3 + r]!, i, weight);
    maxWeight = Math.max(maxWeight, weight);
  }
  for (let v = 0; v < n; v++) {
    for (let r = 0; r < 3; r++)
      for (let c = r + 1; c < 3; c++) {
        const s = (lambda[v * 9 + r * 3 + c]! + lambda[v * 9 + c * 3 + r]!) / 2;
        lambda[v * 9 + r * 3 + c] = lambda[v * 9 + c * 3 + r] = s;
      }
  }
  const multiply = (out: Float64Array, x: Float64Array) => {
    for (let v = 0; v < n; v++)
      for (let r = 0; r < 3; r++) {
        let s = 0;
        for (let c = 0; c < 3; c++) s += lambda[v * 9 + r * 3 + c]! * x[v * 3 + c]!;
        out[v * 3 + r] = s;
      }
    for (const { i, j, rotation: M, weight } of graph.edges) {
      for (let r = 0; r < 3; r++) {
        let si = 0;
        let sj = 0;
        for (let c = 0; c < 3; c++) {
          si += M[r * 3 + c]! * x[j * 3 + c]!;
          sj += M[c * 3 + r]! * x[i * 3 + c]!;
        }
        out[i * 3 + r]! -= weight * si;
        out[j * 3 + r]! -= weight * sj;
      }
    }
  };
  // Null vectors: the three columns of Rᵀ, i.e. rows of R stacked (orthonormalized: each has norm √n).
  const deflate = [0, 1, 2].map((k) =>
    Float64Array.from(
      { length: 3 * n },
      (_, idx) => rotations[Math.floor(idx / 3) * 9 + k * 3 + (idx % 3)]! / Math.sqrt(n),
    ),
  );
  const { value, iterations } = smallestEigenvalue(3 * n, multiply, deflate, {
    maxIterations: Math.min(3 * n - 3, 250),
  });
  const tolerance = CERTIFICATE_TOLERANCE * Math.max(1, maxWeight);
  const certified = value >= -tolerance;
  return {
    certified,
    minEigenvalue: value,
    dualityGap: value < 0 ? 6 * n * -value : 0,
    cost: chordalCost(graph, rotations),
    lanczosIterations: iterations,
  };
}
