/**
 * The Newton system of the SE-Sync objective F (pose graph, node 0 fixed), per node in the
 * parameters [δt, δθ] of t ← t + δt, R ← R·Exp(δθ): H = JᵀJ + Σ r·∇²r (the exact Hessian of
 * ½F) and rhs = −Jᵀr (−½∇F), with r = (√κ·vec(R_j − R_i R̃), √τ·(t_j − t_i − R_i t̃)) per edge.
 *
 * Written in closed form rather than as products of Jacobians: with E = R_j − R_i R̃,
 * e = t_j − t_i − R_i t̃ and generators G_k,
 *   H_ii = [τI, τu; τuᵀ, κ⟨G_a,G_c⟩ + τ(G_a t̃)·(G_c t̃) + second order],  u_k = R_i G_k t̃
 *   H_jj = [τI, 0; 0, κ⟨G_a,G_c⟩ + second order]
 *   H_ij = [−τI, 0; −τu_kᵀ, −κ⟨G_a R̃, R_iᵀR_j G_c⟩]
 *   rhs_i = [τe; κ⟨G_k, R_iᵀE R̃ᵀ⟩ + τ u_k·e],  rhs_j = [−τe; −κ⟨G_k, R_jᵀE⟩]
 *   second order: θ_iθ_i −κ⟨R_iᵀE R̃ᵀ, S_ac⟩ − τ (R_iᵀe)·(S_ac t̃);  θ_jθ_j κ⟨R_jᵀE, S_ac⟩,
 * with S_ac = (G_a G_c + G_c G_a)/2 (⟨A,B⟩ the Frobenius product). The Gauss–Newton rotation
 * blocks are constant per edge; a few d×d products per edge remain.
 */
import { skew } from '../../geometry/matrix.ts';
import * as so3 from '../../geometry/so3.ts';
import type { NormalEquations } from './NormalEquations.ts';
import type { PoseGraph, PoseGraphEstimate } from './PoseGraph.ts';

const GENERATORS_3D = [0, 1, 2].map((k) =>
  skew(new Float64Array(9), [k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0]),
);
const GENERATOR_2D = Float64Array.of(0, -1, 1, 0);

export class NewtonSystem {
  readonly d: number;
  /** Parameters per node: d translations, then the rotation's degrees of freedom. */
  readonly p: number;
  readonly #rotationDof: number;
  readonly #generators: Float64Array[];
  /** S_ac for a ≤ c, row-major pairs. */
  readonly #symmetric: Float64Array[];
  /** Per edge: G_k R̃ (k = 0…), G_k t̃, S_ac t̃, and the constant θ_iθ_i Gauss–Newton block. */
  readonly #generatorRotations: Float64Array;
  readonly #generatorTranslations: Float64Array;
  readonly #symmetricTranslations: Float64Array;
  readonly #rotationBlockI: Float64Array;
  /** ⟨G_a, G_c⟩. */
  readonly #generatorProducts: Float64Array;
  // Scratch.
  readonly #E: Float64Array;
  readonly #e: Float64Array;
  readonly #V: Float64Array;
  readonly #W: Float64Array;
  readonly #Q: Float64Array;
  readonly #QG: Float64Array;
  readonly #u: Float64Array;
  readonly #f: Float64Array;
  readonly #tmp: Float64Array;
  readonly #ii: Float64Array;
  readonly #jj: Float64Array;
  readonly #ij: Float64Array;
  readonly #gi: Float64Array;
  readonly #gj: Float64Array;

