/**
 * Sparse Cholesky A = L Lᵀ for symmetric positive definite block matrices (dense b×b blocks on
 * a sparse pattern), as pose-graph normal equations are. Multifrontal (Duff & Reid; Liu 1992):
 * per supernode, in postorder, a dense frontal matrix gathers the supernode's entries of A and
 * its children's update matrices (extend-add); a dense partial Cholesky factors its columns
 * and leaves the Schur complement as its own update for the parent. The dense kernels read
 * contiguous rows, which is where the time goes. The structure (order, supernodes) comes from
 * a SymbolicFactorization, shared by every block size over the same pattern.
 */
import { graphFromPairs } from './SparseGraph.ts';
import { SymbolicFactorization } from './SymbolicFactorization.ts';

export class BlockCholesky {
  readonly n: number;
  /** Multiply-adds of one factorization and of one solve: what a reuse of the factor saves. */
  readonly factorMultiplies: number;
  readonly solveMultiplies: number;
  /** Per supernode: where its panel of L (rows × columns, row-major) starts. */
  readonly #panelOffsets: Int32Array;
  readonly #panels: Float64Array;
  readonly #front: Float64Array;
  readonly #stack: Float64Array;
  readonly #work: Float64Array;
  /** Supernodes whose updates are on the stack, in push order. */
  readonly #pending: Int32Array;
  readonly #scalarMap: Int32Array;
  /** Per supernode: the graph's later-neighbour blocks of its columns, as (row, column) local indices. */
  readonly #scatter: Int32Array[];

