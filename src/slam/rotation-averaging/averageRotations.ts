/**
 * Rotation averaging end to end: chordal initialization (linear least squares over
 * unconstrained matrices, projected to SO(3)), block coordinate descent to a stationary point,
 * and the dual optimality certificate. `robust` adds IRLS reweighting against outlier edges.
 */
import { conjugateGradient } from '../linear/conjugateGradient.ts';
import { nearestRotation3 } from '../pose-graph/rotationProjection.ts';
import { certify, type Certificate } from './certificate.ts';
import { coordinateDescent, robustCoordinateDescent } from './coordinateDescent.ts';
import { validateRotationGraph, type RotationGraph } from './RotationGraph.ts';

export interface RotationAveragingResult {
  readonly rotations: Float64Array;
  readonly certificate: Certificate;
  readonly sweeps: number;
  /** Final IRLS weights (robust mode). */
  readonly edgeWeights?: Float64Array;
}

/**
 * Chordal initialization: min Σ w‖R_j − R_i R̃_ij‖²_F over unconstrained matrices with R_0 = I,
 * solved row by row with Jacobi-preconditioned conjugate gradients (each iteration is one pass
 * over the edges, so the cost stays linear in the edges even on graphs whose Cholesky factor
 * would fill in), then each R_i projected to SO(3).
 */
export function chordalInitialRotations(
  graph: RotationGraph,
  options: { tolerance?: number; maxIterations?: number } = {},
): Float64Array {
  const n = graph.nodeCount;
  const size = 3 * n;
  const diagonal = new Float64Array(n);
  for (const { i, j, weight } of graph.edges) {
    diagonal[i]! += weight;
    diagonal[j]! += weight;
  }
  for (let v = 1; v < n; v++)
    if (diagonal[v] === 0) throw new Error(`rotation graph is disconnected: node ${v} has no edges`);
  // y = M x for the free nodes (node 0 fixed: its entries are ignored and kept at zero).
  const multiply = (out: Float64Array, x: Float64Array) => {
    for (let v = 0; v < n; v++)
      for (let k = 0; k < 3; k++) out[v * 3 + k] = v === 0 ? 0 : diagonal[v]! * x[v * 3 + k]!;
    for (const { i, j, rotation: M, weight } of graph.edges) {
      for (let r = 0; r < 3; r++) {
        let toI = 0;
        let toJ = 0;
        for (let c = 0; c < 3; c++) {
          toI += M[r * 3 + c]! * x[j * 3 + c]!;
          toJ += M[c * 3 + r]! * x[i * 3 + c]!;
        }
        if (i !== 0) out[i * 3 + r]! -= weight * toI;
        if (j !== 0) out[j * 3 + r]! -= weight * toJ;
      }
    }
  };
  const rows = [0, 1, 2].map((r) => {
    const rhs = new Float64Array(size);
    for (const { i, j, rotation: M, weight } of graph.edges) {
      if (i === 0 && j !== 0) for (let c = 0; c < 3; c++) rhs[j * 3 + c]! += weight * M[r * 3 + c]!;
      else if (j === 0 && i !== 0) for (let c = 0; c < 3; c++) rhs[i * 3 + c]! += weight * M[c * 3 + r]!;
    }
    const x = new Float64Array(size);
    conjugateGradient(
      multiply,
      (out, r) => {
        for (let v = 3; v < size; v++) out[v] = r[v]! / diagonal[Math.floor(v / 3)]!;
      },
      rhs,
      x,
      options.tolerance ?? 1e-10,
      options.maxIterations ?? 2000,
    );
    return x;
  });
  const rotations = new Float64Array(9 * n);
  rotations.set([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const m = new Float64Array(9);
  for (let v = 1; v < n; v++) {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m[r * 3 + c] = rows[r]![v * 3 + c]!;
    rotations.set(nearestRotation3(new Float64Array(9), m), v * 9);
  }
  return rotations;
}

export function averageRotations(
  graph: RotationGraph,
  options: { mode?: 'least_squares' | 'robust' } = {},
): RotationAveragingResult {
  validateRotationGraph(graph);
  const initial = chordalInitialRotations(graph);
  if (options.mode === 'robust') {
    const { rotations, weights } = robustCoordinateDescent(graph, initial);
    const inliers: RotationGraph = {
      nodeCount: graph.nodeCount,
      edges: graph.edges.map((e, k) => ({ ...e, weight: e.weight * weights[k]! })),
    };
    const refined = coordinateDescent(inliers, rotations);
    return {
      rotations: refined.rotations,
      certificate: certify(inliers, refined.rotations),
      sweeps: refined.sweeps,
      edgeWeights: weights,
    };
  }
  const { rotations, sweeps } = coordinateDescent(graph, initial);
  return { rotations, certificate: certify(graph, rotations), sweeps };
}
