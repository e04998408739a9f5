/**
 * Chordal initialization (Carlone et al., ICRA 2015; as in SE-Sync): rotations from the linear
 * least-squares problem min Σ κ‖R_j − R_i R̃_ij‖²_F over unconstrained d×d matrices with
 * R_0 = I (each row of the R_i is an independent problem sharing one matrix), each projected to
 * the nearest rotation; then translations from min Σ τ‖t_j − t_i − R_i t̃_ij‖² with t_0 = 0.
 */
import { NormalEquations } from './NormalEquations.ts';
import type { PoseGraph, PoseGraphEstimate } from './PoseGraph.ts';
import { nearestRotation2, nearestRotation3 } from './rotationProjection.ts';

/** Throws naming a node that no chain of edges links to node 0 (the problem would be singular). */
export function assertConnected(graph: PoseGraph): void {
  const neighbours = Array.from({ length: graph.nodeCount }, () => [] as number[]);
  for (const { i, j } of graph.edges) {
    neighbours[i]!.push(j);
    neighbours[j]!.push(i);
  }
  const seen = new Uint8Array(graph.nodeCount);
  const stack = [0];
  seen[0] = 1;
  while (stack.length > 0) {
    for (const u of neighbours[stack.pop()!]!) {
      if (seen[u]) continue;
      seen[u] = 1;
      stack.push(u);
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0)
    throw new Error(
      `the pose graph is disconnected: node ${graph.ids[missing]} is not linked to node ${graph.ids[0]} by any chain of edges`,
    );
}

export function chordalInitialization(graph: PoseGraph): PoseGraphEstimate {
  const rotations = chordalRotations(graph);
  return { rotations, translations: solveTranslations(graph, rotations) };
}

/** The rotation part of the chordal initialization (uses only edge rotations and κ). */
export function chordalRotations(graph: PoseGraph): Float64Array {
  assertConnected(graph);
  const d = graph.dimension;
  const dd = d * d;
  const n = graph.nodeCount;
  const system = new NormalEquations(graph, d);
  const block = new Float64Array(dd);
  const identity = (scale: number) => {
    block.fill(0);
    for (let k = 0; k < d; k++) block[k * d + k] = scale;
    return block;
  };
  for (const edge of graph.edges) {
    system.addBlock(edge.i, edge.i, identity(edge.kappa));
    system.addBlock(edge.j, edge.j, identity(edge.kappa));
    for (let k = 0; k < dd; k++) block[k] = -edge.kappa * edge.rotation[k]!;
    system.addBlock(edge.i, edge.j, block);
  }
  const rows = Array.from({ length: d }, () => new Float64Array((n - 1) * d));
  let factorized = false;
  for (let r = 0; r < d; r++) {
    system.rhs.fill(0);
    const contribution = new Float64Array(d);
    for (const edge of graph.edges) {
      // x_0 = e_r: R_0 = I is fixed.
      if (edge.i === 0 && edge.j !== 0) {
        for (let c = 0; c < d; c++) contribution[c] = edge.kappa * edge.rotation[r * d + c]!; // κ R̃ᵀ e_r
        system.addRhs(edge.j, contribution);
      } else if (edge.j === 0 && edge.i !== 0) {
        for (let c = 0; c < d; c++) contribution[c] = edge.kappa * edge.rotation[c * d + r]!; // κ R̃ e_r
        system.addRhs(edge.i, contribution);
      }
    }
    if (!factorized) {
      system.solve(rows[r]!);
      factorized = true;
    } else system.cholesky.solve(rows[r]!, system.rhs);
  }
  const rotations = new Float64Array(n * dd);
  const m = new Float64Array(dd);
  for (let k = 0; k < d; k++) rotations[k * d + k] = 1;
  for (let v = 1; v < n; v++) {
    for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) m[r * d + c] = rows[r]![(v - 1) * d + c]!;
    const out = rotations.subarray(v * dd, (v + 1) * dd);
    if (d === 2) nearestRotation2(out, m);
    else nearestRotation3(out, m);
  }
  return rotations;
}

/**
 * Translations that best fit the measurements for fixed rotations, t_0 = 0. The normal matrix
 * is the τ-weighted graph Laplacian times I_d, so one scalar factorization serves each of the
 * d coordinates.
 */
export function solveTranslations(graph: PoseGraph, rotations: Float64Array): Float64Array {
  const d = graph.dimension;
  const dd = d * d;
  const n = graph.nodeCount;
  const system = new NormalEquations(graph, 1);
  const weight = new Float64Array(1);
  // Per edge and coordinate: τ·(R_i t̃_ij), which pulls t_j up and t_i down.
  const rotated = new Float64Array(graph.edges.length * d);
  graph.edges.forEach((edge, k) => {
    weight[0] = edge.tau;
    system.addBlock(edge.i, edge.i, weight);
    system.addBlock(edge.j, edge.j, weight);
    weight[0] = -edge.tau;
    system.addBlock(edge.i, edge.j, weight);
    for (let r = 0; r < d; r++) {
      let sum = 0;
      for (let c = 0; c < d; c++) sum += rotations[edge.i * dd + r * d + c]! * edge.translation[c]!;
      rotated[k * d + r] = edge.tau * sum;
    }
  });
  const translations = new Float64Array(n * d);
  const coordinate = new Float64Array(n - 1);
  for (let r = 0; r < d; r++) {
    system.rhs.fill(0);
    graph.edges.forEach((edge, k) => {
      weight[0] = rotated[k * d + r]!;
      system.addRhs(edge.j, weight);
      weight[0] = -weight[0];
      system.addRhs(edge.i, weight);
    });
    if (r === 0) system.solve(coordinate);
    else system.cholesky.solve(coordinate, system.rhs);
    for (let v = 1; v < n; v++) translations[v * d + r] = coordinate[v - 1]!;
  }
  return translations;
}