  constructor(
    readonly structure: SymbolicFactorization,
    readonly b: number,
  ) {
    const { rows, columnCounts, postorder, graph } = structure;
    this.n = graph.n;
    const count = rows.length;
    this.#panelOffsets = new Int32Array(count + 1);
    let largest = 0;
    for (let s = 0; s < count; s++) {
      this.#panelOffsets[s + 1] = this.#panelOffsets[s]! + rows[s]!.length * columnCounts[s]! * b * b;
      largest = Math.max(largest, rows[s]!.length * b);
    }
    this.#panels = new Float64Array(this.#panelOffsets[count]!);
    let multiplies = 0;
    for (let s = 0; s < count; s++) {
      const m = rows[s]!.length * b;
      const k = columnCounts[s]! * b;
      multiplies += (k * k * (3 * m - 2 * k)) / 6 + ((m - k) * (m - k + 1) * k) / 2;
    }
    this.factorMultiplies = multiplies;
    this.solveMultiplies = 2 * this.#panelOffsets[count]!;
    this.#front = new Float64Array(largest * largest);
    this.#work = new Float64Array(largest);
    this.#pending = new Int32Array(count);
    this.#scalarMap = new Int32Array(largest);
    // The update stack's peak, replaying the postorder.
    let depth = 0;
    let peak = 0;
    const sizes: number[] = [];
    for (let k = 0; k < postorder.length; k++) {
      const s = postorder[k]!;
      for (let c = 0; c < structure.childCounts[s]!; c++) depth -= sizes.pop()!;
      const update = (rows[s]!.length - columnCounts[s]!) * b;
      sizes.push(update * update);
      depth += update * update;
      peak = Math.max(peak, depth);
    }
    this.#stack = new Float64Array(peak);
    const local = new Int32Array(graph.n);
    this.#scatter = rows.map((supernodeRows, s) => {
      for (let r = 0; r < supernodeRows.length; r++) local[supernodeRows[r]!] = r;
      const entries: number[] = [];
      for (let c = 0; c < columnCounts[s]!; c++) {
        const v = supernodeRows[c]!;
        for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) {
          const u = graph.neighbours[e]!;
          if (structure.position[u]! > structure.position[v]!) entries.push(local[u]!, c);
        }
      }
      return Int32Array.from(entries);
    });
  }

  /** A factorization over the pattern of the listed pairs (its own symbolic analysis). */
  static forPairs(n: number, b: number, pairs: ReadonlyArray<readonly [number, number]>): BlockCholesky {
    return new BlockCholesky(SymbolicFactorization.analyze(graphFromPairs(n, pairs)), b);
  }

  /** Off-diagonal entries of L, in blocks. */
  get fillBlocks(): number {
    return this.structure.fill;
  }

  /**
   * Factorizes A given by its diagonal blocks (n·b² values) and one off-diagonal block per
   * pair of the pattern: `offDiagonal.get(key(i, j))` is A_ij (row-major, rows of i), or
   * A_ji under key(j, i). Throws naming the block where A is not positive definite.
   */
  factorize(
    diagonal: Float64Array,
    offDiagonal: ReadonlyMap<number, Float64Array>,
    key: (i: number, j: number) => number,
  ): void {
    const { b } = this;
    const bb = b * b;
    const { rows, columnCounts, postorder, childCounts, relative } = this.structure;
    const front = this.#front;
    const stack = this.#stack;
    const pending = this.#pending;
    let top = 0;
    let waiting = 0;
    for (let k = 0; k < postorder.length; k++) {
      const s = postorder[k]!;
      const supernodeRows = rows[s]!;
      const m = supernodeRows.length * b;
      const columns = columnCounts[s]! * b;
      for (let i = 0; i < m; i++) front.fill(0, i * m, i * m + i + 1);
      // Entries of A: diagonal blocks, then the blocks below them (lower triangle only).
      for (let c = 0; c < columnCounts[s]!; c++) {
        const at = supernodeRows[c]! * bb;
        for (let r = 0; r < b; r++)
          for (let q = 0; q <= r; q++) front[(c * b + r) * m + c * b + q] = diagonal[at + r * b + q]!;
      }
      const scatter = this.#scatter[s]!;
      for (let e = 0; e < scatter.length; e += 2) {
        const u = supernodeRows[scatter[e]!]!;
        const v = supernodeRows[scatter[e + 1]!]!;
        const direct = offDiagonal.get(key(u, v));
        const block = direct ?? offDiagonal.get(key(v, u));
        if (!block) continue;
        const at = scatter[e]! * b * m + scatter[e + 1]! * b;
        for (let r = 0; r < b; r++)
          for (let q = 0; q < b; q++) front[at + r * m + q] = direct ? block[r * b + q]! : block[q * b + r]!;
      }
      // Extend-add the children's updates (the top of the stack), lower triangles.
      for (let child = 0; child < childCounts[s]!; child++) {
        const c = pending[--waiting]!;
        const blocks = relative[c]!;
        const size = blocks.length * b;
        const map = this.#scalarMap;
        for (let r = 0; r < blocks.length; r++)
          for (let q = 0; q < b; q++) map[r * b + q] = blocks[r]! * b + q;
        top -= size * size;
        for (let i = 0; i < size; i++) {
          const row = map[i]! * m;
          const source = top + i * size;
          for (let j = 0; j <= i; j++) front[row + map[j]!]! += stack[source + j]!;
        }
      }
      partialCholesky(front, m, columns, supernodeRows, b);
      copyPanel(this.#panels, this.#panelOffsets[s]!, front, m, columns);
      // Push the Schur complement (lower triangle) for the parent.
      const size = m - columns;
      for (let i = 0; i < size; i++) {
        const source = (columns + i) * m + columns;
        const target = top + i * size;
        for (let j = 0; j <= i; j++) stack[target + j] = front[source + j]!;
      }
      top += size * size;
      pending[waiting++] = s;
    }
  }

  /** Solves A x = rhs (n·b values) with the last factorization; writes into `out`. */
  solve(out: Float64Array, rhs: Float64Array): Float64Array {
    const { b } = this;
    const { rows, columnCounts, postorder } = this.structure;
    const panels = this.#panels;
    const y = this.#work;
    out.set(rhs);
    // L y = rhs, children before parents; then Lᵀ x = y, parents before children. Panels are
    // stored by column, so both sweeps run along long contiguous columns.
    for (let k = 0; k < postorder.length; k++) {
      const s = postorder[k]!;
      const supernodeRows = rows[s]!;
      const m = supernodeRows.length * b;
      const columns = columnCounts[s]! * b;
      const at = this.#panelOffsets[s]!;
      gather(y, out, supernodeRows, b);
      for (let j = 0; j < columns; j++) {
        const column = at + j * m;
        const yj = (y[j] = y[j]! / panels[column + j]!);
        for (let i = j + 1; i < m; i++) y[i]! -= panels[column + i]! * yj;
      }
      scatterBack(out, y, supernodeRows, b, m);
    }
    for (let k = postorder.length - 1; k >= 0; k--) {
      const s = postorder[k]!;
      const supernodeRows = rows[s]!;
      const m = supernodeRows.length * b;
      const columns = columnCounts[s]! * b;
      const at = this.#panelOffsets[s]!;
      gather(y, out, supernodeRows, b);
      for (let j = columns - 1; j >= 0; j--) {
        const column = at + j * m;
        let sum = y[j]!;
        for (let i = j + 1; i < m; i++) sum -= panels[column + i]! * y[i]!;
        y[j] = sum / panels[column + j]!;
      }
      scatterBack(out, y, supernodeRows, b, columns);
    }
    return out;
  }
}

/**
 * Factors the first `columns` columns of the dense symmetric m×m matrix (row-major, lower
 * triangle) in place: L₁₁ and L₂₁ = A₂₁ L₁₁⁻ᵀ, then A₂₂ ← A₂₂ − L₂₁ L₂₁ᵀ (the Schur complement).
 */
