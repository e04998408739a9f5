import { describe, expect, it } from 'vitest';
import { ApproachDetector } from '../../src/navigation/index.ts';

/** A scan of a wall at y = 2 and, optionally, a person (a disc of 0.22 m) at (px, py), from the origin. */
function scan(person?: [number, number]): { points: Float64Array; count: number } {
  const points: number[] = [];
  for (let k = 0; k < 180; k++) {
    const angle = (k / 179) * Math.PI;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    let range = dy > 1e-6 ? 2 / dy : 10;
    if (person) {
      // Ray–circle intersection.
      const b = dx * person[0] + dy * person[1];
      const c = person[0] ** 2 + person[1] ** 2 - 0.22 ** 2;
      const disc = b * b - c;
      if (disc >= 0 && b - Math.sqrt(disc) > 0) range = Math.min(range, b - Math.sqrt(disc));
    }
    if (range < 10) points.push(dx * range, dy * range);
  }
  return { points: Float64Array.from(points), count: points.length / 2 };
}

describe('approach detector', () => {
  it('stays silent for static things and reports a person walking at the robot', () => {
    const detector = new ApproachDetector();
    for (let k = 0; k < 5; k++) {
      const { points, count } = scan();
      expect(detector.update(points, count, k * 0.1, 0, 0)).toBeUndefined();
    }
    // A person 1.8 m away walking straight at the robot at 1 m/s.
    let seen;
    for (let k = 0; k < 4; k++) {
      const { points, count } = scan([0.3, 1.8 - 0.1 * k]);
      seen = detector.update(points, count, 0.5 + k * 0.1, 0, 0);
    }
    expect(seen).toBeDefined();
    expect(seen!.vy).toBeLessThan(-0.6);
    expect(Math.abs(seen!.vx)).toBeLessThan(0.3);
    expect(seen!.timeToContactS).toBeGreaterThan(0.8);
    expect(seen!.timeToContactS).toBeLessThan(2.5);
  });

  it('does not report a person walking away', () => {
    const detector = new ApproachDetector();
    let seen;
    for (let k = 0; k < 4; k++) {
      const { points, count } = scan([0.3, 1.0 + 0.1 * k]);
      seen = detector.update(points, count, k * 0.1, 0, 0);
    }
    expect(seen).toBeUndefined();
  });
});
