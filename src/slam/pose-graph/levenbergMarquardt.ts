/**
 * Levenberg–Marquardt on the SE-Sync objective F over SO(d) × R^d per node (node 0 fixed).
 * Residuals per edge: √κ·vec(R_j − R_i R̃_ij) and √τ·(t_j − t_i − R_i t̃_ij); updates
 * t ← t + δt, R ← R·Exp(δθ). Each iteration solves (H + λ·diag(H)) Δ = −Jᵀr with the block
 * sparse Cholesky, where H = JᵀJ plus the second-order terms Σ r·∇²r of the rotations (an
 * exact Newton Hessian; when it is indefinite the step is retried with more damping); λ follows
 * Nielsen's gain-ratio rule. Near the optimum the steps are solved by conjugate gradients on
 * the last factorization where that costs less than factorizing again (an inexact Newton
 * method); the predicted decrease is then computed from H itself.
 */
import { mat3Multiply, skew } from '../../geometry/matrix.ts';
import * as so3 from '../../geometry/so3.ts';
import { NormalEquations } from './NormalEquations.ts';
import { objective, type PoseGraph, type PoseGraphEstimate } from './PoseGraph.ts';

export interface LevenbergMarquardtOptions {
  readonly maxIterations?: number;
  /**
   * Stop when a nearly undamped (Newton) step, accepted, lowers F by less than this fraction:
   * near the optimum Newton converges quadratically, so the gap left is far smaller still.
   */
  readonly relativeDecrease?: number;
  readonly initialDamping?: number;
  readonly onIteration?: (iteration: number, cost: number, damping: number) => void;
}

export interface LevenbergMarquardtResult {
  readonly estimate: PoseGraphEstimate;
  readonly cost: number;
  readonly iterations: number;
  readonly status: 'converged' | 'max_iterations' | 'stalled';
}

/** Damping (relative to diag(H)) under which a step is within a few per cent of Newton's. */
const NEWTON_DAMPING = 1e-2;
/**
 * Once an accepted step lowered F by less than this fraction, the Hessian changes little from
 * step to step: the next steps are solved on the last factorization when that is cheaper.
 */
const REUSE_BELOW_DECREASE = 1e-3;
/** A decrease this small is rounding: stop whatever the damping. */
const ROUNDING_DECREASE = 1e-15;

const GENERATORS_3D = [0, 1, 2].map((k) =>
  skew(new Float64Array(9), [k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0]),
);
const GENERATOR_2D = Float64Array.of(0, -1, 1, 0);

function multiply(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  if (d === 3) return mat3Multiply(out, a, b);
  out[0] = a[0]! * b[0]! + a[1]! * b[2]!;
  out[1] = a[0]! * b[1]! + a[1]! * b[3]!;
  out[2] = a[2]! * b[0]! + a[3]! * b[2]!;
  out[3] = a[2]! * b[1]! + a[3]! * b[3]!;
  return out;
}

/** out = Aᵀ B (p×p) for m×p row-major A, B, each column x summed over its rows [from, to). */
function productBlock(
  out: Float64Array,
  A: Float64Array,
  B: Float64Array,
  rangesA: Int32Array,
  rangesB: Int32Array,
  p: number,
  m: number,
): void {
  for (let x = 0; x < p; x++) {
    for (let y = 0; y < p; y++) {
      const from = Math.max(rangesA[2 * x]!, rangesB[2 * y]!);
      const to = Math.min(rangesA[2 * x + 1]!, rangesB[2 * y + 1]!, m);
      let sum = 0;
      for (let e = from; e < to; e++) sum += A[e * p + x]! * B[e * p + y]!;
      out[x * p + y] = sum;
    }
  }
}

