import { describe, expect, it } from 'vitest';
import { itemApproaches } from '../../src/planner/index.ts';
import { distanceToFootprint } from '../../src/manipulation/index.ts';
import type { HousePlace } from '../../src/world/index.ts';

const SOFA: HousePlace = {
  name: 'sofa',
  id: 'sofa',
  kind: 'surface',
  position: [0, 1, 0.4],
  yaw: 0,
  size: [2, 0.9, 0.8],
};

describe('item approaches', () => {
  it('stands the base facing the item, clear of furniture and other items, nearest ring and side first', () => {
    const item: [number, number] = [0, 0.35];
    const poses = itemApproaches(item, [0, -2], {
      standoffM: 0.45,
      baseRadiusM: 0.22,
      marginM: 0.05,
      places: [SOFA],
      otherItems: [[0, -0.1]],
    });
    expect(poses.length).toBeGreaterThan(0);
    for (const [x, y, yaw] of poses) {
      expect(distanceToFootprint(SOFA, x, y)).toBeGreaterThanOrEqual(0.27);
      expect(Math.hypot(x, y + 0.1)).toBeGreaterThanOrEqual(0.22);
      // Facing the item.
      expect(Math.cos(yaw - Math.atan2(item[1] - y, item[0] - x))).toBeCloseTo(1, 6);
    }
    // Straight below it is taken by the other item; the first stand is on the ring at 0.45 m, low side.
    const [x0, y0] = poses[0]!;
    expect(Math.hypot(x0 - item[0], y0 - item[1])).toBeCloseTo(0.45, 6);
    expect(y0).toBeLessThan(item[1]);
    expect(Math.abs(x0)).toBeGreaterThan(0.05);
  });
});
