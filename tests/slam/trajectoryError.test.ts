/** Known answers: evo's results listed in ../shared/datasets/README.md (trajectories/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { absoluteTrajectoryError, associate, readKitti, readTum } from '../../src/slam/trajectoryError.ts';

const DATA = new URL('../../../shared/datasets/trajectories/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, DATA), 'utf8');
const DIGITS = 5;

describe('absolute trajectory error reproduces evo', () => {
  it.each([
    [
      'KITTI_00_gt.txt',
      'KITTI_00_ORB.txt',
      { rmse: 1.30345, mean: 1.156997, median: 1.065625, max: 3.587949, pairs: 4541 },
    ],
    [
      'KITTI_00_gt.txt',
      'KITTI_00_SPTAM.txt',
      { rmse: 3.738488, mean: 3.490977, median: 3.642585, max: 7.768977, pairs: 4541 },
    ],
  ])('%s vs %s', (truthFile, estimateFile, expected) => {
    const truth = readKitti(text(truthFile));
    const estimate = readKitti(text(estimateFile));
    const result = absoluteTrajectoryError(truth.map((t, k) => [t, estimate[k]!] as const));
    expect(result.pairs).toBe(expected.pairs);
    for (const key of ['rmse', 'mean', 'median', 'max'] as const)
      expect(result[key]).toBeCloseTo(expected[key], DIGITS);
  });

  it.each([
    [
      'fr2_desk_groundtruth.txt',
      'fr2_desk_ORB.txt',
      { rmse: 0.008144, mean: 0.007501, median: 0.00748, max: 0.024814, pairs: 2174 },
    ],
    [
      'freiburg1_xyz-groundtruth.txt',
      'freiburg1_xyz-rgbdslam.txt',
      { rmse: 0.013889, mean: 0.012336, median: 0.011507, max: 0.034946, pairs: 785 },
    ],
  ])('%s vs %s', (truthFile, estimateFile, expected) => {
    const pairs = associate(readTum(text(truthFile)), readTum(text(estimateFile)), 0.01);
    const result = absoluteTrajectoryError(pairs);
    expect(result.pairs).toBe(expected.pairs);
    for (const key of ['rmse', 'mean', 'median', 'max'] as const)
      expect(result[key]).toBeCloseTo(expected[key], DIGITS);
  });

  it('rejects too few poses and malformed lines', () => {
    expect(() => absoluteTrajectoryError([])).toThrow(/at least 3/);
    expect(() => readTum('0 1 2 3 x 0 0 1', 'a.txt')).toThrow(/a\.txt:1: expected 8 numbers/);
  });
});
