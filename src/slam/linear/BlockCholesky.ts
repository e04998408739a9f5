/**
 * Sparse Cholesky for symmetric positive definite block matrices (dense b×b blocks on a
 * sparse pattern of n block rows), as pose-graph normal equations are. Symbolic phase: an
 * exact minimum-degree elimination order on the block graph (a lazy binary heap; eliminating
 * a node joins its neighbours into a clique), which also yields the column structure of L.
 * Numeric phase: right-looking block elimination A = L Lᵀ in that order; solves are a forward
 * and a backward block substitution. Work per factorization is Σ_v |col(v)|² b³.
 */
export class BlockCholesky {
  readonly order: Int32Array;
  readonly position: Int32Array;
  /** Rows (block indices) of each column of L, below the diagonal. */
  readonly columns: Int32Array[];
  readonly #slots: Array<Map<number, number>>;
  readonly #lower: Float64Array;
  readonly #diagonal: Float64Array;
  readonly #bb: number;
  readonly fillBlocks: number;
  /** Per column: where each clique update lands (≥ 0: offset in L; < 0: −1 − offset in the diagonal). */
  readonly #updateTargets: Int32Array[];
  /** Per column: the two L blocks (u·v and w·v) each update multiplies. */
  readonly #updateSources: Int32Array[];

