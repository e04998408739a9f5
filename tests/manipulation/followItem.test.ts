import { describe, expect, it } from 'vitest';
import { followItem } from '../../src/manipulation/followItem.ts';
import type { GraspCandidate, ItemFootprint } from '../../src/manipulation/analyticGrasp.ts';

const grasp: GraspCandidate = {
  tool: 'gripper',
  position: [2, 1, 0.04],
  approach: [0, 0, -1],
  closing: [0, 1, 0],
  openingM: 0.05,
  confidence: 0.9,
};

function footprint(x: number, y: number, widthM: number): ItemFootprint {
  return { top: 0.01, center: [x, y], majorRad: 0, widthM, lengthM: 0.09, upper: new Float64Array() };
}

describe('following a narrow item seen again before the grasp', () => {
  it('moves the grasp with a crayon seen a centimetre off, its height and closing kept', () => {
    const moved = followItem(
      grasp,
      { footprint: footprint(2, 1, 0.01), points: 100 },
      {
        footprint: footprint(2.008, 0.994, 0.01),
        points: 90,
      },
    );
    expect(moved.position[0]).toBeCloseTo(2.008, 6);
    expect(moved.position[1]).toBeCloseTo(0.994, 6);
    expect(moved.position[2]).toBe(0.04);
    expect(moved.closing).toEqual(grasp.closing);
  });

  it('keeps the plan for a wide item, a partial second look, or an item that seems to have moved far', () => {
    const planned = { footprint: footprint(2, 1, 0.01), points: 100 };
    expect(
      followItem(
        grasp,
        { footprint: footprint(2, 1, 0.3), points: 100 },
        { footprint: footprint(2.01, 1, 0.3), points: 100 },
      ),
    ).toBe(grasp);
    expect(followItem(grasp, planned, { footprint: footprint(2.01, 1, 0.01), points: 40 })).toBe(grasp);
    expect(followItem(grasp, planned, { footprint: footprint(2.05, 1, 0.01), points: 100 })).toBe(grasp);
    expect(followItem(grasp, planned, { footprint: undefined, points: 0 })).toBe(grasp);
  });
});
