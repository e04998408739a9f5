import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as so3 from '../../src/geometry/so3.ts';
import { Random } from '../../src/common/random.ts';
import { parseG2o, writeG2o } from '../../src/slam/g2o.ts';
import { BlockCholesky } from '../../src/slam/linear/BlockCholesky.ts';
import { chordalInitialization } from '../../src/slam/pose-graph/chordalInitialization.ts';
import { levenbergMarquardt } from '../../src/slam/pose-graph/levenbergMarquardt.ts';
import { objective } from '../../src/slam/pose-graph/PoseGraph.ts';
import { nearestRotation3 } from '../../src/slam/pose-graph/rotationProjection.ts';

const DATA = new URL('../../../shared/datasets/g2o/', import.meta.url);
const read = (name: string) => parseG2o(readFileSync(new URL(name, DATA), 'utf8'), name);
/** Known optima, from ../shared/datasets/README.md (SE-Sync, certified). */
const OPTIMUM = { MIT: 61.15411552463641, smallGrid3D: 1025.398055626258, tinyGrid3D: 18.51936642130408 };
const GAP_GOAL = 1e-6;

describe('g2o files', () => {
  it('read with SE-Sync weights and survive a write/read round trip', () => {
    const text = [
      'VERTEX_SE2 0 0 0 0',
      'VERTEX_SE2 1 1 0 0.5',
      '',
      'EDGE_SE2 0 1 1 0 0.5 4 0 0 4 0 9',
      'EDGE_SE2 1 0 -1 0.1 -0.5 2 1 0 2 0 3',
    ].join('\n');
    const graph = parseG2o(text, 'two.g2o');
    expect(graph.nodeCount).toBe(2);
    expect(graph.edges[0]).toMatchObject({ i: 0, j: 1, kappa: 9, tau: 4 });
    expect(graph.edges[1]!.tau).toBeCloseTo(2 / ((2 + 2) / 3), 12);
    const again = parseG2o(writeG2o(graph), 'again.g2o');
    expect(again.edges.map((e) => [e.kappa, e.tau])).toEqual(graph.edges.map((e) => [e.kappa, e.tau]));
    expect(objective(again, again.initial!)).toBeCloseTo(objective(graph, graph.initial!), 12);
    const sphere = read('smallGrid3D.g2o');
    const back = parseG2o(writeG2o(sphere), 'back.g2o');
    expect(objective(back, chordalInitialization(back))).toBeCloseTo(
      objective(sphere, chordalInitialization(sphere)),
      6,
    );
  });

  it('reject bad input with the line', () => {
    expect(() => parseG2o('VERTEX_SE2 0 0 0 0\nEDGE_SE9 0 1 2', 'x.g2o')).toThrow(
      "x.g2o:2: unknown g2o tag 'EDGE_SE9'",
    );
    expect(() => parseG2o('EDGE_SE2 0 1 1 0 NaN 1 0 0 1 0 1', 'x.g2o')).toThrow(
      /x\.g2o:1: field 6 of EDGE_SE2 is not a finite number \('NaN'\)/,
    );
    expect(() => parseG2o('EDGE_SE2 0 1 1 0 0 1 0 0 1 0', 'x.g2o')).toThrow(/needs 11 numbers, got 10/);
    expect(() => parseG2o('EDGE_SE2 0 1 1 0 0 1 2 0 1 0 1', 'x.g2o')).toThrow(/not positive definite/);
  });

  it('a disconnected graph is an error naming the node', () => {
    const graph = parseG2o('EDGE_SE2 0 1 1 0 0 1 0 0 1 0 1\nEDGE_SE2 2 3 1 0 0 1 0 0 1 0 1', 'x.g2o');
    expect(() => chordalInitialization(graph)).toThrow(/disconnected: node 2 is not linked to node 0/);
  });
});

describe('block sparse Cholesky', () => {
  it('solves like a dense solver on a random SPD block matrix', () => {
    const random = new Random(3);
    const n = 12;
    const b = 3;
    const pairs: Array<[number, number]> = [];
    for (let i = 1; i < n; i++) pairs.push([i - 1, i]);
    pairs.push([0, 7], [3, 9], [2, 11]);
    const N = n * b;
    const dense = new Float64Array(N * N);
    const diagonal = new Float64Array(n * b * b);
    const off = new Map<number, Float64Array>();
    for (const [i, j] of pairs) {
      const block = Float64Array.from({ length: b * b }, () => random.range(-1, 1));
      off.set(i * n + j, block);
      for (let r = 0; r < b; r++)
        for (let c = 0; c < b; c++) {
          dense[(i * b + r) * N + j * b + c] = block[r * b + c]!;
          dense[(j * b + c) * N + i * b + r] = block[r * b + c]!;
        }
    }
    for (let v = 0; v < n; v++)
      for (let k = 0; k < b; k++) {
        diagonal[v * b * b + k * b + k] = 12;
        dense[(v * b + k) * N + v * b + k] = 12;
      }
    const rhs = Float64Array.from({ length: N }, () => random.range(-1, 1));
    const cholesky = BlockCholesky.forPairs(n, b, pairs);
    cholesky.factorize(diagonal, off, (i, j) => i * n + j);
    const x = cholesky.solve(new Float64Array(N), rhs);
    for (let r = 0; r < N; r++) {
      let ax = 0;
      for (let c = 0; c < N; c++) ax += dense[r * N + c]! * x[c]!;
      expect(ax).toBeCloseTo(rhs[r]!, 10);
    }
  });
});

describe('pose-graph optimization', () => {
  it('the nearest rotation to a perturbed rotation is close to it', () => {
    const R = so3.toMatrix(new Float64Array(9), so3.exp(new Float64Array(4), [0.3, -0.2, 1.1]));
    const noisy = R.map((v, k) => v + (k % 2 ? 1e-3 : -1e-3));
    const projected = nearestRotation3(new Float64Array(9), noisy);
    so3.assertRotationMatrix(projected, 1e-12);
    for (let k = 0; k < 9; k++) expect(projected[k]).toBeCloseTo(R[k]!, 2);
  });

  it('chordal initialization recovers a noise-free graph exactly', () => {
    const graph = read('tinyGrid3D.g2o');
    // Build exact measurements from the file's vertices.
    const truth = graph.initial!;
    const exact = {
      ...graph,
      edges: graph.edges.map((e) => {
        const Ri = truth.rotations.subarray(e.i * 9, e.i * 9 + 9);
        const Rj = truth.rotations.subarray(e.j * 9, e.j * 9 + 9);
        const rotation = new Float64Array(9);
        const translation = new Float64Array(3);
        for (let r = 0; r < 3; r++) {
          for (let c = 0; c < 3; c++)
            for (let k = 0; k < 3; k++) rotation[r * 3 + c]! += Ri[k * 3 + r]! * Rj[k * 3 + c]!;
          for (let k = 0; k < 3; k++)
            translation[r]! +=
              Ri[k * 3 + r]! * (truth.translations[e.j * 3 + k]! - truth.translations[e.i * 3 + k]!);
        }
        return { ...e, rotation, translation };
      }),
    };
    const estimate = chordalInitialization(exact);
    expect(objective(exact, estimate)).toBeLessThan(1e-18);
  });

  it.each(Object.entries(OPTIMUM))(
    'reaches the known optimum of %s from the chordal initialization',
    (name, optimum) => {
      const graph = read(`${name}.g2o`);
      const result = levenbergMarquardt(graph, chordalInitialization(graph));
      expect(result.status).toBe('converged');
      expect(Math.abs(result.cost - optimum) / optimum).toBeLessThan(GAP_GOAL);
    },
  );
});
