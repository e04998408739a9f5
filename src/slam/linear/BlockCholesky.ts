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
  /** Multiply-adds of one factorization and of one solve: what a reuse of the factor saves. */
  readonly factorMultiplies: number;
  readonly solveMultiplies: number;
  /** Per supernode: where its panel of L starts (stored column by column, each over all its rows). */
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
      for (let i = 0; i < m; i++) for (let j = i * m; j <= i * m + i; j++) front[j] = 0;
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
      let j = 0;
      for (; j + 1 < columns; j += 2) {
        // Two columns per sweep over y.
        const c0 = at + j * m;
        const c1 = c0 + m;
        const y0 = (y[j] = y[j]! / panels[c0 + j]!);
        const y1 = (y[j + 1] = (y[j + 1]! - panels[c0 + j + 1]! * y0) / panels[c1 + j + 1]!);
        for (let i = j + 2; i < m; i++) y[i]! -= panels[c0 + i]! * y0 + panels[c1 + i]! * y1;
      }
      for (; j < columns; j++) {
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
        // Four partial sums: one running sum would wait on each addition.
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let i = j + 1;
        for (; i + 3 < m; i += 4) {
          s0 += panels[column + i]! * y[i]!;
          s1 += panels[column + i + 1]! * y[i + 1]!;
          s2 += panels[column + i + 2]! * y[i + 2]!;
          s3 += panels[column + i + 3]! * y[i + 3]!;
        }
        for (; i < m; i++) s0 += panels[column + i]! * y[i]!;
        y[j] = (y[j]! - (s0 + s1 + s2 + s3)) / panels[column + j]!;
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
  // Row by row (up-looking): L_ij = (A_ij − Σ_q<j L_iq L_jq) / L_jj for j < min(i, columns),
  // then the pivot. Four rows at a time share each read of an earlier row j; the four rows stay
  // in cache while the earlier rows stream past.
  for (let i0 = 0; i0 < m; i0 += 4) {
    const shared = Math.min(i0, columns);
    if (i0 + 3 < m) {
      const r0 = i0 * m;
      const r1 = r0 + m;
      const r2 = r1 + m;
      const r3 = r2 + m;
      for (let j = 0; j < shared; j++) {
        const rowJ = j * m;
        let s0 = a[r0 + j]!;
        let s1 = a[r1 + j]!;
        let s2 = a[r2 + j]!;
        let s3 = a[r3 + j]!;
        for (let q = 0; q < j; q++) {
          const l = a[rowJ + q]!;
          s0 -= a[r0 + q]! * l;
          s1 -= a[r1 + q]! * l;
          s2 -= a[r2 + q]! * l;
          s3 -= a[r3 + q]! * l;
        }
        const diagonal = a[rowJ + j]!;
        a[r0 + j] = s0 / diagonal;
        a[r1 + j] = s1 / diagonal;
        a[r2 + j] = s2 / diagonal;
        a[r3 + j] = s3 / diagonal;
      }
    }
    for (let i = i0; i < Math.min(i0 + 4, m); i++) {
      const rowI = i * m;
      for (let j = i0 + 3 < m ? shared : 0; j < Math.min(i, columns); j++) {
        const rowJ = j * m;
        let sum = a[rowI + j]!;
        for (let q = 0; q < j; q++) sum -= a[rowI + q]! * a[rowJ + q]!;
        a[rowI + j] = sum / a[rowJ + j]!;
      }
      if (i >= columns) continue;
      let pivot = a[rowI + i]!;
      for (let q = 0; q < i; q++) pivot -= a[rowI + q]! * a[rowI + q]!;
      if (!(pivot > 0))
        throw new Error(`matrix is not positive definite at block ${rows[(i / b) | 0]} (pivot ${pivot})`);
      a[rowI + i] = Math.sqrt(pivot);
    }
  }
  schurUpdate(a, m, columns);
}

/**
 * A₂₂ ← A₂₂ − L₂₁ L₂₁ᵀ on the lower triangle, in 4×4 tiles of dot products over the rows of L₂₁
 * (tiles on the diagonal also write their upper corner, which nothing reads).
 */
function schurUpdate(a: Float64Array, m: number, k: number): void {
  let i0 = k;
  for (; i0 + 3 < m; i0 += 4) {
    const r0 = i0 * m;
    const r1 = r0 + m;
    const r2 = r1 + m;
    const r3 = r2 + m;
    for (let j0 = k; j0 <= i0; j0 += 4) {
      const c0 = j0 * m;
      const c1 = c0 + m;
      const c2 = c1 + m;
      const c3 = c2 + m;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0;
      let s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0;
      let s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0;
      for (let q = 0; q < k; q++) {
        const x0 = a[r0 + q]!;
        const x1 = a[r1 + q]!;
        const x2 = a[r2 + q]!;
        const x3 = a[r3 + q]!;
        const y0 = a[c0 + q]!;
        const y1 = a[c1 + q]!;
        const y2 = a[c2 + q]!;
        const y3 = a[c3 + q]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s22 += x2 * y2;
        s23 += x2 * y3;
        s30 += x3 * y0;
        s31 += x3 * y1;
        s32 += x3 * y2;
        s33 += x3 * y3;
      }
      a[r0 + j0]! -= s00;
      a[r0 + j0 + 1]! -= s01;
      a[r0 + j0 + 2]! -= s02;
      a[r0 + j0 + 3]! -= s03;
      a[r1 + j0]! -= s10;
      a[r1 + j0 + 1]! -= s11;
      a[r1 + j0 + 2]! -= s12;
      a[r1 + j0 + 3]! -= s13;
      a[r2 + j0]! -= s20;
      a[r2 + j0 + 1]! -= s21;
      a[r2 + j0 + 2]! -= s22;
      a[r2 + j0 + 3]! -= s23;
      a[r3 + j0]! -= s30;
      a[r3 + j0 + 1]! -= s31;
      a[r3 + j0 + 2]! -= s32;
      a[r3 + j0 + 3]! -= s33;
    }
  }
  for (let i = i0; i < m; i++) {
    const rowI = i * m;
    for (let j = k; j <= i; j++) {
      const rowJ = j * m;
      let sum = 0;
      for (let q = 0; q < k; q++) sum += a[rowI + q]! * a[rowJ + q]!;
      a[rowI + j]! -= sum;
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
