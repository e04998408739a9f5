/**
 * Rotation averaging problems: n unknown rotations R_i ∈ SO(3) (row-major 3×3, flat
 * Float64Array of 9n) and measured relative rotations R̃_ij ≈ R_iᵀ R_j with weights w_ij.
 * Cost (chordal): f(R) = Σ w_ij ‖R_i R̃_ij − R_j‖²_F.
 */
import { assertRotationMatrix } from '../../geometry/so3.ts';

export interface RelativeRotation {
  readonly i: number;
  readonly j: number;
  /** Row-major 3×3. */
  readonly rotation: Float64Array;
  readonly weight: number;
}

export interface RotationGraph {
  readonly nodeCount: number;
  readonly edges: readonly RelativeRotation[];
}

/** Checks indices, weights and that every measurement is a rotation; throws naming the edge. */
export function validateRotationGraph(graph: RotationGraph): void {
  if (!Number.isInteger(graph.nodeCount) || graph.nodeCount < 1)
    throw new Error(`rotation graph needs at least one node, got ${graph.nodeCount}`);
  graph.edges.forEach((edge, k) => {
    if (
      !Number.isInteger(edge.i) ||
      !Number.isInteger(edge.j) ||
      edge.i < 0 ||
      edge.j < 0 ||
      edge.i >= graph.nodeCount ||
      edge.j >= graph.nodeCount ||
      edge.i === edge.j
    )
      throw new Error(`edge ${k}: invalid nodes (${edge.i}, ${edge.j}) for ${graph.nodeCount} nodes`);
    if (!(edge.weight > 0) || !Number.isFinite(edge.weight))
      throw new Error(`edge ${k}: weight must be positive and finite, got ${edge.weight}`);
    assertRotationMatrix(edge.rotation, 1e-6, `edge ${k} (${edge.i} → ${edge.j}) rotation`);
  });
}

export function chordalCost(graph: RotationGraph, rotations: Float64Array): number {
  let total = 0;
  for (const { i, j, rotation: M, weight } of graph.edges) {
    let sum = 0;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        let product = 0;
        for (let k = 0; k < 3; k++) product += rotations[i * 9 + r * 3 + k]! * M[k * 3 + c]!;
        sum += (product - rotations[j * 9 + r * 3 + c]!) ** 2;
      }
    }
    total += weight * sum;
  }
  return total;
}

/** Geodesic angle (radians) between two rotation matrices. */
export function angleBetween(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let trace = 0;
  for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) trace += a[k * 3 + r]! * b[k * 3 + r]!;
  return Math.acos(Math.max(-1, Math.min(1, (trace - 1) / 2)));
}
