/**
 * Block normal equations over the free nodes of a pose graph (node 0 is held fixed to remove
 * the gauge freedom): diagonal blocks, one off-diagonal block per connected pair, and the
 * right-hand side, with the sparse Cholesky factorization reused across solves.
 */
import { BlockCholesky } from '../linear/BlockCholesky.ts';
import { conjugateGradient } from '../linear/conjugateGradient.ts';
import { graphFromPairs } from '../linear/SparseGraph.ts';
import { SymbolicFactorization } from '../linear/SymbolicFactorization.ts';
import type { PoseGraph } from './PoseGraph.ts';

/** Conjugate gradients on a reused factorization: relative residual and iteration limit. */
const REUSE_TOLERANCE = 1e-6;
const REUSE_ITERATIONS = 20;
const MIN_REUSE_ITERATIONS = 4;

/** One symbolic analysis per graph, shared by its rotation, translation and full systems. */
const analyses = new WeakMap<PoseGraph, SymbolicFactorization>();

export class NormalEquations {
  readonly free: number;
  readonly diagonal: Float64Array;
  readonly offDiagonal = new Map<number, Float64Array>();
  readonly rhs: Float64Array;
  readonly cholesky: BlockCholesky;
  #factorized = false;
  #reuseFailed = false;

  constructor(
    readonly graph: PoseGraph,
    readonly b: number,
  ) {
    this.free = graph.nodeCount - 1;
    this.diagonal = new Float64Array(this.free * b * b);
    this.rhs = new Float64Array(this.free * b);
    const pairs: Array<[number, number]> = [];
    for (const { i, j } of graph.edges) {
      if (i === 0 || j === 0 || i === j) continue;
      pairs.push([i - 1, j - 1]);
      const key = this.key(i - 1, j - 1);
      if (!this.offDiagonal.has(key) && !this.offDiagonal.has(this.key(j - 1, i - 1)))
        this.offDiagonal.set(key, new Float64Array(b * b));
    }
    let structure = analyses.get(graph);
    if (!structure) {
      structure = SymbolicFactorization.analyze(graphFromPairs(this.free, pairs));
      analyses.set(graph, structure);
    }
    this.cholesky = new BlockCholesky(structure, b);
  }

  key(i: number, j: number): number {
    return i * this.free + j;
  }

  clear(): void {
    this.diagonal.fill(0);
    this.rhs.fill(0);
    for (const block of this.offDiagonal.values()) block.fill(0);
  }

  /** Adds `block` (b×b, rows of node i) at (i, j) of the full graph, skipping the fixed node. */
  addBlock(i: number, j: number, block: ArrayLike<number>): void {
    const { b } = this;
    if (i === 0 || j === 0) return;
    if (i === j) {
      const at = (i - 1) * b * b;
      for (let k = 0; k < b * b; k++) this.diagonal[at + k]! += block[k]!;
      return;
    }
    const direct = this.offDiagonal.get(this.key(i - 1, j - 1));
    if (direct) {
      for (let k = 0; k < b * b; k++) direct[k]! += block[k]!;
      return;
    }
    const transposed = this.offDiagonal.get(this.key(j - 1, i - 1))!;
    for (let r = 0; r < b; r++) for (let c = 0; c < b; c++) transposed[c * b + r]! += block[r * b + c]!;
  }

  addRhs(i: number, values: ArrayLike<number>): void {
    if (i === 0) return;
    for (let k = 0; k < this.b; k++) this.rhs[(i - 1) * this.b + k]! += values[k]!;
  }

  /**
   * Solves (A + damping·diag(A) + floor·I) x = rhs. With `reuse`, first by conjugate gradients
   * preconditioned with the last factorization (a Newton step near the optimum changes A
   * little, and a few solves cost far less than a factorization); when that does not converge,
   * or without `reuse`, by a fresh factorization.
   */
  solve(out: Float64Array, damping = 0, floor = 0, reuse = false): Float64Array {
    const { b } = this;
    let diagonal = this.diagonal;
    if (damping > 0 || floor > 0) {
      diagonal = Float64Array.from(this.diagonal);
      for (let v = 0; v < this.free; v++)
        for (let k = 0; k < b; k++)
          diagonal[v * b * b + k * b + k]! += damping * this.diagonal[v * b * b + k * b + k]! + floor;
    }
    // Conjugate gradients only while their iterations cost less than half a factorization.
    const { factorMultiplies, solveMultiplies } = this.cholesky;
    const multiplyCost = (this.free + 2 * this.offDiagonal.size) * b * b;
    const affordable = Math.floor(factorMultiplies / (2 * (solveMultiplies + multiplyCost)));
    if (reuse && this.#factorized && !this.#reuseFailed && affordable >= MIN_REUSE_ITERATIONS) {
      const { converged } = conjugateGradient(
        (product, x) => this.multiply(product, x, diagonal),
        (z, r) => this.cholesky.solve(z, r),
        this.rhs,
        out,
        REUSE_TOLERANCE,
        Math.min(REUSE_ITERATIONS, affordable),
      );
      if (converged) return out;
      // The matrix changes too fast from solve to solve here: stop paying for attempts.
      this.#reuseFailed = true;
    }
    this.#factorized = false; // a factorization that throws leaves nothing to reuse
    this.cholesky.factorize(diagonal, this.offDiagonal, (i, j) => this.key(i, j));
    this.#factorized = true;
    return this.cholesky.solve(out, this.rhs);
  }

  /** out = A x, with A's diagonal blocks taken from `diagonal`. */
  multiply(out: Float64Array, x: Float64Array, diagonal = this.diagonal): Float64Array {
    const { b, free } = this;
    const bb = b * b;
    out.fill(0);
    for (let v = 0; v < free; v++)
      for (let r = 0; r < b; r++) {
        let sum = 0;
        for (let c = 0; c < b; c++) sum += diagonal[v * bb + r * b + c]! * x[v * b + c]!;
        out[v * b + r] = sum;
      }
    for (const [key, block] of this.offDiagonal) {
      const i = Math.floor(key / free);
      const j = key - i * free;
      for (let r = 0; r < b; r++) {
        let sum = 0;
        for (let c = 0; c < b; c++) {
          sum += block[r * b + c]! * x[j * b + c]!;
          out[j * b + c]! += block[r * b + c]! * x[i * b + r]!;
        }
        out[i * b + r]! += sum;
      }
    }
    return out;
  }
}
