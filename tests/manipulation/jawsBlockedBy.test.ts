import { describe, expect, it } from 'vitest';
import { jawsBlockedBy, type GraspCandidate } from '../../src/manipulation/index.ts';
import type { House, HousePlace } from '../../src/world/houseDescription.ts';

const place = (name: string, x: number, y: number, size: [number, number, number]): HousePlace => ({
  name,
  id: `${name}_0`,
  kind: 'surface',
  position: [x, y, size[2] / 2],
  yaw: 0,
  size,
});
// The dev world's tv stand, with a spoon lying against its west side (x = 2.77).
const tvStand = place('tv stand', 3.47, 0.32, [1.4, 0.4, 0.5]);
const house: House = { frame: 'map', places: [tvStand], room: { width: 7, depth: 6 } };
const PADS = { halfThicknessM: 0.006, lengthM: 0.08, halfWidthM: 0.01 };
const MARGIN = 0.005;

const jaws = (
  position: [number, number, number],
  closing: [number, number, number],
  openingM = 0.034,
): GraspCandidate => ({
  tool: 'gripper',
  position,
  approach: [0, 0, -1],
  closing,
  openingM,
  confidence: 0.9,
});

describe('jawsBlockedBy', () => {
  it('names the furniture a pad would open into beside an item lying against it', () => {
    expect(jawsBlockedBy(jaws([2.755, 0.3, 0.062], [1, 0, 0]), house, PADS, MARGIN)).toBe(tvStand);
  });

  it('lets jaws closing along the side straddle the same item', () => {
    expect(jawsBlockedBy(jaws([2.745, 0.3, 0.062], [0, 1, 0]), house, PADS, MARGIN)).toBeUndefined();
  });

  it('lets the pads reach down beside an item on the top: above the top is the surface it rests on', () => {
    expect(jawsBlockedBy(jaws([3.4, 0.3, 0.55], [1, 0, 0]), house, PADS, MARGIN)).toBeUndefined();
  });

  it('names the wall a pad would open into', () => {
    expect(jawsBlockedBy(jaws([0.03, 3, 0.05], [1, 0, 0]), house, PADS, MARGIN)).toBe('wall');
    expect(jawsBlockedBy(jaws([0.03, 3, 0.05], [0, 1, 0]), house, PADS, MARGIN)).toBeUndefined();
  });

  it('says nothing of the suction cup', () => {
    expect(
      jawsBlockedBy({ ...jaws([2.755, 0.3, 0.062], [1, 0, 0]), tool: 'suction' }, house, PADS, MARGIN),
    ).toBeUndefined();
  });
});
