/**
 * Levenberg–Marquardt on the SE-Sync objective F over SO(d) × R^d per node (node 0 fixed).
 * Residuals per edge: √κ·vec(R_j − R_i R̃_ij) and √τ·(t_j − t_i − R_i t̃_ij); updates
 * t ← t + δt, R ← R·Exp(δθ). Each iteration solves (H + λ·diag(H)) Δ = −Jᵀr with the block
 * sparse Cholesky, where H = JᵀJ plus the second-order terms Σ r·∇²r of the rotations (an
 * exact Newton Hessian; when it is indefinite the step is retried with more damping); λ follows
 * Nielsen's gain-ratio rule (cut tenfold after well-predicted steps), and a rejected step is
 * first halved before more damping is paid for with a new factorization. Near the optimum the steps are solved by conjugate gradients on
 * the last factorization where that costs less than factorizing again (an inexact Newton
 * method); the predicted decrease is then computed from H itself.
 */
import { NewtonSystem } from './NewtonSystem.ts';
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

export function levenbergMarquardt(
  graph: PoseGraph,
  start: PoseGraphEstimate,
  options: LevenbergMarquardtOptions = {},
): LevenbergMarquardtResult {
  const newton = new NewtonSystem(graph);
  const { p } = newton;
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
  const step = new Float64Array((graph.nodeCount - 1) * p);
  const gradient = new Float64Array((graph.nodeCount - 1) * p);
  const curvature = new Float64Array((graph.nodeCount - 1) * p);

  const assemble = () => {
    newton.assemble(system, estimate);
    gradient.set(system.rhs);
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
    // Predicted decrease of F for the step scaled by α: 2α·rhsᵀΔ − α²·ΔᵀHΔ (rhs = −∇½F; the
    // step may be inexact, so ΔᵀHΔ is computed, not inferred from the damped system).
    system.multiply(curvature, step);
    let slope = 0;
    let bend = 0;
    for (let k = 0; k < step.length; k++) {
      slope += gradient[k]! * step[k]!;
      bend += curvature[k]! * step[k]!;
    }
    const predicted = 2 * slope - bend;
    if (damping <= NEWTON_DAMPING && predicted >= 0 && predicted < relativeDecrease * cost) {
      // The Newton step itself promises less than the tolerance: F is within it of a minimum.
      status = 'converged';
      break;
    }
    let alpha = 1;
    let candidate = newton.retract(estimate, step);
    let candidateCost = objective(graph, candidate);
    let actual = cost - candidateCost;
    let ratio = predicted > 0 ? actual / predicted : -1;
    if (!(ratio > 0 && actual > 0)) {
      // Backtrack along the step (halving it up to three times) before paying for another
      // factorization with more damping; a step accepted this way does not cut the damping.
      for (let halving = 0; halving < 3 && !(ratio > 0.25 && actual > 0); halving++) {
        alpha /= 2;
        for (let k = 0; k < step.length; k++) step[k]! *= 0.5;
        candidate = newton.retract(estimate, step);
        candidateCost = objective(graph, candidate);
        actual = cost - candidateCost;
        const predictedHere = 2 * alpha * slope - alpha * alpha * bend;
        ratio = predictedHere > 0 ? actual / predictedHere : -1;
      }
      if (ratio > 0 && actual > 0) ratio = Math.min(ratio, 0.5);
    }
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
