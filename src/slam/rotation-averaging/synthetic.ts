/**
 * Synthetic rotation-averaging problems with known ground truth: random rotations, a random
 * spanning tree plus Erdős–Rényi edges (mean degree `degree`), measurement noise as rotations by
 * a Gaussian angle (σ in degrees) about random axes, and a fraction of outlier edges replaced by
 * random rotations. Also the gauge-aligned angular error against the truth.
 */
import { mat3Multiply, mat3Transpose } from '../../geometry/matrix.ts';
import * as so3 from '../../geometry/so3.ts';
import type { Random } from '../../common/random.ts';
import { nearestRotation3 } from '../pose-graph/rotationProjection.ts';
import { angleBetween, type RelativeRotation, type RotationGraph } from './RotationGraph.ts';

export interface SyntheticProblem {
  readonly graph: RotationGraph;
  readonly truth: Float64Array;
  readonly outlierEdges: number;
}

function randomRotation(random: Random): Float64Array {
  const q = so3.exp(new Float64Array(4), [random.gaussian(), random.gaussian(), random.gaussian()]);
  return so3.toMatrix(new Float64Array(9), q);
}

function axisAngle(random: Random, angleRad: number): Float64Array {
  const axis = [random.gaussian(), random.gaussian(), random.gaussian()];
  const norm = Math.hypot(...axis);
  return so3.toMatrix(
    new Float64Array(9),
    so3.exp(
      new Float64Array(4),
      axis.map((a) => (a / norm) * angleRad),
    ),
  );
}

export function syntheticProblem(
  random: Random,
  n: number,
  options: { degree?: number; noiseDeg?: number; outlierFraction?: number } = {},
): SyntheticProblem {
  const degree = options.degree ?? 8;
  const sigma = ((options.noiseDeg ?? 10) * Math.PI) / 180;
  const outlierFraction = options.outlierFraction ?? 0;
  const truth = new Float64Array(9 * n);
  for (let v = 0; v < n; v++) truth.set(randomRotation(random), v * 9);
  const pairs = new Set<number>();
  const list: Array<[number, number]> = [];
  const add = (i: number, j: number) => {
    if (i === j) return;
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (pairs.has(key)) return;
    pairs.add(key);
    list.push([i, j]);
  };
  for (let v = 1; v < n; v++) add(random.int(0, v), v);
  const target = Math.max(n - 1, Math.round((degree * n) / 2));
  while (list.length < target) add(random.int(0, n), random.int(0, n));
  let outlierEdges = 0;
  const tmp = new Float64Array(9);
  const edges: RelativeRotation[] = list.map(([i, j]) => {
    const Ri = truth.subarray(i * 9, i * 9 + 9);
    const Rj = truth.subarray(j * 9, j * 9 + 9);
    let rotation: Float64Array;
    if (random.chance(outlierFraction)) {
      rotation = randomRotation(random);
      outlierEdges++;
    } else {
      mat3Multiply(tmp, mat3Transpose(new Float64Array(9), Ri), Rj);
      rotation = mat3Multiply(new Float64Array(9), tmp, axisAngle(random, sigma * random.gaussian()));
    }
    return { i, j, rotation, weight: 1 };
  });
  return { graph: { nodeCount: n, edges }, truth, outlierEdges };
}

/** Angular errors (radians) after the best global rotation G (the gauge: R_i → G R_i) aligns the estimate to the truth. */
export function alignedErrors(estimate: Float64Array, truth: Float64Array): Float64Array {
  const n = truth.length / 9;
  const sum = new Float64Array(9);
  const product = new Float64Array(9);
  for (let v = 0; v < n; v++) {
    mat3Multiply(
      product,
      truth.subarray(v * 9, v * 9 + 9),
      mat3Transpose(new Float64Array(9), estimate.subarray(v * 9, v * 9 + 9)),
    );
    for (let k = 0; k < 9; k++) sum[k]! += product[k]!;
  }
  const G = nearestRotation3(new Float64Array(9), sum);
  const errors = new Float64Array(n);
  for (let v = 0; v < n; v++)
    errors[v] = angleBetween(
      mat3Multiply(product, G, estimate.subarray(v * 9, v * 9 + 9)),
      truth.subarray(v * 9, v * 9 + 9),
    );
  return errors;
}
