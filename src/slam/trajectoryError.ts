/**
 * Absolute trajectory error, as evo computes it: associate estimate and ground-truth poses
 * (by time for TUM files, by index for KITTI files), align the estimate to the ground truth by
 * the least-squares rigid motion (Umeyama 1991 without scale; the rotation from Horn's quaternion
 * method), and summarize the translation errors (RMSE, mean, median, max) in metres.
 */
import { nearestRotation3 } from './pose-graph/rotationProjection.ts';

export interface TimedPosition {
  readonly stamp: number;
  readonly position: readonly [number, number, number];
}

function numbersOf(line: string, where: string, count: number): number[] {
  const values = line.trim().split(/\s+/).map(Number);
  if (values.length < count || values.some((v) => !Number.isFinite(v)))
    throw new Error(`${where}: expected ${count} numbers`);
  return values;
}

/** TUM format: `t x y z qx qy qz qw` per line; `#` comments. */
export function readTum(text: string, source = 'tum'): TimedPosition[] {
  const out: TimedPosition[] = [];
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const v = numbersOf(line, `${source}:${k + 1}`, 8);
    out.push({ stamp: v[0]!, position: [v[1]!, v[2]!, v[3]!] });
  });
  return out;
}

/** KITTI format: a 3×4 row-major pose per line; the line index is the stamp. */
export function readKitti(text: string, source = 'kitti'): TimedPosition[] {
  const out: TimedPosition[] = [];
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    const v = numbersOf(line, `${source}:${k + 1}`, 12);
    out.push({ stamp: out.length, position: [v[3]!, v[7]!, v[11]!] });
  });
  return out;
}

/** One-to-one pairs: each ground-truth stamp with the nearest unused estimate stamp within `maxDifference`. */
export function associate(
  truth: readonly TimedPosition[],
  estimate: readonly TimedPosition[],
  maxDifference = 0.01,
): Array<[TimedPosition, TimedPosition]> {
  const sorted = [...estimate].sort((a, b) => a.stamp - b.stamp);
  const stamps = Float64Array.from(sorted, (e) => e.stamp);
  const used = new Uint8Array(sorted.length);
  const pairs: Array<[TimedPosition, TimedPosition]> = [];
  for (const reference of truth) {
    let lo = 0;
    let hi = stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stamps[mid]! < reference.stamp) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    for (const k of [lo - 1, lo]) {
      if (k < 0 || k >= stamps.length || used[k]) continue;
      const difference = Math.abs(stamps[k]! - reference.stamp);
      if (difference <= maxDifference && (best < 0 || difference < Math.abs(stamps[best]! - reference.stamp)))
        best = k;
    }
    if (best < 0) continue;
    used[best] = 1;
    pairs.push([reference, sorted[best]!]);
  }
  return pairs;
}

export interface TrajectoryError {
  readonly rmse: number;
  readonly mean: number;
  readonly median: number;
  readonly max: number;
  readonly pairs: number;
  /** truth_R_estimate (row-major) and truth_t_estimate of the alignment. */
  readonly rotation: Float64Array;
  readonly translation: Float64Array;
}

/** Translation APE after SE(3) alignment of the estimate to the truth. */
export function absoluteTrajectoryError(
  pairs: ReadonlyArray<readonly [TimedPosition, TimedPosition]>,
): TrajectoryError {
  const n = pairs.length;
  if (n < 3) throw new Error(`need at least 3 associated poses to align, got ${n}`);
  const mu = [new Float64Array(3), new Float64Array(3)];
  for (const [t, e] of pairs)
    for (let k = 0; k < 3; k++) {
      mu[0]![k]! += t.position[k]! / n;
      mu[1]![k]! += e.position[k]! / n;
    }
  // A = Σ (truth − μt)(estimate − μe)ᵀ; R = argmax tr(Rᵀ A).
  const A = new Float64Array(9);
  for (const [t, e] of pairs) {
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++)
        A[r * 3 + c]! += (t.position[r]! - mu[0]![r]!) * (e.position[c]! - mu[1]![c]!);
  }
  const rotation = nearestRotation3(new Float64Array(9), A);
  const translation = new Float64Array(3);
  for (let r = 0; r < 3; r++)
    translation[r] =
      mu[0]![r]! -
      (rotation[r * 3]! * mu[1]![0]! + rotation[r * 3 + 1]! * mu[1]![1]! + rotation[r * 3 + 2]! * mu[1]![2]!);
  const errors = new Float64Array(n);
  let sumSquares = 0;
  let sum = 0;
  pairs.forEach(([t, e], k) => {
    let squared = 0;
    for (let r = 0; r < 3; r++) {
      const aligned =
        rotation[r * 3]! * e.position[0] +
        rotation[r * 3 + 1]! * e.position[1] +
        rotation[r * 3 + 2]! * e.position[2] +
        translation[r]!;
      squared += (t.position[r]! - aligned) ** 2;
    }
    errors[k] = Math.sqrt(squared);
    sumSquares += squared;
    sum += errors[k]!;
  });
  const sorted = Float64Array.from(errors).sort();
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return {
    rmse: Math.sqrt(sumSquares / n),
    mean: sum / n,
    median,
    max: sorted[n - 1]!,
    pairs: n,
    rotation,
    translation,
  };
}