export function levenbergMarquardt(
  graph: PoseGraph,
  start: PoseGraphEstimate,
  options: LevenbergMarquardtOptions = {},
): LevenbergMarquardtResult {
  const d = graph.dimension;
  const dd = d * d;
  const p = d === 2 ? 3 : 6;
  const rotationDof = p - d;
  const m = dd + d;
  const generators = d === 2 ? [GENERATOR_2D] : GENERATORS_3D;
  const system = new NormalEquations(graph, p);
  const maxIterations = options.maxIterations ?? 300;
  const relativeDecrease = options.relativeDecrease ?? 1e-10;

  let estimate: PoseGraphEstimate = {
    rotations: Float64Array.from(start.rotations),
    translations: Float64Array.from(start.translations),
  };
  let cost = objective(graph, estimate);
  let damping = options.initialDamping ?? 1e-5;
  let nu = 2;
  const Ji = new Float64Array(m * p);
  const Jj = new Float64Array(m * p);
  const r = new Float64Array(m);
  const block = new Float64Array(p * p);
  const gi = new Float64Array(p);
  const gj = new Float64Array(p);
  const tmp = new Float64Array(dd);
  const Ri = new Float64Array(dd);
  const Rj = new Float64Array(dd);
  const tmp2 = new Float64Array(dd);
  // sym(G_a G_c) = (G_a G_c + G_c G_a) / 2: the second derivatives of Exp at 0.
  const symmetricProducts = Array.from({ length: rotationDof * rotationDof }, (_, k) => {
    const a = Math.floor(k / rotationDof);
    const c = k % rotationDof;
    const ac = multiply(new Float64Array(dd), generators[a]!, generators[c]!, d);
    const ca = multiply(new Float64Array(dd), generators[c]!, generators[a]!, d);
    return ac.map((value, e) => (value + ca[e]!) / 2);
  });
  // Per Jacobian column, the rows [from, to) where it can be nonzero: translation columns in
  // the translation rows; rotation columns in all rows of J_i, in the rotation rows of J_j.
  const columnRows = (rotationTo: number) => {
    const rows = new Int32Array(2 * p);
    for (let x = 0; x < p; x++) {
      rows[2 * x] = x < d ? dd : 0;
      rows[2 * x + 1] = x < d ? m : rotationTo;
    }
    return rows;
  };
  const ranges = { i: columnRows(m), j: columnRows(dd) };
  const secondOrder = new Float64Array(p * p);
  const step = new Float64Array((graph.nodeCount - 1) * p);
  const gradient = new Float64Array((graph.nodeCount - 1) * p);
  const curvature = new Float64Array((graph.nodeCount - 1) * p);

  const assemble = () => {
    system.clear();
    const { rotations: R, translations: t } = estimate;
    for (const edge of graph.edges) {
      const sk = Math.sqrt(edge.kappa);
      const st = Math.sqrt(edge.tau);
      // Copies, not subarray views: a view per edge is an allocation per edge.
      for (let k = 0; k < dd; k++) {
        Ri[k] = R[edge.i * dd + k]!;
        Rj[k] = R[edge.j * dd + k]!;
      }
      multiply(tmp, Ri, edge.rotation, d);
      for (let k = 0; k < dd; k++) r[k] = sk * (Rj[k]! - tmp[k]!);
      for (let a = 0; a < d; a++) {
        let rotated = 0;
        for (let c = 0; c < d; c++) rotated += Ri[a * d + c]! * edge.translation[c]!;
        r[dd + a] = st * (t[edge.j * d + a]! - t[edge.i * d + a]! - rotated);
      }
      Ji.fill(0);
      Jj.fill(0);
      for (let a = 0; a < d; a++) {
        Ji[(dd + a) * p + a] = -st;
        Jj[(dd + a) * p + a] = st;
      }
      for (let k = 0; k < rotationDof; k++) {
        const G = generators[k]!;
        multiply(tmp2, Ri, G, d); // R_i G_k
        multiply(tmp, tmp2, edge.rotation, d); // R_i G_k R̃
        for (let e = 0; e < dd; e++) Ji[e * p + d + k] = -sk * tmp[e]!;
        for (let a = 0; a < d; a++) {
          let v = 0;
          for (let c = 0; c < d; c++) v += tmp2[a * d + c]! * edge.translation[c]!;
          Ji[(dd + a) * p + d + k] = -st * v;
        }
        multiply(tmp, Rj, G, d);
        for (let e = 0; e < dd; e++) Jj[e * p + d + k] = sk * tmp[e]!;
      }
      // Translation columns are nonzero only in the translation rows, and J_j's rotation
      // columns only in the rotation rows: sum each product over the rows both can touch.
      productBlock(block, Ji, Ji, ranges.i, ranges.i, p, m);
      system.addBlock(edge.i, edge.i, block);
      productBlock(block, Jj, Jj, ranges.j, ranges.j, p, m);
      system.addBlock(edge.j, edge.j, block);
      productBlock(block, Ji, Jj, ranges.i, ranges.j, p, m);
      system.addBlock(edge.i, edge.j, block);
      // Second-order terms Σ r·∇²r of the rotation parameters (exact Newton near the optimum,
      // where Gauss-Newton alone converges only linearly because F* > 0).
      block.fill(0);
      const blockJ = secondOrder;
      blockJ.fill(0);
      for (let a = 0; a < rotationDof; a++) {
        for (let c = a; c < rotationDof; c++) {
          const symmetric = symmetricProducts[a * rotationDof + c]!;
          multiply(tmp2, Ri, symmetric, d); // R_i S
          multiply(tmp, tmp2, edge.rotation, d); // R_i S R̃
          let si = 0;
          for (let k = 0; k < dd; k++) si -= sk * r[k]! * tmp[k]!;
          for (let x = 0; x < d; x++) {
            let v = 0;
            for (let y = 0; y < d; y++) v += tmp2[x * d + y]! * edge.translation[y]!;
            si -= st * r[dd + x]! * v;
          }
          multiply(tmp, Rj, symmetric, d);
          let sj = 0;
          for (let k = 0; k < dd; k++) sj += sk * r[k]! * tmp[k]!;
          const ia = (d + a) * p + d + c;
          const ic = (d + c) * p + d + a;
          block[ia] = block[ic] = si;
          blockJ[ia] = blockJ[ic] = sj;
        }
      }
      system.addBlock(edge.i, edge.i, block);
      system.addBlock(edge.j, edge.j, blockJ);
      for (let x = 0; x < p; x++) {
        let si = 0;
        let sj = 0;
        for (let e = 0; e < m; e++) {
          si -= Ji[e * p + x]! * r[e]!;
          sj -= Jj[e * p + x]! * r[e]!;
        }
        gi[x] = si;
        gj[x] = sj;
      }
      system.addRhs(edge.i, gi);
      system.addRhs(edge.j, gj);
    }
    gradient.set(system.rhs);
  };

  const retract = (delta: Float64Array): PoseGraphEstimate => {
    const rotations = Float64Array.from(estimate.rotations);
    const translations = Float64Array.from(estimate.translations);
    const exp = new Float64Array(dd);
    for (let v = 1; v < graph.nodeCount; v++) {
      const o = (v - 1) * p;
      for (let a = 0; a < d; a++) translations[v * d + a]! += delta[o + a]!;
      if (d === 2) {
        const angle = delta[o + 2]!;
        exp.set([Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)]);
      } else {
        so3.toMatrix(exp, so3.exp(new Float64Array(4), [delta[o + 3]!, delta[o + 4]!, delta[o + 5]!]));
      }
      const Rv = rotations.subarray(v * dd, (v + 1) * dd);
      multiply(tmp, Rv, exp, d);
      Rv.set(tmp);
    }
    return { rotations, translations };
  };

  let iterations = 0;
  let lastDecrease = Infinity;
  let status: LevenbergMarquardtResult['status'] = 'max_iterations';
  assemble();
  while (iterations < maxIterations) {
    iterations++;
    try {
      system.solve(step, damping, 1e-12, lastDecrease < REUSE_BELOW_DECREASE);
    } catch {
      // The Newton Hessian is indefinite here: damp harder and retry.
      damping = Math.max(damping * nu, 1e-6);
      nu *= 2;
      if (damping > 1e16) {
        status = 'stalled';
        break;
      }
      continue;
    }
    // Predicted decrease of F: −(2·gᵀΔ + ΔᵀHΔ) with g = −rhs (the step may be inexact).
    system.multiply(curvature, step);
    let predicted = 0;
    for (let k = 0; k < step.length; k++) predicted += (2 * gradient[k]! - curvature[k]!) * step[k]!;
    if (damping <= NEWTON_DAMPING && predicted >= 0 && predicted < relativeDecrease * cost) {
      // The Newton step itself promises less than the tolerance: F is within it of a minimum.
      status = 'converged';
      break;
    }
    const candidate = retract(step);
    const candidateCost = objective(graph, candidate);
    const actual = cost - candidateCost;
    const ratio = predicted > 0 ? actual / predicted : -1;
    options.onIteration?.(iterations, candidateCost, damping);
    if (ratio > 0 && actual > 0) {
      estimate = candidate;
      const decrease = actual / cost;
      lastDecrease = decrease;
      const newtonStep = damping <= NEWTON_DAMPING;
      cost = candidateCost;
      // Nielsen's rule, but a step the model predicted well cuts the damping tenfold (Marquardt's),
      // so Newton's quadratic convergence sets in within a few steps.
      damping *= ratio > 0.75 ? 0.1 : Math.max(1 / 3, 1 - (2 * ratio - 1) ** 3);
      nu = 2;
      if ((newtonStep && decrease < relativeDecrease) || decrease < ROUNDING_DECREASE) {
        status = 'converged';
        break;
      }
      assemble();
    } else {
      damping *= nu;
      nu *= 2;
      if (damping > 1e16) {
        status = 'stalled';
        break;
      }
    }
  }
  return { estimate, cost, iterations, status };
}
