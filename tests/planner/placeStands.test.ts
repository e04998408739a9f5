import { describe, expect, it } from 'vitest';
import { distanceToFootprint } from '../../src/manipulation/index.ts';
import { placeStands } from '../../src/planner/index.ts';
import type { HousePlace } from '../../src/world/index.ts';

const COUNTER: HousePlace = {
  name: 'kitchen counter',
  id: 'counter',
  kind: 'surface',
  position: [2, 1, 0.45],
  yaw: Math.PI / 2,
  size: [1.6, 0.6, 0.9],
};

describe('place stands', () => {
  it('stands the base square to each side at several points along it, nearest first', () => {
    const stands = placeStands(COUNTER, [0, 1], 0.5);
    expect(stands.length).toBeGreaterThanOrEqual(12);
    for (const [x, y, yaw] of stands) {
      expect(distanceToFootprint(COUNTER, x, y)).toBeCloseTo(0.5, 6);
      // Facing the footprint: a step forward brings it closer.
      expect(distanceToFootprint(COUNTER, x + 0.1 * Math.cos(yaw), y + 0.1 * Math.sin(yaw))).toBeCloseTo(
        0.4,
        6,
      );
    }
    // The counter is turned a quarter: its long side faces the robot at x = 2 - 0.3 - 0.5.
    expect(stands[0]![0]).toBeCloseTo(1.2, 6);
    expect(stands[0]![1]).toBeCloseTo(1, 6);
  });

  it("stands only before a shelf's open front", () => {
    const shelf: HousePlace = { ...COUNTER, kind: 'shelf', shelves: [0.1, 0.5] };
    const stands = placeStands(shelf, [4, 1], 0.5);
    expect(stands.length).toBeGreaterThanOrEqual(3);
    // Turned a quarter, its front (−y in its frame) faces +x.
    for (const [x, , yaw] of stands) {
      expect(x).toBeCloseTo(2 + 0.3 + 0.5, 6);
      expect(Math.cos(yaw)).toBeCloseTo(-1, 6);
    }
  });
});
