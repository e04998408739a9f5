import { describe, expect, it } from 'vitest';
import { standsAround, straightDriveClear } from '../../src/manipulation/index.ts';
import type { HousePlace } from '../../src/world/index.ts';

/** A sofa 2 m long and 0.9 m deep, 0.8 m high, its front edge along y = 0. */
const SOFA: HousePlace = {
  name: 'sofa',
  id: 'sofa',
  kind: 'surface',
  position: [0, 0.45, 0.4],
  yaw: 0,
  size: [2, 0.9, 0.8],
};
const OPTIONS = { reachesM: [0.3, 0.47], sides: 16, clearanceM: 0.265, baseTopM: 0.33, maxTravelM: 1 };

describe('stands around an item', () => {
  it('reaches an item on a sofa only from in front of the edge nearest it, nearest to the robot first', () => {
    // 15 cm in from the front edge: only the far ring's stands in front are clear of the sofa.
    const stands = standsAround([SOFA], [0.2, 0.15], [0.6, -0.6], OPTIONS);
    expect(stands.length).toBeGreaterThan(0);
    for (const [x, y, yaw] of stands) {
      expect(y).toBeLessThanOrEqual(-0.265 + 1e-9);
      expect(Math.hypot(x - 0.2, y - 0.15)).toBeCloseTo(0.47, 6);
      // Facing the item.
      expect(Math.cos(yaw) * (0.2 - x) + Math.sin(yaw) * (0.15 - y)).toBeCloseTo(0.47, 6);
    }
    const distances = stands.map(([x, y]) => Math.hypot(x - 0.6, y + 0.6));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // From 2 m away none is within the base's travel.
    expect(standsAround([SOFA], [0.2, 0.15], [0.2, -2.2], OPTIONS)).toEqual([]);
  });

  it('a straight drive across the item on the floor or into furniture is not clear', () => {
    expect(straightDriveClear([SOFA], [-0.5, -0.6], [0.5, -0.6], 0.215, 0.33)).toBe(true);
    expect(straightDriveClear([SOFA], [-0.5, -0.6], [0.5, -0.6], 0.215, 0.33, [0, -0.6, 0.02])).toBe(false);
    // An item above the base's top (on furniture) is not in its way.
    expect(straightDriveClear([SOFA], [-0.5, -0.6], [0.5, -0.6], 0.215, 0.33, [0, -0.6, 0.85])).toBe(true);
    expect(straightDriveClear([SOFA], [-0.5, -0.6], [-0.5, 0.6], 0.215, 0.33)).toBe(false);
  });
});
