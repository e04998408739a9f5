import { describe, expect, it } from 'vitest';
import { DetectionScorer } from '../../src/perception/meanAveragePrecision.ts';

const box = (classId: number, x1: number, y1: number, x2: number, y2: number, score = 1) => ({
  classId,
  score,
  x1,
  y1,
  x2,
  y2,
});

describe('DetectionScorer', () => {
  it('computes all-point AP by hand: hit, miss, hit over three truths', () => {
    const scorer = new DetectionScorer();
    // Ranked: 0.9 hit (P 1, R 1/3), 0.8 false positive, 0.7 hit (P 2/3, R 2/3); one truth never found.
    scorer.add(
      [box(0, 0, 0, 10, 10, 0.9), box(0, 50, 50, 60, 60, 0.8), box(0, 20, 0, 30, 10, 0.7)],
      [box(0, 0, 0, 10, 10), box(0, 20, 0, 30, 10), box(0, 80, 80, 90, 90)],
    );
    expect(scorer.averagePrecision(0.5).get(0)).toBeCloseTo((1 / 3) * 1 + (1 / 3) * (2 / 3), 12);
  });

  it('counts a second detection of the same truth as a false positive, and a wrong class as no hit', () => {
    const scorer = new DetectionScorer();
    scorer.add(
      [box(1, 0, 0, 10, 10, 0.9), box(1, 0, 0, 10, 10, 0.8), box(2, 0, 0, 10, 10, 0.95)],
      [box(1, 0, 0, 10, 10)],
    );
    const aps = scorer.averagePrecision(0.5);
    expect(aps.get(1)).toBe(1);
    expect(aps.has(2)).toBe(false); // no truth of class 2: not averaged
    expect(scorer.meanAveragePrecision(0.5)).toBe(1);
  });

  it('matches only at the IoU threshold: a box shifted to IoU 0.6 counts at 0.5 but not at 0.75', () => {
    const scorer = new DetectionScorer();
    // Shift 2.5 of 10: intersection 75, union 125, IoU 0.6.
    scorer.add([box(0, 2.5, 0, 12.5, 10)], [box(0, 0, 0, 10, 10)]);
    expect(scorer.meanAveragePrecision(0.5)).toBe(1);
    expect(scorer.meanAveragePrecision(0.75)).toBe(0);
    // COCO's average over 0.50…0.95: matched at 0.50, 0.55 and 0.60, 3 of the 10 thresholds.
    expect(scorer.cocoMeanAveragePrecision()).toBeCloseTo(0.3, 12);
  });

  it('gives NaN when nothing has ground truth, and 0 when a class is never detected', () => {
    expect(new DetectionScorer().meanAveragePrecision(0.5)).toBeNaN();
    const scorer = new DetectionScorer();
    scorer.add([], [box(3, 0, 0, 5, 5)]);
    expect(scorer.meanAveragePrecision(0.5)).toBe(0);
  });
});
