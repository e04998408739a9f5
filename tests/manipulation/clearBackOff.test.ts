import { describe, expect, it } from 'vitest';
import { clearBackOffM, distanceToFootprint } from '../../src/manipulation/index.ts';
import type { HousePlace } from '../../src/world/houseDescription.ts';

const place = (name: string, x: number, y: number, size: [number, number, number], yaw = 0): HousePlace => ({
  name,
  id: `${name}_0`,
  kind: 'surface',
  position: [x, y, size[2] / 2],
  yaw,
  size,
});
// The dev world's coat hook against the west wall, and the kitchen counter's corner behind a base
// that placed on it facing west.
const coatHook = place('coat hook', 0.18, 1.45, [0.7, 0.35, 1.7], Math.PI / 2);
const counter = place('kitchen counter', 1.0, 2.75, [1.6, 0.6, 0.9], Math.PI / 2);
const CLEARANCE = 0.265;

describe('clearBackOffM', () => {
  it('backs the whole way where nothing is behind', () => {
    expect(clearBackOffM([coatHook], [0.62, 1.4, Math.PI], 0.3, CLEARANCE, 0.33, { except: coatHook })).toBe(
      0.3,
    );
  });

  it('stops short of furniture behind, at the clearance from it', () => {
    const pose = [0.55, 1.6, -2.5];
    const backM = clearBackOffM([coatHook, counter], pose, 0.3, CLEARANCE, 0.33, { except: coatHook });
    expect(backM).toBeGreaterThan(0);
    expect(backM).toBeLessThan(0.3);
    const x = pose[0]! - backM * Math.cos(pose[2]!);
    const y = pose[1]! - backM * Math.sin(pose[2]!);
    expect(distanceToFootprint(counter, x, y)).toBeGreaterThanOrEqual(CLEARANCE);
    // One step (1 cm) further would be too close.
    const further = distanceToFootprint(
      counter,
      x - 0.01 * Math.cos(pose[2]!),
      y - 0.01 * Math.sin(pose[2]!),
    );
    expect(further).toBeLessThan(CLEARANCE);
  });

  it('may back along furniture already closer than the clearance, never towards it', () => {
    // Beside the counter's west side (0.2 m off), backing south along it.
    const along = clearBackOffM([counter], [0.5, 2.5, Math.PI / 2], 0.3, CLEARANCE, 0.33);
    expect(along).toBeCloseTo(0.3, 9);
    // Facing away from it (east is behind): backing towards it is refused at once.
    expect(clearBackOffM([counter], [0.5, 2.5, Math.PI], 0.3, CLEARANCE, 0.33)).toBe(0);
  });

  it('keeps inside the walls', () => {
    const inside = (x: number, y: number) => x >= CLEARANCE && y >= CLEARANCE;
    expect(clearBackOffM([], [0.5, 1, 0], 0.3, CLEARANCE, 0.33, { inside })).toBeCloseTo(0.23, 9);
  });

  it('ignores furniture above the base (a window, a wall shelf)', () => {
    const shelf = { ...place('shelf', 0.5, 1.0, [0.6, 0.3, 0.2]), position: [0.5, 1.0, 1.5] as const };
    expect(clearBackOffM([shelf], [1.0, 1.0, 0], 0.3, CLEARANCE, 0.33)).toBeCloseTo(0.3, 9);
  });
});
