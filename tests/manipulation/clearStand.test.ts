import { describe, expect, it } from 'vitest';
import { clearStand, distanceToFootprint, furnitureInWay } from '../../src/manipulation/index.ts';
import type { HousePlace } from '../../src/world/houseDescription.ts';

const place = (
  name: string,
  x: number,
  y: number,
  z: number,
  size: [number, number, number],
  yaw = 0,
): HousePlace => ({
  name,
  id: `${name}_0`,
  kind: 'surface',
  position: [x, y, z],
  yaw,
  size,
});
// The dev world's sofa (turned round) and low table in front of it; a window above the base.
const sofa = place('sofa', 3.57, 5.5, 0.4, [2, 0.9, 0.8], Math.PI);
const table = place('low table', 3.43, 4.17, 0.2, [1.2, 0.6, 0.4]);
const window = place('window', 3.5, 5.98, 1.4, [1.2, 0.04, 1.0]);
const CLEARANCE = 0.265;

describe('clearStand', () => {
  it('leaves a clear position where it is', () => {
    expect(clearStand([sofa, table], [1, 1], CLEARANCE, 0.33)).toEqual({
      x: 1,
      y: 1,
      shiftM: 0,
      pushedBy: undefined,
    });
  });

  it('pushes a base that IK put inside the sofa out through its nearest side, to the clearance', () => {
    const stand = clearStand([sofa, window], [3.02, 5.3], CLEARANCE, 0.33)!;
    expect(stand.pushedBy).toBe(sofa);
    expect(stand.x).toBeCloseTo(3.02, 6);
    expect(stand.y).toBeCloseTo(5.05 - CLEARANCE - 1e-3, 6);
    expect(stand.shiftM).toBeCloseTo(0.25 + CLEARANCE + 1e-3, 6);
  });

  it('pushes out of a rotated footprint along its normal, and out of a corner diagonally', () => {
    const turned = place('desk', 0, 0, 0.37, [1.2, 0.6, 0.74], Math.PI / 4);
    const stand = clearStand([turned], [0.1, 0.1], CLEARANCE, 0.33)!;
    expect(distanceToFootprint(turned, stand.x, stand.y)).toBeCloseTo(CLEARANCE + 1e-3, 6);
    // Along the desk's own y axis (its nearest side): (-sin 45°, cos 45°).
    expect(stand.x - 0.1).toBeCloseTo(-(stand.y - 0.1), 6);
    expect(stand.y).toBeGreaterThan(0.1);
    const corner = clearStand([table], [3.43 + 0.7, 4.17 + 0.4], CLEARANCE, 0.33)!;
    expect(distanceToFootprint(table, corner.x, corner.y)).toBeCloseTo(CLEARANCE + 1e-3, 6);
    expect(corner.x - (3.43 + 0.6)).toBeCloseTo(corner.y - (4.17 + 0.3), 6);
  });

  it('names the furniture in the way of a stand: not the place itself, not what hangs above the base', () => {
    const desk = place('desk', 6.74, 2.79, 0.37, [1.2, 0.6, 0.74], -Math.PI / 2);
    const chair = place('chair', 6.03, 2.79, 0.45, [0.45, 0.45, 0.9], Math.PI / 2);
    const shelf = place('wall shelf', 6.0, 2.0, 1.5, [0.6, 0.3, 0.2]);
    // Beside the desk's west side, where the chair stands.
    expect(furnitureInWay([desk, chair, shelf], 6.2, 2.79, CLEARANCE, 0.33, desk)).toBe(chair);
    expect(furnitureInWay([desk, shelf], 6.2, 2.79, CLEARANCE, 0.33, desk)).toBeUndefined();
    expect(furnitureInWay([desk, shelf], 6.0, 2.0, CLEARANCE, 0.33, desk)).toBeUndefined();
    expect(furnitureInWay([desk], 6.2, 2.79, CLEARANCE, 0.33)).toBe(desk);
  });

  it('finds a place clear of both in the gap between two pieces, and none where the gap is narrower than the base', () => {
    const left = place('cabinet', 0, 0, 0.5, [1, 1, 1]);
    const right = place('cabinet', 1.7, 0, 0.5, [1, 1, 1]);
    const stand = clearStand([left, right], [0.6, 0], 0.3, 0.33)!;
    expect(distanceToFootprint(left, stand.x, stand.y)).toBeGreaterThanOrEqual(0.3);
    expect(distanceToFootprint(right, stand.x, stand.y)).toBeGreaterThanOrEqual(0.3);
    const close = place('cabinet', 1.3, 0, 0.5, [1, 1, 1]);
    expect(clearStand([left, close], [0.65, 0], 0.3, 0.33)).toBeUndefined();
  });
});
