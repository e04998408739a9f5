/**
 * A pose graph in SE(d), d = 2 or 3, in the form SE-Sync works with: per node a rotation R_i
 * (row-major d×d) and translation t_i; per edge a measured relative pose (R̃_ij, t̃_ij) with
 * scalar weights κ (rotation) and τ (translation) taken from the information matrix.
 * Objective: F = Σ κ_ij ‖R_j − R_i R̃_ij‖²_F + τ_ij ‖t_j − t_i − R_i t̃_ij‖² (no factor ½).
 */
export type Dimension = 2 | 3;

export interface PoseGraphEdge {
  readonly i: number;
  readonly j: number;
  /** Row-major d×d. */
  readonly rotation: Float64Array;
  readonly translation: Float64Array;
  readonly kappa: number;
  readonly tau: number;
  /** The full information matrix as read (row-major; 3x3 in 2D, 6x6 in 3D), when known. */
  readonly information?: Float64Array;
}

export interface PoseGraph {
  readonly dimension: Dimension;
  readonly nodeCount: number;
  /** Node ids as in the source file, by index. */
  readonly ids: readonly number[];
  readonly edges: readonly PoseGraphEdge[];
  /** Initial estimate from the file's vertices, when it has them: d*d rotation then d translation per node. */
  readonly initial?: PoseGraphEstimate;
}

/** Flat storage: rotations[n·d²] (row-major blocks) and translations[n·d]. */
export interface PoseGraphEstimate {
  readonly rotations: Float64Array;
  readonly translations: Float64Array;
}

/** The SE-Sync objective F of an estimate. */
export function objective(graph: PoseGraph, estimate: PoseGraphEstimate): number {
  const d = graph.dimension;
  const dd = d * d;
  const { rotations: R, translations: t } = estimate;
  let total = 0;
  for (const edge of graph.edges) {
    const ri = edge.i * dd;
    const rj = edge.j * dd;
    let rotationError = 0;
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) {
        let product = 0;
        for (let k = 0; k < d; k++) product += R[ri + r * d + k]! * edge.rotation[k * d + c]!;
        const e = R[rj + r * d + c]! - product;
        rotationError += e * e;
      }
    }
    let translationError = 0;
    for (let r = 0; r < d; r++) {
      let rotated = 0;
      for (let k = 0; k < d; k++) rotated += R[ri + r * d + k]! * edge.translation[k]!;
      const e = t[edge.j * d + r]! - t[edge.i * d + r]! - rotated;
      translationError += e * e;
    }
    total += edge.kappa * rotationError + edge.tau * translationError;
  }
  return total;
}
