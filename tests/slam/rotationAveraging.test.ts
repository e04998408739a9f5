import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as so3 from '../../src/geometry/so3.ts';
import { Random } from '../../src/common/random.ts';
import { parseG2o } from '../../src/slam/g2o.ts';
import {
  averageRotations,
  chordalInitialRotations,
} from '../../src/slam/rotation-averaging/averageRotations.ts';
import { certify } from '../../src/slam/rotation-averaging/certificate.ts';
import { coordinateDescent } from '../../src/slam/rotation-averaging/coordinateDescent.ts';
import type { RotationGraph } from '../../src/slam/rotation-averaging/RotationGraph.ts';
import { alignedErrors, syntheticProblem } from '../../src/slam/rotation-averaging/synthetic.ts';

const DEG = Math.PI / 180;

function rotationGraphOf(file: string): RotationGraph {
  const graph = parseG2o(
    readFileSync(new URL(`../../../shared/datasets/rotation-averaging/${file}`, import.meta.url), 'utf8'),
    file,
  );
  return {
    nodeCount: graph.nodeCount,
    edges: graph.edges.map((e) => ({ i: e.i, j: e.j, rotation: e.rotation, weight: e.kappa })),
  };
}

describe('rotation averaging', () => {
  it('recovers the ground truth exactly on a noise-free graph, certified', () => {
    const problem = syntheticProblem(new Random(5), 80, { noiseDeg: 0 });
    const result = averageRotations(problem.graph);
    // The angle from a trace near 3 resolves to about 1e-8 rad; the cost shows exactness.
    expect(Math.max(...alignedErrors(result.rotations, problem.truth))).toBeLessThan(1e-6);
    expect(result.certificate.certified).toBe(true);
    expect(result.certificate.cost).toBeLessThan(1e-20);
  });

  it('certifies the optimum of noisy graphs, with errors near the noise level', () => {
    const problem = syntheticProblem(new Random(9), 300, { noiseDeg: 10 });
    const result = averageRotations(problem.graph);
    expect(result.certificate.certified).toBe(true);
    const errors = alignedErrors(result.rotations, problem.truth);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(10 * DEG);
  });

  it('a bad start ends in a wrong local minimum the certificate rejects; the chordal start is certified', () => {
    // Found by search: a sparse graph (mean degree 2.1, 5° noise) with a local minimum.
    const n = 30;
    const problem = syntheticProblem(new Random(4), n, { degree: 2.1, noiseDeg: 5 });
    const random = new Random(1004);
    const start = new Float64Array(9 * n);
    for (let v = 0; v < n; v++)
      start.set(
        so3.toMatrix(
          new Float64Array(9),
          so3.exp(new Float64Array(4), [random.range(-3, 3), random.range(-3, 3), random.range(-3, 3)]),
        ),
        v * 9,
      );
    const local = coordinateDescent(problem.graph, start);
    const localCertificate = certify(problem.graph, local.rotations);
    expect(localCertificate.certified).toBe(false);
    expect(localCertificate.dualityGap).toBeGreaterThan(0);
    const global = averageRotations(problem.graph);
    expect(global.certificate.certified).toBe(true);
    expect(global.certificate.cost).toBeLessThan(local.cost / 100);
  });

  it('reports uncertified when the noise is far beyond the bound', () => {
    const problem = syntheticProblem(new Random(30), 30, { degree: 3, noiseDeg: 90 });
    expect(averageRotations(problem.graph).certificate.certified).toBe(false);
  });

  it('the robust variant resists outlier edges', () => {
    const problem = syntheticProblem(new Random(11), 200, { noiseDeg: 5, outlierFraction: 0.2 });
    const plain = alignedErrors(averageRotations(problem.graph).rotations, problem.truth);
    const robust = averageRotations(problem.graph, { mode: 'robust' });
    const errors = alignedErrors(robust.rotations, problem.truth);
    const mean = (e: Float64Array) => e.reduce((a, b) => a + b, 0) / e.length;
    expect(mean(errors)).toBeLessThan(5 * DEG);
    expect(mean(errors)).toBeLessThan(mean(plain));
  });

  it("certifies GTSAM's toy example and pose3 grid (BSD fixtures)", () => {
    for (const file of ['toyExample.g2o', 'pose3example-grid.txt']) {
      const result = averageRotations(rotationGraphOf(file));
      expect(result.certificate.certified).toBe(true);
    }
    expect(averageRotations(rotationGraphOf('toyExample.g2o')).certificate.cost).toBeLessThan(1e-4);
  });

  it('rejects bad input with a clear error', () => {
    const rotation = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    expect(() =>
      averageRotations({
        nodeCount: 2,
        edges: [{ i: 0, j: 1, rotation: Float64Array.of(1, 0.2, 0, 0, 1, 0, 0, 0, 1), weight: 1 }],
      }),
    ).toThrow(/edge 0 \(0 → 1\) rotation is not orthogonal/);
    expect(() =>
      averageRotations({
        nodeCount: 2,
        edges: [{ i: 0, j: 1, rotation: rotation.map((v) => v * NaN), weight: 1 }],
      }),
    ).toThrow(/edge 0/);
    expect(() => averageRotations({ nodeCount: 3, edges: [{ i: 0, j: 1, rotation, weight: 1 }] })).toThrow(
      /disconnected: node 2 has no edges/,
    );
    expect(() => averageRotations({ nodeCount: 2, edges: [{ i: 0, j: 5, rotation, weight: 1 }] })).toThrow(
      /invalid nodes \(0, 5\)/,
    );
    expect(() => chordalInitialRotations({ nodeCount: 2, edges: [] })).toThrow(/disconnected/);
  });
});
