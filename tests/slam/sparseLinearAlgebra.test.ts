import { describe, expect, it } from 'vitest';
import { Random } from '../../src/common/random.ts';
import { BlockCholesky } from '../../src/slam/linear/BlockCholesky.ts';
import { conjugateGradient } from '../../src/slam/linear/conjugateGradient.ts';
import { SEPARATOR, vertexSeparator } from '../../src/slam/linear/graphBisection.ts';
import { minimumDegreeOrder } from '../../src/slam/linear/minimumDegree.ts';
import { nestedDissectionOrder } from '../../src/slam/linear/nestedDissection.ts';
import { graphFromPairs, type SparseGraph } from '../../src/slam/linear/SparseGraph.ts';
import { SymbolicFactorization } from '../../src/slam/linear/SymbolicFactorization.ts';

/** Pairs of a grid graph (4- or 6-neighbourhood) of the given side lengths. */
function gridPairs(sides: number[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const n = sides.reduce((a, b) => a * b, 1);
  for (let v = 0; v < n; v++) {
    let stride = 1;
    let rest = v;
    for (const side of sides) {
      if (rest % side < side - 1) pairs.push([v, v + stride]);
      rest = Math.floor(rest / side);
      stride *= side;
    }
  }
  return pairs;
}

function isPermutation(order: Int32Array, n: number): boolean {
  const seen = new Uint8Array(n);
  for (const v of order) {
    if (v < 0 || v >= n || seen[v]) return false;
    seen[v] = 1;
  }
  return order.length === n;
}

/** Off-diagonal entries of L by eliminating a dense boolean pattern in the given order. */
function bruteForceFill(graph: SparseGraph, order: Int32Array): number {
  const n = graph.n;
  const adjacent = Array.from({ length: n }, () => new Uint8Array(n));
  for (let v = 0; v < n; v++)
    for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) adjacent[v]![graph.neighbours[e]!] = 1;
  const eliminated = new Uint8Array(n);
  let fill = 0;
  for (const v of order) {
    const later: number[] = [];
    for (let u = 0; u < n; u++) if (adjacent[v]![u] && !eliminated[u] && u !== v) later.push(u);
    fill += later.length;
    for (const a of later) for (const b of later) if (a !== b) adjacent[a]![b] = 1;
    eliminated[v] = 1;
  }
  return fill;
}