function partialCholesky(a: Float64Array, m: number, columns: number, rows: Int32Array, b: number): void {
  // L₁₁: column by column.
  for (let j = 0; j < columns; j++) {
    const rowJ = j * m;
    let pivot = a[rowJ + j]!;
    for (let q = 0; q < j; q++) pivot -= a[rowJ + q]! * a[rowJ + q]!;
    if (!(pivot > 0))
      throw new Error(`matrix is not positive definite at block ${rows[(j / b) | 0]} (pivot ${pivot})`);
    const root = Math.sqrt(pivot);
    a[rowJ + j] = root;
    for (let i = j + 1; i < columns; i++) {
      const rowI = i * m;
      let sum = a[rowI + j]!;
      for (let q = 0; q < j; q++) sum -= a[rowI + q]! * a[rowJ + q]!;
      a[rowI + j] = sum / root;
    }
  }
  // L₂₁ = A₂₁ L₁₁⁻ᵀ: a forward substitution per row, two rows at a time.
  let i = columns;
  for (; i + 1 < m; i += 2) {
    const r0 = i * m;
    const r1 = r0 + m;
    for (let j = 0; j < columns; j++) {
      const rowJ = j * m;
      let s0 = a[r0 + j]!;
      let s1 = a[r1 + j]!;
      for (let q = 0; q < j; q++) {
        const l = a[rowJ + q]!;
        s0 -= a[r0 + q]! * l;
        s1 -= a[r1 + q]! * l;
      }
      const diagonal = a[rowJ + j]!;
      a[r0 + j] = s0 / diagonal;
      a[r1 + j] = s1 / diagonal;
    }
  }
  if (i < m) {
    const r0 = i * m;
    for (let j = 0; j < columns; j++) {
      const rowJ = j * m;
      let s0 = a[r0 + j]!;
      for (let q = 0; q < j; q++) s0 -= a[r0 + q]! * a[rowJ + q]!;
      a[r0 + j] = s0 / a[rowJ + j]!;
    }
  }
  schurUpdate(a, m, columns);
}

/** A₂₂ ← A₂₂ − L₂₁ L₂₁ᵀ on the lower triangle, two rows by two columns at a time. */
function schurUpdate(a: Float64Array, m: number, k: number): void {
  let i = k;
  for (; i + 1 < m; i += 2) {
    const r0 = i * m;
    const r1 = r0 + m;
    let j = k;
    for (; j + 1 <= i; j += 2) {
      const c0 = j * m;
      const c1 = c0 + m;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let q = 0; q < k; q++) {
        const x0 = a[r0 + q]!;
        const x1 = a[r1 + q]!;
        const y0 = a[c0 + q]!;
        const y1 = a[c1 + q]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      a[r0 + j]! -= s00;
      a[r0 + j + 1]! -= s01;
      a[r1 + j]! -= s10;
      a[r1 + j + 1]! -= s11;
    }
    if (j === i) {
      // The diagonal pair: (i, i), (i + 1, i), (i + 1, i + 1).
      const c0 = j * m;
      let s00 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let q = 0; q < k; q++) {
        const x0 = a[r0 + q]!;
        const x1 = a[r1 + q]!;
        s00 += x0 * x0;
        s10 += x1 * x0;
        s11 += x1 * x1;
      }
      a[c0 + j]! -= s00;
      a[r1 + j]! -= s10;
      a[r1 + j + 1]! -= s11;
    }
  }
  if (i < m) {
    const r0 = i * m;
    for (let j = k; j <= i; j++) {
      const c0 = j * m;
      let sum = 0;
      for (let q = 0; q < k; q++) sum += a[r0 + q]! * a[c0 + q]!;
      a[r0 + j]! -= sum;
    }
  }
}

/** Copies the first `columns` columns of the m×m front (lower part) into the panel, column by column. */
function copyPanel(panels: Float64Array, at: number, front: Float64Array, m: number, columns: number): void {
  for (let j = 0; j < columns; j++) {
    const column = at + j * m;
    for (let i = 0; i < j; i++) panels[column + i] = 0;
    for (let i = j; i < m; i++) panels[column + i] = front[i * m + j]!;
  }
}

function gather(y: Float64Array, x: Float64Array, rows: Int32Array, b: number): void {
  for (let r = 0; r < rows.length; r++) for (let q = 0; q < b; q++) y[r * b + q] = x[rows[r]! * b + q]!;
}

/** Writes the first `count` values of y back to their rows of x. */
function scatterBack(x: Float64Array, y: Float64Array, rows: Int32Array, b: number, count: number): void {
  for (let i = 0; i < count; i++) x[rows[(i / b) | 0]! * b + (i % b)] = y[i]!;
}