  constructor(readonly graph: PoseGraph) {
    const d = (this.d = graph.dimension);
    const dd = d * d;
    const rdof = (this.#rotationDof = d === 2 ? 1 : 3);
    const p = (this.p = d + rdof);
    this.#generators = d === 2 ? [GENERATOR_2D] : GENERATORS_3D;
    this.#symmetric = [];
    this.#generatorProducts = new Float64Array(rdof * rdof);
    for (let a = 0; a < rdof; a++)
      for (let c = 0; c < rdof; c++) {
        const ga = this.#generators[a]!;
        const gc = this.#generators[c]!;
        const ac = multiply(new Float64Array(dd), ga, gc, d);
        const ca = multiply(new Float64Array(dd), gc, ga, d);
        this.#generatorProducts[a * rdof + c] = frobenius(ga, gc, dd);
        if (c >= a) this.#symmetric.push(ac.map((value, k) => (value + ca[k]!) / 2));
      }
    const edges = graph.edges.length;
    const pairs = this.#symmetric.length;
    this.#generatorRotations = new Float64Array(edges * rdof * dd);
    this.#generatorTranslations = new Float64Array(edges * rdof * d);
    this.#symmetricTranslations = new Float64Array(edges * pairs * d);
    this.#rotationBlockI = new Float64Array(edges * rdof * rdof);
    graph.edges.forEach((edge, index) => {
      for (let k = 0; k < rdof; k++) {
        this.#generatorRotations.set(
          multiply(new Float64Array(dd), this.#generators[k]!, edge.rotation, d),
          (index * rdof + k) * dd,
        );
        multiplyVector(
          this.#generatorTranslations,
          (index * rdof + k) * d,
          this.#generators[k]!,
          edge.translation,
          d,
        );
      }
      for (let s = 0; s < pairs; s++)
        multiplyVector(
          this.#symmetricTranslations,
          (index * pairs + s) * d,
          this.#symmetric[s]!,
          edge.translation,
          d,
        );
      for (let a = 0; a < rdof; a++)
        for (let c = 0; c < rdof; c++) {
          let dot = 0;
          for (let x = 0; x < d; x++)
            dot +=
              this.#generatorTranslations[(index * rdof + a) * d + x]! *
              this.#generatorTranslations[(index * rdof + c) * d + x]!;
          this.#rotationBlockI[(index * rdof + a) * rdof + c] =
            edge.kappa * this.#generatorProducts[a * rdof + c]! + edge.tau * dot;
        }
    });
    this.#E = new Float64Array(dd);
    this.#e = new Float64Array(d);
    this.#V = new Float64Array(dd);
    this.#W = new Float64Array(dd);
    this.#Q = new Float64Array(dd);
    this.#QG = new Float64Array(dd);
    this.#u = new Float64Array(rdof * d);
    this.#f = new Float64Array(d);
    this.#tmp = new Float64Array(dd);
    this.#ii = new Float64Array(p * p);
    this.#jj = new Float64Array(p * p);
    this.#ij = new Float64Array(p * p);
    this.#gi = new Float64Array(p);
    this.#gj = new Float64Array(p);
  }

  /** Fills `system` (cleared first) with H and rhs at `estimate`. */
  assemble(system: NormalEquations, estimate: PoseGraphEstimate): void {
    const { d, p, graph } = this;
    const dd = d * d;
    const rdof = this.#rotationDof;
    const pairs = this.#symmetric.length;
    const { rotations: R, translations: t } = estimate;
    const E = this.#E;
    const e = this.#e;
    const V = this.#V;
    const W = this.#W;
    const Q = this.#Q;
    const QG = this.#QG;
    const u = this.#u;
    const f = this.#f;
    const tmp = this.#tmp;
    const ii = this.#ii;
    const jj = this.#jj;
    const ij = this.#ij;
    const gi = this.#gi;
    const gj = this.#gj;
    system.clear();
    const edges = graph.edges;
    for (let index = 0; index < edges.length; index++) {
      const edge = edges[index]!;
      const { kappa, tau } = edge;
      const ri = edge.i * dd;
      const rj = edge.j * dd;
      // E = R_j − R_i R̃,  e = t_j − t_i − R_i t̃.
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          let sum = 0;
          for (let k = 0; k < d; k++) sum += R[ri + r * d + k]! * edge.rotation[k * d + c]!;
          E[r * d + c] = R[rj + r * d + c]! - sum;
        }
        let rotated = 0;
        for (let k = 0; k < d; k++) rotated += R[ri + r * d + k]! * edge.translation[k]!;
        e[r] = t[edge.j * d + r]! - t[edge.i * d + r]! - rotated;
      }
      // V = R_iᵀ E R̃ᵀ, W = R_jᵀ E, Q = R_iᵀ R_j, f = R_iᵀ e, u_k = R_i G_k t̃.
      for (let r = 0; r < d; r++)
        for (let c = 0; c < d; c++) {
          let v = 0;
          let w = 0;
          let q = 0;
          for (let k = 0; k < d; k++) {
            v += R[ri + k * d + r]! * E[k * d + c]!;
            w += R[rj + k * d + r]! * E[k * d + c]!;
            q += R[ri + k * d + r]! * R[rj + k * d + c]!;
          }
          tmp[r * d + c] = v;
          W[r * d + c] = w;
          Q[r * d + c] = q;
        }
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          let v = 0;
          for (let k = 0; k < d; k++) v += tmp[r * d + k]! * edge.rotation[c * d + k]!;
          V[r * d + c] = v;
        }
        let sum = 0;
        for (let k = 0; k < d; k++) sum += R[ri + k * d + r]! * e[k]!;
        f[r] = sum;
      }
      const gt = this.#generatorTranslations;
      for (let k = 0; k < rdof; k++)
        for (let r = 0; r < d; r++) {
          let sum = 0;
          for (let c = 0; c < d; c++) sum += R[ri + r * d + c]! * gt[(index * rdof + k) * d + c]!;
          u[k * d + r] = sum;
        }
      ii.fill(0);
      jj.fill(0);
      ij.fill(0);
      for (let a = 0; a < d; a++) {
        ii[a * p + a] = tau;
        jj[a * p + a] = tau;
        ij[a * p + a] = -tau;
        gi[a] = tau * e[a]!;
        gj[a] = -tau * e[a]!;
      }
      for (let k = 0; k < rdof; k++) {
        const column = d + k;
        let rotationGradientI = 0;
        for (let a = 0; a < d; a++) {
          ii[a * p + column] = ii[column * p + a] = tau * u[k * d + a]!;
          ij[column * p + a] = -tau * u[k * d + a]!;
          rotationGradientI += u[k * d + a]! * e[a]!;
        }
        const generator = this.#generators[k]!;
        gi[column] = kappa * frobenius(generator, V, dd) + tau * rotationGradientI;
        gj[column] = -kappa * frobenius(generator, W, dd);
        for (let c = 0; c < rdof; c++) {
          ii[column * p + d + c] = this.#rotationBlockI[(index * rdof + k) * rdof + c]!;
          jj[column * p + d + c] = kappa * this.#generatorProducts[k * rdof + c]!;
        }
      }
      // θ_iθ_j: −κ⟨G_a R̃, Q G_c⟩.
      const gr = this.#generatorRotations;
      for (let c = 0; c < rdof; c++) {
        multiply(QG, Q, this.#generators[c]!, d);
        for (let a = 0; a < rdof; a++) {
          let dot = 0;
          const at = (index * rdof + a) * dd;
          for (let k = 0; k < dd; k++) dot += gr[at + k]! * QG[k]!;
          ij[(d + a) * p + d + c] = -kappa * dot;
        }
      }
      // Second-order terms Σ r·∇²r of the rotations (without them Newton is only linear where F* > 0).
      let pair = 0;
      for (let a = 0; a < rdof; a++)
        for (let c = a; c < rdof; c++, pair++) {
          const S = this.#symmetric[pair]!;
          let translationTerm = 0;
          const st = (index * pairs + pair) * d;
          for (let x = 0; x < d; x++) translationTerm += f[x]! * this.#symmetricTranslations[st + x]!;
          const si = -kappa * frobenius(V, S, dd) - tau * translationTerm;
          const sj = kappa * frobenius(W, S, dd);
          ii[(d + a) * p + d + c]! += si;
          jj[(d + a) * p + d + c]! += sj;
          if (c !== a) {
            ii[(d + c) * p + d + a]! += si;
            jj[(d + c) * p + d + a]! += sj;
          }
        }
      system.addBlock(edge.i, edge.i, ii);
      system.addBlock(edge.j, edge.j, jj);
      system.addBlock(edge.i, edge.j, ij);
      system.addRhs(edge.i, gi);
      system.addRhs(edge.j, gj);
    }
  }

  /** The estimate moved by `delta` (per free node δt, δθ): t ← t + δt, R ← R·Exp(δθ). */
  retract(estimate: PoseGraphEstimate, delta: Float64Array): PoseGraphEstimate {
    const { d, p, graph } = this;
    const dd = d * d;
    const rotations = Float64Array.from(estimate.rotations);
    const translations = Float64Array.from(estimate.translations);
    const step = new Float64Array(dd);
    const quaternion = new Float64Array(4);
    const omega = new Float64Array(3);
    const tmp = this.#tmp;
    for (let v = 1; v < graph.nodeCount; v++) {
      const o = (v - 1) * p;
      for (let a = 0; a < d; a++) translations[v * d + a]! += delta[o + a]!;
      if (d === 2) {
        const angle = delta[o + 2]!;
        step.set([Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)]);
      } else {
        for (let k = 0; k < 3; k++) omega[k] = delta[o + 3 + k]!;
        so3.toMatrix(step, so3.exp(quaternion, omega));
      }
      const at = v * dd;
      for (let r = 0; r < d; r++)
        for (let c = 0; c < d; c++) {
          let sum = 0;
          for (let k = 0; k < d; k++) sum += rotations[at + r * d + k]! * step[k * d + c]!;
          tmp[r * d + c] = sum;
        }
      rotations.set(tmp, at);
    }
    return { rotations, translations };
  }
}

function multiply(out: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  for (let r = 0; r < d; r++)
    for (let c = 0; c < d; c++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += a[r * d + k]! * b[k * d + c]!;
      out[r * d + c] = sum;
    }
  return out;
}

function multiplyVector(
  out: Float64Array,
  at: number,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  d: number,
): void {
  for (let r = 0; r < d; r++) {
    let sum = 0;
    for (let c = 0; c < d; c++) sum += m[r * d + c]! * v[c]!;
    out[at + r] = sum;
  }
}

function frobenius(a: ArrayLike<number>, b: ArrayLike<number>, size: number): number {
  let sum = 0;
  for (let k = 0; k < size; k++) sum += a[k]! * b[k]!;
  return sum;
}
