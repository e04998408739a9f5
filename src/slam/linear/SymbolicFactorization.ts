/**
 * The structure of the Cholesky factor L (A = L Lᵀ) for a sparsity pattern and an elimination
 * order, independent of the values and of the block size: the elimination tree, each column's
 * rows, and the supernodes (runs of consecutive columns with the same rows below) that the
 * multifrontal factorization works on, with the index maps its extend-add needs.
 * `analyze` picks the order: minimum degree, or nested dissection where it makes less work.
 */
import { minimumDegreeOrder } from './minimumDegree.ts';
import { nestedDissectionOrder } from './nestedDissection.ts';
import type { SparseGraph } from './SparseGraph.ts';

/** Work per vertex (Σ column rows² / n) above which nested dissection is worth computing too. */
const DISSECTION_WORTH_TRYING = 100;

export class SymbolicFactorization {
  /** order[k]: the vertex eliminated k-th; position is its inverse. */
  readonly position: Int32Array;
  /** Per supernode: its vertices, its columns first, then the rows below them, by position. */
  readonly rows: Int32Array[];
  /** Per supernode: how many of its rows are its own columns. */
  readonly columnCounts: Int32Array;
  /** Per supernode: the supernode its update goes to (−1 for a root). */
  readonly parent: Int32Array;
  /** Per supernode: where its update rows (rows past its columns) sit among the parent's rows. */
  readonly relative: Int32Array[];
  /** Supernodes children first: the multifrontal factorization's visiting order. */
  readonly postorder: Int32Array;
  /** Per supernode: how many children it has (their updates are on the stack when it is visited). */
  readonly childCounts: Int32Array;
  /** Off-diagonal entries of L, in vertex pairs. */
  readonly fill: number;
  /** Σ over columns of (rows below)²: the factorization's work, up to the block size cubed. */
  readonly work: number;

  constructor(
    readonly graph: SparseGraph,
    readonly order: Int32Array,
  ) {
    const { n, offsets, neighbours } = graph;
    this.position = new Int32Array(n);
    for (let k = 0; k < n; k++) this.position[order[k]!] = k;
    const position = this.position;
    // Column structures by position: struct(k) = later neighbours of k ∪ children's structures \ {k}.
    const parent = new Int32Array(n).fill(-1);
    const structure = new Array<Int32Array>(n);
    const firstChild = new Int32Array(n).fill(-1);
    const nextSibling = new Int32Array(n).fill(-1);
    const mark = new Int32Array(n).fill(-1);
    const buffer = new Int32Array(n);
    let fill = 0;
    let work = 0;
    for (let k = 0; k < n; k++) {
      const v = order[k]!;
      let count = 0;
      mark[k] = k;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const p = position[neighbours[e]!]!;
        if (p > k && mark[p] !== k) {
          mark[p] = k;
          buffer[count++] = p;
        }
      }
      for (let child = firstChild[k]!; child !== -1; child = nextSibling[child]!) {
        const rows = structure[child]!;
        for (let r = 0; r < rows.length; r++) {
          const p = rows[r]!;
          if (mark[p] !== k) {
            mark[p] = k;
            buffer[count++] = p;
          }
        }
      }
      const rows = buffer.slice(0, count).sort();
      structure[k] = rows;
      fill += count;
      work += count * count;
      if (count > 0) {
        parent[k] = rows[0]!;
        nextSibling[k] = firstChild[rows[0]!]!;
        firstChild[rows[0]!] = k;
      }
    }
    this.fill = fill;
    this.work = work;
    // Fundamental supernodes: k + 1 joins k's when k is its only child and k's rows are its own plus k + 1.
    const childCount = new Int32Array(n);
    for (let k = 0; k < n; k++) if (parent[k]! >= 0) childCount[parent[k]!]!++;
    const supernodeOf = new Int32Array(n);
    const starts: number[] = [];
    for (let k = 0; k < n; k++) {
      const joins =
        k > 0 &&
        parent[k - 1] === k &&
        childCount[k] === 1 &&
        structure[k - 1]!.length === structure[k]!.length + 1;
      if (!joins) starts.push(k);
      supernodeOf[k] = starts.length - 1;
    }
    const count = starts.length;
    starts.push(n);
    this.rows = new Array<Int32Array>(count);
    this.columnCounts = new Int32Array(count);
    this.parent = new Int32Array(count).fill(-1);
    for (let s = 0; s < count; s++) {
      const first = starts[s]!;
      const below = structure[first]!;
      const rows = new Int32Array(1 + below.length);
      rows[0] = order[first]!;
      for (let r = 0; r < below.length; r++) rows[r + 1] = order[below[r]!]!;
      this.rows[s] = rows;
      this.columnCounts[s] = starts[s + 1]! - first;
      const last = starts[s + 1]! - 1;
      if (parent[last]! >= 0) this.parent[s] = supernodeOf[parent[last]!]!;
    }
    // Where each supernode's update rows land in its parent's rows.
    const localIndex = new Int32Array(n);
    this.relative = new Array<Int32Array>(count);
    this.childCounts = new Int32Array(count);
    for (let s = 0; s < count; s++) {
      const p = this.parent[s]!;
      const rows = this.rows[s]!;
      const updates = new Int32Array(rows.length - this.columnCounts[s]!);
      if (p >= 0) {
        this.childCounts[p]!++;
        const parentRows = this.rows[p]!;
        for (let r = 0; r < parentRows.length; r++) localIndex[parentRows[r]!] = r;
        for (let r = 0; r < updates.length; r++) updates[r] = localIndex[rows[this.columnCounts[s]! + r]!]!;
      }
      this.relative[s] = updates;
    }
    this.postorder = postorder(this.parent);
  }

  /**
   * Minimum degree's order, or nested dissection's where that makes less work: tried only when
   * minimum degree leaves dense fronts (mesh-like graphs), where the factorization dominates.
   */
  static analyze(graph: SparseGraph): SymbolicFactorization {
    const degree = new SymbolicFactorization(graph, minimumDegreeOrder(graph));
    if (degree.work <= DISSECTION_WORTH_TRYING * graph.n) return degree;
    const dissection = new SymbolicFactorization(graph, nestedDissectionOrder(graph));
    return dissection.work < degree.work ? dissection : degree;
  }
}

function postorder(parent: Int32Array): Int32Array {
  const count = parent.length;
  const firstChild = new Int32Array(count).fill(-1);
  const nextSibling = new Int32Array(count).fill(-1);
  for (let s = count - 1; s >= 0; s--) {
    const p = parent[s]!;
    if (p < 0) continue;
    nextSibling[s] = firstChild[p]!;
    firstChild[p] = s;
  }
  const out = new Int32Array(count);
  const stack = new Int32Array(count);
  const visitedChildren = new Uint8Array(count);
  let written = 0;
  for (let root = 0; root < count; root++) {
    if (parent[root]! >= 0) continue;
    let depth = 0;
    stack[depth++] = root;
    while (depth > 0) {
      const s = stack[depth - 1]!;
      if (!visitedChildren[s]) {
        visitedChildren[s] = 1;
        for (let c = firstChild[s]!; c !== -1; c = nextSibling[c]!) stack[depth++] = c;
      } else {
        out[written++] = s;
        depth--;
      }
    }
  }
  return out;
}