  constructor(
    readonly n: number,
    readonly b: number,
    pairs: ReadonlyArray<readonly [number, number]>,
  ) {
    this.#bb = b * b;
    const adjacency = Array.from({ length: n }, () => new Set<number>());
    for (const [i, j] of pairs) {
      if (i === j) continue;
      adjacency[i]!.add(j);
      adjacency[j]!.add(i);
    }
    this.order = new Int32Array(n);
    this.position = new Int32Array(n).fill(-1);
    this.columns = new Array<Int32Array>(n);
    const heap = new MinHeap();
    for (let v = 0; v < n; v++) heap.push(adjacency[v]!.size, v);
    for (let k = 0; k < n; k++) {
      let v: number;
      for (;;) {
        const [degree, candidate] = heap.pop();
        if (this.position[candidate] === -1 && adjacency[candidate]!.size === degree) {
          v = candidate;
          break;
        }
      }
      this.order[k] = v;
      this.position[v] = k;
      const neighbours = [...adjacency[v]!];
      this.columns[v] = Int32Array.from(neighbours);
      for (const u of neighbours) {
        const set = adjacency[u]!;
        set.delete(v);
        for (const w of neighbours) if (w !== u) set.add(w);
        heap.push(set.size, u);
      }
      adjacency[v]!.clear();
    }
    let offset = 0;
    this.#slots = this.columns.map((rows) => {
      const slots = new Map<number, number>();
      for (const u of rows) {
        slots.set(u, offset);
        offset += this.#bb;
      }
      return slots;
    });
    this.fillBlocks = offset / this.#bb;
    this.#lower = new Float64Array(offset);
    this.#diagonal = new Float64Array(n * this.#bb);
    this.#updateTargets = new Array<Int32Array>(n);
    this.#updateSources = new Array<Int32Array>(n);
    for (let v = 0; v < n; v++) {
      const rows = this.columns[v]!;
      const slots = this.#slots[v]!;
      const targets: number[] = [];
      const sources: number[] = [];
      for (const u of rows) {
        for (const w of rows) {
          if (this.position[w]! > this.position[u]!) continue;
          targets.push(u === w ? -1 - u * this.#bb : this.#slots[w]!.get(u)!);
          sources.push(slots.get(u)!, slots.get(w)!);
        }
      }
      this.#updateTargets[v] = Int32Array.from(targets);
      this.#updateSources[v] = Int32Array.from(sources);
    }
  }

  /**
   * Factorizes A given by its diagonal blocks (n·b² values) and one off-diagonal block per
   * listed pair (i, j): `offDiagonal(i, j)` returns the b×b block A_ij (row-major, rows of i).
   */
  factorize(
    diagonal: Float64Array,
    offDiagonal: ReadonlyMap<number, Float64Array>,
    key: (i: number, j: number) => number,
  ): void {
    const { b } = this;
    const bb = this.#bb;
    this.#diagonal.set(diagonal);
    this.#lower.fill(0);
    for (let v = 0; v < this.n; v++) {
      for (const u of this.columns[v]!) {
        const stored = offDiagonal.get(key(u, v));
        const transposed = stored ? undefined : offDiagonal.get(key(v, u));
        if (!stored && !transposed) continue;
        const at = this.#slots[v]!.get(u)!;
        for (let r = 0; r < b; r++)
          for (let c = 0; c < b; c++)
            this.#lower[at + r * b + c] = stored ? stored[r * b + c]! : transposed![c * b + r]!;
      }
    }
    const lkk = new Float64Array(bb);
    for (let k = 0; k < this.n; k++) {
      const v = this.order[k]!;
      denseCholesky(this.#diagonal, v * bb, b, `block ${v}`);
      lkk.set(this.#diagonal.subarray(v * bb, (v + 1) * bb));
      const rows = this.columns[v]!;
      const slots = this.#slots[v]!;
      // L_uv = W_uv · Lkk⁻ᵀ
      for (const u of rows) solveRightTransposed(this.#lower, slots.get(u)!, lkk, b);
      // Schur complement on the clique, through the precomputed target offsets.
      const targets = this.#updateTargets[v]!;
      const sources = this.#updateSources[v]!;
      const lower = this.#lower;
      const diagonalBlocks = this.#diagonal;
      for (let pair = 0; pair < targets.length; pair++) {
        const packed = targets[pair]!;
        const onDiagonal = packed < 0;
        const at = onDiagonal ? -packed - 1 : packed;
        const target = onDiagonal ? diagonalBlocks : lower;
        const luv = sources[2 * pair]!;
        const lwv = sources[2 * pair + 1]!;
        for (let r = 0; r < b; r++) {
          const rowU = luv + r * b;
          for (let c = 0; c < b; c++) {
            const rowW = lwv + c * b;
            let sum = 0;
            for (let q = 0; q < b; q++) sum += lower[rowU + q]! * lower[rowW + q]!;
            target[at + r * b + c]! -= sum;
          }
        }
      }
    }
  }

  /** Solves A x = rhs (n·b values) with the last factorization; writes into `out`. */
  solve(out: Float64Array, rhs: Float64Array): Float64Array {
    const { b } = this;
    const bb = this.#bb;
    out.set(rhs);
    // L y = rhs
    for (let k = 0; k < this.n; k++) {
      const v = this.order[k]!;
      forwardDiagonal(out, v * b, this.#diagonal, v * bb, b);
      for (const u of this.columns[v]!) {
        const at = this.#slots[v]!.get(u)!;
        for (let r = 0; r < b; r++) {
          let sum = 0;
          for (let c = 0; c < b; c++) sum += this.#lower[at + r * b + c]! * out[v * b + c]!;
          out[u * b + r]! -= sum;
        }
      }
    }
    // Lᵀ x = y
    for (let k = this.n - 1; k >= 0; k--) {
      const v = this.order[k]!;
      for (const u of this.columns[v]!) {
        const at = this.#slots[v]!.get(u)!;
        for (let c = 0; c < b; c++) {
          let sum = 0;
          for (let r = 0; r < b; r++) sum += this.#lower[at + r * b + c]! * out[u * b + r]!;
          out[v * b + c]! -= sum;
        }
      }
      backwardDiagonal(out, v * b, this.#diagonal, v * bb, b);
    }
    return out;
  }
}

/** In-place dense Cholesky of the b×b block at `offset` (lower triangle kept, upper zeroed). */
function denseCholesky(m: Float64Array, offset: number, b: number, what: string): void {
  for (let j = 0; j < b; j++) {
    let diagonal = m[offset + j * b + j]!;
    for (let k = 0; k < j; k++) diagonal -= m[offset + j * b + k]! ** 2;
    if (!(diagonal > 0)) throw new Error(`matrix is not positive definite at ${what} (pivot ${diagonal})`);
    const root = Math.sqrt(diagonal);
    m[offset + j * b + j] = root;
    for (let i = j + 1; i < b; i++) {
      let sum = m[offset + i * b + j]!;
      for (let k = 0; k < j; k++) sum -= m[offset + i * b + k]! * m[offset + j * b + k]!;
      m[offset + i * b + j] = sum / root;
    }
    for (let i = 0; i < j; i++) m[offset + i * b + j] = 0;
  }
}

/** X ← X · L⁻ᵀ for the b×b block X at `at` (L lower triangular). */
function solveRightTransposed(x: Float64Array, at: number, l: Float64Array, b: number): void {
  for (let r = 0; r < b; r++) {
    for (let c = 0; c < b; c++) {
      let sum = x[at + r * b + c]!;
      for (let k = 0; k < c; k++) sum -= x[at + r * b + k]! * l[c * b + k]!;
      x[at + r * b + c] = sum / l[c * b + c]!;
    }
  }
}

function forwardDiagonal(x: Float64Array, at: number, l: Float64Array, lo: number, b: number): void {
  for (let r = 0; r < b; r++) {
    let sum = x[at + r]!;
    for (let k = 0; k < r; k++) sum -= l[lo + r * b + k]! * x[at + k]!;
    x[at + r] = sum / l[lo + r * b + r]!;
  }
}

function backwardDiagonal(x: Float64Array, at: number, l: Float64Array, lo: number, b: number): void {
  for (let r = b - 1; r >= 0; r--) {
    let sum = x[at + r]!;
    for (let k = r + 1; k < b; k++) sum -= l[lo + k * b + r]! * x[at + k]!;
    x[at + r] = sum / l[lo + r * b + r]!;
  }
}

/** Binary min-heap of (key, value) pairs; stale entries are skipped by the caller. */
class MinHeap {
  #keys: number[] = [];
  #values: number[] = [];

  push(key: number, value: number): void {
    const keys = this.#keys;
    const values = this.#values;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  pop(): [number, number] {
    const keys = this.#keys;
    const values = this.#values;
    if (keys.length === 0) throw new Error('heap is empty');
    const top: [number, number] = [keys[0]!, values[0]!];
    const lastKey = keys.pop()!;
    const lastValue = values.pop()!;
    if (keys.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= keys.length) break;
        const right = left + 1;
        const child = right < keys.length && keys[right]! < keys[left]! ? right : left;
        if (keys[child]! >= lastKey) break;
        keys[i] = keys[child]!;
        values[i] = values[child]!;
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return top;
  }
}
