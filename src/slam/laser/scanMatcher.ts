/**
 * Scan-to-map matching: an exhaustive correlative search (Olson, ICRA 2009) over a window of
 * poses around a guess, scored on a likelihood field, then a Gauss–Newton refinement on the
 * bilinearly interpolated field (as in Hector SLAM) for sub-cell accuracy.
 */
import type { LikelihoodField } from './LikelihoodField.ts';
import { solveSymmetric3 } from '../../geometry/solveSymmetric3.ts';

export interface SearchWindow {
  readonly linearM: number;
  readonly angularRad: number;
}

export interface ScanMatch {
  /** Map pose of the scan's frame: x, y, θ. */
  readonly pose: Float64Array;
  /** Mean field value over the points, 0..1. */
  readonly score: number;
  /** Fraction of points within about one σ of the map. */
  readonly inliers: number;
}

const INLIER_VALUE = Math.exp(-0.5);
const REFINE_ITERATIONS = 12;

/** Working arrays, reused across calls so matching allocates nothing per point. */
export class ScanMatcher {
  #cellX = new Int32Array(0);
  #cellY = new Int32Array(0);
  readonly #gradient = new Float64Array(2);

  match(
    field: LikelihoodField,
    points: Float32Array,
    count: number,
    guess: ArrayLike<number>,
    window: SearchWindow,
  ): ScanMatch {
    if (count === 0) throw new Error('scan matching needs at least one point');
    if (this.#cellX.length < count) {
      this.#cellX = new Int32Array(count);
      this.#cellY = new Int32Array(count);
    }
    let maxRange = 0;
    for (let k = 0; k < count; k++)
      maxRange = Math.max(maxRange, Math.hypot(points[2 * k]!, points[2 * k + 1]!));
    const res = field.resolution;
    const angularStep = Math.max(res / Math.max(maxRange, 1e-3), 0.002);
    const angularSteps = Math.ceil(window.angularRad / angularStep);
    const linearSteps = Math.ceil(window.linearM / res);
    let best = -1;
    const bestPose = Float64Array.from([guess[0]!, guess[1]!, guess[2]!]);
    for (let a = -angularSteps; a <= angularSteps; a++) {
      const theta = guess[2]! + a * angularStep;
      this.#projectToCells(field, points, count, guess[0]!, guess[1]!, theta);
      for (let dy = -linearSteps; dy <= linearSteps; dy++) {
        for (let dx = -linearSteps; dx <= linearSteps; dx++) {
          const score = this.#cellScore(field, count, dx, dy);
          if (score > best) {
            best = score;
            bestPose[0] = guess[0]! + dx * res;
            bestPose[1] = guess[1]! + dy * res;
            bestPose[2] = theta;
          }
        }
      }
    }
    this.#refine(field, points, count, bestPose);
    return this.#evaluate(field, points, count, bestPose);
  }

  #projectToCells(
    field: LikelihoodField,
    points: Float32Array,
    count: number,
    x: number,
    y: number,
    theta: number,
  ): void {
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    const inv = 1 / field.resolution;
    for (let k = 0; k < count; k++) {
      const px = points[2 * k]!;
      const py = points[2 * k + 1]!;
      this.#cellX[k] = Math.floor((x + c * px - s * py - field.originX) * inv);
      this.#cellY[k] = Math.floor((y + s * px + c * py - field.originY) * inv);
    }
  }

  #cellScore(field: LikelihoodField, count: number, dx: number, dy: number): number {
    const { width, height, values } = field;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const cx = this.#cellX[k]! + dx;
      const cy = this.#cellY[k]! + dy;
      if (cx >= 0 && cy >= 0 && cx < width && cy < height) sum += values[cy * width + cx]!;
    }
    return sum / count;
  }

  /** Gauss–Newton on Σ (1 − M(T·p))² over x, y, θ. */
  #refine(field: LikelihoodField, points: Float32Array, count: number, pose: Float64Array): void {
    const g = this.#gradient;
    for (let iteration = 0; iteration < REFINE_ITERATIONS; iteration++) {
      const c = Math.cos(pose[2]!);
      const s = Math.sin(pose[2]!);
      let h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0, b0 = 0, b1 = 0, b2 = 0; // prettier-ignore
      for (let k = 0; k < count; k++) {
        const px = points[2 * k]!;
        const py = points[2 * k + 1]!;
        const value = field.sample(pose[0]! + c * px - s * py, pose[1]! + s * px + c * py, g);
        const r = 1 - value;
        const j0 = -g[0]!;
        const j1 = -g[1]!;
        const j2 = -(g[0]! * (-s * px - c * py) + g[1]! * (c * px - s * py));
        h00 += j0 * j0;
        h01 += j0 * j1;
        h02 += j0 * j2;
        h11 += j1 * j1;
        h12 += j1 * j2;
        h22 += j2 * j2;
        b0 -= j0 * r;
        b1 -= j1 * r;
        b2 -= j2 * r;
      }
      const step = solveSymmetric3(h00, h01, h02, h11, h12, h22, b0, b1, b2);
      if (!step) return;
      // A refinement that leaves the search cell means the field's slope misled it: keep the search's pose.
      if (Math.hypot(step[0], step[1]) > field.resolution) return;
      pose[0]! += step[0];
      pose[1]! += step[1];
      pose[2]! += step[2];
      if (Math.hypot(step[0], step[1]) < 1e-5 && Math.abs(step[2]) < 1e-6) return;
    }
  }

  #evaluate(field: LikelihoodField, points: Float32Array, count: number, pose: Float64Array): ScanMatch {
    const c = Math.cos(pose[2]!);
    const s = Math.sin(pose[2]!);
    let sum = 0;
    let inliers = 0;
    for (let k = 0; k < count; k++) {
      const px = points[2 * k]!;
      const py = points[2 * k + 1]!;
      const value = field.sample(pose[0]! + c * px - s * py, pose[1]! + s * px + c * py);
      sum += value;
      if (value >= INLIER_VALUE) inliers++;
    }
    return { pose, score: sum / count, inliers: inliers / count };
  }
}