describe('sparse graphs', () => {
  it('drop repeated edges and self pairs, and name a pair outside the graph', () => {
    const graph = graphFromPairs(3, [
      [0, 1],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(Array.from(graph.offsets)).toEqual([0, 1, 3, 4]);
    expect(() => graphFromPairs(3, [[0, 3]])).toThrow(/pair \(0, 3\) is outside the 3 vertices/);
  });
});

describe('orderings', () => {
  it('a multilevel vertex separator splits a grid in balanced halves along a short cut', () => {
    const graph = graphFromPairs(400, gridPairs([20, 20]));
    const label = vertexSeparator(graph, new Random(1));
    const sizes = [0, 0, 0];
    for (const l of label) sizes[l]!++;
    for (let v = 0; v < graph.n; v++)
      for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) {
        const u = graph.neighbours[e]!;
        if (label[v] !== SEPARATOR && label[u] !== SEPARATOR) expect(label[u]).toBe(label[v]);
      }
    expect(sizes[SEPARATOR]).toBeLessThanOrEqual(26); // a straight cut is 20
    expect(Math.min(sizes[0]!, sizes[1]!)).toBeGreaterThan(0.35 * 400);
  });

  it('nested dissection orders a 3D grid with far less work than the natural order; analysis keeps the cheaper order', () => {
    const graph = graphFromPairs(12 ** 3, gridPairs([12, 12, 12]));
    const dissection = nestedDissectionOrder(graph);
    expect(isPermutation(dissection, graph.n)).toBe(true);
    const natural = new SymbolicFactorization(
      graph,
      Int32Array.from({ length: graph.n }, (_, k) => k),
    );
    const nd = new SymbolicFactorization(graph, dissection);
    const md = new SymbolicFactorization(graph, minimumDegreeOrder(graph));
    expect(nd.work).toBeLessThan(0.5 * natural.work);
    expect(SymbolicFactorization.analyze(graph).work).toBe(Math.min(nd.work, md.work));
  });

  it('the symbolic factorization has exactly the fill of dense elimination, and supernodes cover every column once', () => {
    const random = new Random(7);
    const pairs: Array<[number, number]> = [];
    for (let k = 0; k < 90; k++) pairs.push([random.int(0, 60), random.int(0, 60)]);
    const graph = graphFromPairs(60, pairs);
    for (const order of [
      minimumDegreeOrder(graph),
      nestedDissectionOrder(graph),
      random.shuffle([...Array(60).keys()]),
    ]) {
      const structure = new SymbolicFactorization(graph, Int32Array.from(order));
      expect(structure.fill).toBe(bruteForceFill(graph, Int32Array.from(order)));
      const columns = structure.rows.flatMap((rows, s) =>
        Array.from(rows.subarray(0, structure.columnCounts[s])),
      );
      expect(columns.sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
      // Children come before their parents in the visiting order.
      const visited = new Int32Array(structure.rows.length);
      structure.postorder.forEach((s, k) => (visited[s] = k));
      structure.parent.forEach((p, s) => {
        if (p >= 0) expect(visited[s]).toBeLessThan(visited[p]!);
      });
    }
  });
});

describe('multifrontal block Cholesky', () => {
  /** A random SPD block matrix on a pattern: diagonally dominant blocks. */
  function system(n: number, b: number, pairs: Array<[number, number]>, random: Random) {
    const off = new Map<number, Float64Array>();
    const diagonal = new Float64Array(n * b * b);
    for (const [i, j] of pairs) {
      const block = Float64Array.from({ length: b * b }, () => random.range(-1, 1));
      off.set(i * n + j, block);
    }
    const degree = new Float64Array(n);
    for (const [i, j] of pairs) {
      degree[i]!++;
      degree[j]!++;
    }
    for (let v = 0; v < n; v++)
      for (let r = 0; r < b; r++)
        for (let c = 0; c <= r; c++) {
          const value = r === c ? 2 * b * (degree[v]! + 1) : random.range(-0.5, 0.5);
          diagonal[v * b * b + r * b + c] = value;
          diagonal[v * b * b + c * b + r] = value;
        }
    const multiply = (x: Float64Array) => {
      const out = new Float64Array(n * b);
      for (let v = 0; v < n; v++)
        for (let r = 0; r < b; r++)
          for (let c = 0; c < b; c++) out[v * b + r]! += diagonal[v * b * b + r * b + c]! * x[v * b + c]!;
      for (const [key, block] of off) {
        const i = Math.floor(key / n);
        const j = key % n;
        for (let r = 0; r < b; r++)
          for (let c = 0; c < b; c++) {
            out[i * b + r]! += block[r * b + c]! * x[j * b + c]!;
            out[j * b + c]! += block[r * b + c]! * x[i * b + r]!;
          }
      }
      return out;
    };
    return { off, diagonal, multiply };
  }

  it('solves a 3D-grid system ordered by nested dissection (fronts of many columns)', () => {
    const random = new Random(21);
    const n = 9 ** 3;
    const b = 3;
    const pairs = gridPairs([9, 9, 9]);
    const { off, diagonal, multiply } = system(n, b, pairs, random);
    const cholesky = BlockCholesky.forPairs(n, b, pairs);
    expect(Math.max(...cholesky.structure.columnCounts)).toBeGreaterThan(10);
    cholesky.factorize(diagonal, off, (i, j) => i * n + j);
    const rhs = Float64Array.from({ length: n * b }, () => random.range(-1, 1));
    const x = cholesky.solve(new Float64Array(n * b), rhs);
    const back = multiply(x);
    for (let k = 0; k < rhs.length; k++) expect(back[k]).toBeCloseTo(rhs[k]!, 9);
  });

  it('names the block where the matrix is not positive definite', () => {
    const random = new Random(4);
    const pairs = gridPairs([6, 6]);
    const { off, diagonal } = system(36, 2, pairs, random);
    diagonal[17 * 4] = -1;
    const cholesky = BlockCholesky.forPairs(36, 2, pairs);
    expect(() => cholesky.factorize(diagonal, off, (i, j) => i * 36 + j)).toThrow(
      /not positive definite at block 17/,
    );
  });
});

describe('conjugate gradients', () => {
  it('solve an SPD system with a Jacobi preconditioner and report a direction of negative curvature', () => {
    const size = 50;
    const tridiagonal = (diagonalValue: number) => (out: Float64Array, x: Float64Array) => {
      for (let k = 0; k < size; k++)
        out[k] = diagonalValue * x[k]! - (k > 0 ? x[k - 1]! : 0) - (k < size - 1 ? x[k + 1]! : 0);
    };
    const b = Float64Array.from({ length: size }, (_, k) => Math.sin(k));
    const x = new Float64Array(size);
    const jacobi = (out: Float64Array, r: Float64Array) => out.set(r.map((v) => v / 4));
    const solved = conjugateGradient(tridiagonal(4), jacobi, b, x, 1e-12, 100);
    expect(solved.converged).toBe(true);
    const check = new Float64Array(size);
    tridiagonal(4)(check, x);
    for (let k = 0; k < size; k++) expect(check[k]).toBeCloseTo(b[k]!, 10);
    const indefinite = conjugateGradient(tridiagonal(-4), (out, r) => out.set(r), b, x, 1e-12, 100);
    expect(indefinite.converged).toBe(false);
  });
});
