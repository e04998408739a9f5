import { describe, expect, it } from 'vitest';
import { furnitureSeen } from '../../src/perception/furnitureSeen.ts';

const sighting = (x: number, y: number, wide: number) => ({
  centroid: Float64Array.of(x, y, 0.43),
  extent: Float64Array.of(wide, wide * 0.8, 0.1),
  variance: Float64Array.of(1e-4, 1e-4, 1e-4),
});

describe('furnitureSeen', () => {
  const trashCan = { x: 1.5, y: 5.8, yaw: 0, halfX: 0.15, halfY: 0.15, topZ: 0.4 };
  const table = { x: 3.5, y: 4.2, yaw: Math.PI / 2, halfX: 0.6, halfY: 0.3, topZ: 0.4 };

  it('takes a sighting centred on a piece of furniture and nearly as wide for the furniture itself', () => {
    expect(furnitureSeen(sighting(1.52, 5.78, 0.28), [table, trashCan])).toBe(trashCan);
  });

  it('keeps an item on or beside furniture, and one smaller than it', () => {
    // A 30 cm bag on the 1.2 m table, turned a quarter: inside its footprint, much narrower.
    expect(furnitureSeen(sighting(3.6, 4.6, 0.3), [table, trashCan])).toBeUndefined();
    // As wide as the trash can but beside it.
    expect(furnitureSeen(sighting(1.8, 5.8, 0.3), [table, trashCan])).toBeUndefined();
    // A cup in it.
    expect(furnitureSeen(sighting(1.5, 5.8, 0.1), [table, trashCan])).toBeUndefined();
  });
});
