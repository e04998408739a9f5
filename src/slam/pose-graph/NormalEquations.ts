/**
 * Block normal equations over the free nodes of a pose graph (node 0 is held fixed to remove
 * the gauge freedom): diagonal blocks, one off-diagonal block per connected pair, and the
 * right-hand side, with the sparse Cholesky factorization reused across solves.
 */
import { BlockCholesky } from '../linear/BlockCholesky.ts';
import { graphFromPairs } from '../linear/SparseGraph.ts';
import { SymbolicFactorization } from '../linear/SymbolicFactorization.ts';
import type { PoseGraph } from './PoseGraph.ts';

/** One symbolic analysis per graph, shared by its rotation, translation and full systems. */
const analyses = new WeakMap<PoseGraph, SymbolicFactorization>();

export class NormalEquations {
  readonly free: number;
  readonly diagonal: Float64Array;
  readonly offDiagonal = new Map<number, Float64Array>();
  readonly rhs: Float64Array;
  readonly cholesky: BlockCholesky;

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

  /** Factorizes (A + damping·diag(A) + floor·I) and solves for the right-hand side. */
  solve(out: Float64Array, damping = 0, floor = 0): Float64Array {
    const { b } = this;
    let diagonal = this.diagonal;
    if (damping > 0 || floor > 0) {
      diagonal = Float64Array.from(this.diagonal);
      for (let v = 0; v < this.free; v++)
        for (let k = 0; k < b; k++)
          diagonal[v * b * b + k * b + k]! += damping * this.diagonal[v * b * b + k * b + k]! + floor;
    }
    this.cholesky.factorize(diagonal, this.offDiagonal, (i, j) => this.key(i, j));
    return this.cholesky.solve(out, this.rhs);
  }
}
