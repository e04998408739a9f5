import { describe, expect, it } from 'vitest';
import { tiltedGrasp, WholeBodyIk, type GraspCandidate } from '../../src/manipulation/index.ts';
import { loadHsrUrdf } from '../../sim/robot/urdf.ts';

const PADS = { halfThicknessM: 0.006, lengthM: 0.08, halfWidthM: 0.01 };
/** How far a grip leaned by `tilt` comes down to keep the pads' lowest point where it was. */
const lowered = (tilt: number) => 0.04 * (1 - Math.cos(tilt)) - 0.01 * Math.sin(tilt);
/** Jaws straight down on an item at (1, 0), 0.45 m up, opened 8 cm, closing along y. */
const ACROSS: GraspCandidate = {
  tool: 'gripper',
  position: [1, 0, 0.45],
  approach: [0, 0, -1],
  closing: [0, 1, 0],
  openingM: 0.08,
  confidence: 0.5,
};
const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

describe('a jaw grasp leaned over an item out of straight reach', () => {
  it('leans jaws closing square to the reach along their pads, away from the robot', () => {
    const leaned = tiltedGrasp(ACROSS, [0, 0], Math.PI / 4, PADS)!;
    expect(leaned.approach[0]).toBeCloseTo(Math.SQRT1_2, 9);
    expect(leaned.approach[1]).toBeCloseTo(0, 9);
    expect(leaned.approach[2]).toBeCloseTo(-Math.SQRT1_2, 9);
    expect(leaned.closing).toEqual([0, 1, 0]);
    expect(leaned.position.slice(0, 2)).toEqual(ACROSS.position.slice(0, 2));
    expect(leaned.position[2]).toBeCloseTo(0.45 - lowered(Math.PI / 4), 9);
  });

  it('lying level, holds the grip as low as the pads went straight down: 3 cm lower', () => {
    const level = tiltedGrasp(ACROSS, [0, 0], Math.PI / 2, PADS)!;
    expect(level.approach[0]).toBeCloseTo(1, 9);
    expect(level.approach[2]).toBeCloseTo(0, 9);
    expect(level.closing).toEqual([0, 1, 0]);
    // Straight down the pads reached 4 cm below the grip; level, 1 cm (half the finger's width).
    expect(level.position[2]).toBeCloseTo(0.45 - 0.04 + 0.01, 9);
  });

  it('tips jaws closing along the reach no further than 25°, raising the grip by the lower pad', () => {
    const along = { ...ACROSS, closing: [1, 0, 0] as const };
    const tilt = (20 * Math.PI) / 180;
    const leaned = tiltedGrasp(along, [0, 0], tilt, PADS)!;
    expect(dot(leaned.approach, leaned.closing!)).toBeCloseTo(0, 9);
    expect(Math.hypot(...leaned.closing!)).toBeCloseTo(1, 9);
    expect(Math.asin(Math.abs(leaned.closing![2]))).toBeCloseTo(tilt, 9);
    expect(leaned.position[2]).toBeCloseTo(
      0.45 + (0.04 + PADS.halfThicknessM) * Math.sin(tilt) - lowered(tilt),
      9,
    );
    expect(tiltedGrasp(along, [0, 0], Math.PI / 4, PADS)).toBeUndefined();
  });

  it('leaves the suction cup straight', () => {
    const cup: GraspCandidate = {
      tool: 'suction',
      position: [1, 0, 0.45],
      approach: [0, 0, -1],
      openingM: 0.13,
      confidence: 0.5,
    };
    expect(tiltedGrasp(cup, [0, 0], Math.PI / 6, PADS)).toBeUndefined();
  });

  it('reaches further from a base that furniture keeps off', () => {
    const ik = new WholeBodyIk(loadHsrUrdf(), {
      tipLink: 'hand_palm_link',
      tool: [0, 0, 0.11, 0, 0, 0, 1],
      baseStay: 1e4,
      toleranceM: 0.006,
    });
    const seeds = [Float64Array.of(0.1, -2.4, 0, -0.7, 0), Float64Array.of(0.3, -1.57, 0, -1.57, 0)].map(
      (joints) => ({
        base: [0.45, 0, 0] as const,
        joints,
      }),
    );
    // 0.6 m ahead of the base: beyond the arm straight down, within it leaned 30° over.
    const far = { ...ACROSS, position: [1.05, 0, 0.45] as const };
    expect('failure' in ik.solve(far, seeds)).toBe(true);
    const leaned = tiltedGrasp(far, [0.45, 0], Math.PI / 6, PADS)!;
    expect('failure' in ik.solve(leaned, seeds)).toBe(false);
  });
});
