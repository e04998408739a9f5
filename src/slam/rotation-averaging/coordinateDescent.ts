/**
 * Rotation averaging by block coordinate descent on SO(3): each R_i in turn is set to its
 * exact minimizer with the others fixed — the rotation nearest to
 * M_i = Σ_{(i,j)} w R_j R̃_ijᵀ + Σ_{(k,i)} w R_k R̃_ki — so the cost never increases and a sweep
 * costs O(edges). This is the coordinate-descent idea of Parra et al. (CVPR 2021) applied to the
 * primal problem; optimality is then checked by the dual certificate (`certificate.ts`).
 * A robust variant reweights edges by IRLS with the Geman–McClure loss.
 */
import { nearestRotation3 } from '../pose-graph/rotationProjection.ts';
import { chordalCost, type RotationGraph } from './RotationGraph.ts';

export interface DescentOptions {
  readonly maxSweeps?: number;
  /** Stop when a sweep lowers the cost by less than this fraction. */
  readonly relativeDecrease?: number;
  readonly onSweep?: (sweep: number, cost: number) => void;
}

export function coordinateDescent(
  graph: RotationGraph,
  start: Float64Array,
  options: DescentOptions = {},
): { rotations: Float64Array; cost: number; sweeps: number } {
  const n = graph.nodeCount;
  const rotations = Float64Array.from(start);
  // Incidence lists in flat arrays: for node v, its edges and whether v is the edge's i.
  const degree = new Int32Array(n + 1);
  for (const { i, j } of graph.edges) {
    degree[i + 1]!++;
    degree[j + 1]!++;
  }
  for (let v = 0; v < n; v++) degree[v + 1]! += degree[v]!;
  const incident = new Int32Array(degree[n]!);
  const fill = degree.slice(0, n);
  graph.edges.forEach(({ i, j }, k) => {
    incident[fill[i]!++] = 2 * k;
    incident[fill[j]!++] = 2 * k + 1;
  });
  const M = new Float64Array(9);
  const out = new Float64Array(9);
  const maxSweeps = options.maxSweeps ?? 2000;
  const tolerance = options.relativeDecrease ?? 1e-13;
  let cost = chordalCost(graph, rotations);
  let sweeps = 0;
  while (sweeps < maxSweeps) {
    sweeps++;
    for (let v = 0; v < n; v++) {
      M.fill(0);
      for (let e = degree[v]!; e < degree[v + 1]!; e++) {
        const code = incident[e]!;
        const edge = graph.edges[code >> 1]!;
        const R = edge.rotation;
        const w = edge.weight;
        if ((code & 1) === 0) {
          // v = i: term w‖R_v R̃ − R_j‖² → pulls R_v toward R_j R̃ᵀ
          const o = edge.j * 9;
          for (let r = 0; r < 3; r++)
            for (let c = 0; c < 3; c++) {
              let s = 0;
              for (let k = 0; k < 3; k++) s += rotations[o + r * 3 + k]! * R[c * 3 + k]!;
              M[r * 3 + c]! += w * s;
            }
        } else {
          // v = j: term w‖R_i R̃ − R_v‖² → pulls R_v toward R_i R̃
          const o = edge.i * 9;
          for (let r = 0; r < 3; r++)
            for (let c = 0; c < 3; c++) {
              let s = 0;
              for (let k = 0; k < 3; k++) s += rotations[o + r * 3 + k]! * R[k * 3 + c]!;
              M[r * 3 + c]! += w * s;
            }
        }
      }
      if (degree[v + 1]! > degree[v]!) rotations.set(nearestRotation3(out, M), v * 9);
    }
    const next = chordalCost(graph, rotations);
    options.onSweep?.(sweeps, next);
    const decrease = cost - next;
    cost = next;
    if (decrease <= tolerance * Math.max(cost, 1e-300)) break;
  }
  return { rotations, cost, sweeps };
}

/** IRLS with the Geman–McClure loss ρ(r²) = c²r²/(c² + r²) on chordal residuals r (c in chordal units). */
export function robustCoordinateDescent(
  graph: RotationGraph,
  start: Float64Array,
  scale = 0.5,
  rounds = 10,
): { rotations: Float64Array; weights: Float64Array } {
  let rotations = start;
  const weights = new Float64Array(graph.edges.length).fill(1);
  for (let round = 0; round < rounds; round++) {
    const reweighted: RotationGraph = {
      nodeCount: graph.nodeCount,
      edges: graph.edges.map((e, k) => ({ ...e, weight: e.weight * weights[k]! })),
    };
    rotations = coordinateDescent(reweighted, rotations, {
      maxSweeps: 300,
      relativeDecrease: 1e-10,
    }).rotations;
    graph.edges.forEach((edge, k) => {
      const single = chordalCost({ nodeCount: graph.nodeCount, edges: [{ ...edge, weight: 1 }] }, rotations);
      weights[k] = ((scale * scale) / (scale * scale + single)) ** 2;
    });
  }
  return { rotations, weights };
}
