import { describe, expect, it } from 'vitest';
import { distanceToFootprint } from '../../src/manipulation/index.ts';
import { clearPlaceStands, placeStands } from '../../src/planner/index.ts';
import type { House, HousePlace } from '../../src/world/index.ts';

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

  it('passes over stands whose drive in to the side a chair blocks, and stands outside the room', () => {
    // The counter's long west side at x = 1.7; a chair pushed up to it, across from y = 1.
    const chair: HousePlace = {
      name: 'chair',
      id: 'chair',
      kind: 'surface',
      position: [1.55, 1, 0.45],
      yaw: 0,
      size: [0.3, 0.3, 0.9],
    };
    const house: House = { frame: 'map', places: [COUNTER, chair], room: { width: 4, depth: 2.2 } };
    const all = placeStands(COUNTER, [0, 1], 0.6);
    const clear = clearPlaceStands(house, COUNTER, [0, 1], 0.6, 0.22);
    // Out at 0.6 m the stand across from the chair is 0.3 m clear of it; the spot 0.28 m out is in it.
    expect(all[0]![0]).toBeCloseTo(1.1, 6);
    expect(all[0]![1]).toBeCloseTo(1, 6);
    expect(distanceToFootprint(chair, 1.1, 1)).toBeCloseTo(0.3, 6);
    expect(clear.some(([x, y]) => Math.abs(x - 1.1) < 0.01 && Math.abs(y - 1) < 0.01)).toBe(false);
    // Along the west side, only the ends beyond the chair and its clearance remain.
    for (const [, y] of clear.filter(([x]) => x < 1.7)) expect(Math.abs(y - 1)).toBeGreaterThan(0.15 + 0.27);
    // Nothing beyond the room's walls (the counter's east side at x = 2.3 + 0.6 is inside; its ends at y < 0.27 are not).
    for (const [x, y] of clear) {
      expect(x).toBeGreaterThan(0.27);
      expect(y).toBeGreaterThan(0.27);
      expect(y).toBeLessThan(2.2 - 0.27);
    }
    expect(clear.length).toBeGreaterThan(0);
  });
});
