import { describe, expect, it } from 'vitest';
import * as se2 from '../../src/geometry/se2.ts';

describe('se2.fromSe3', () => {
  it('keeps x, y and the yaw of an SE(3) pose, for any yaw', () => {
    for (const yaw of [0, 0.7, -2.9, Math.PI - 1e-6]) {
      const pose = [1.5, -2, 0.3, 0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)];
      const planar = se2.fromSe3(new Float64Array(3), pose);
      expect(planar[0]).toBe(1.5);
      expect(planar[1]).toBe(-2);
      expect(planar[2]).toBeCloseTo(yaw, 9);
    }
  });
});
