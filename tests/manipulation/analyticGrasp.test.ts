import { describe, expect, it } from 'vitest';
import { analyticGrasps, timedPath } from '../../src/manipulation/index.ts';
import { checkTrajectory } from '../../sim/robot/jointTrajectory.ts';
import { loadHsrUrdf } from '../../sim/robot/urdf.ts';
import { boxPoints } from './boxPoints.ts';

const HAND = { maxOpeningM: 0.13, padLengthM: 0.08 };

describe('analytic grasps', () => {
  it('closes the jaws across the narrow axis of an item that fits, over its middle', () => {
    const [first, second] = analyticGrasps(boxPoints(1, 2, 0.2, 0.05, 0.08, Math.PI / 6), 0, HAND);
    expect(first!.tool).toBe('gripper');
    expect(first!.position[0]).toBeCloseTo(1, 2);
    expect(first!.position[1]).toBeCloseTo(2, 2);
    // Across the box: perpendicular to its long side, which lies at 30°.
    expect(
      Math.abs(first!.closing![0] * Math.cos(Math.PI / 6) + first!.closing![1] * Math.sin(Math.PI / 6)),
    ).toBeLessThan(0.02);
    expect(first!.openingM).toBeGreaterThan(0.05);
    expect(first!.openingM).toBeLessThan(0.09);
    // The pads reach 3.5 cm below the top but keep the fingertips off the floor.
    expect(first!.position[2]).toBeCloseTo(0.045, 3);
    expect(second!.tool).toBe('suction');
  });

  it('tries the jaws turned either way too on an item too thin for its footprint to be trusted', () => {
    const grasps = analyticGrasps(boxPoints(0, 0, 0.14, 0.01, 0.01, 0.3), 0, HAND);
    const jaws = grasps.filter((g) => g.tool === 'gripper');
    expect(grasps[0]!.tool).toBe('gripper');
    expect(jaws).toHaveLength(3);
    const angle = (g: (typeof grasps)[number]) => Math.atan2(g.closing![1], g.closing![0]);
    const turn = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));
    expect(turn(angle(jaws[1]!), angle(jaws[0]!))).toBeCloseTo(Math.PI / 3, 6);
    expect(turn(angle(jaws[2]!), angle(jaws[0]!))).toBeCloseTo(Math.PI / 3, 6);
    expect(jaws[1]!.openingM).toBe(HAND.maxOpeningM);
    // A taller item's footprint is trusted: one jaws candidate.
    const tall = analyticGrasps(boxPoints(0, 0, 0.14, 0.04, 0.05, 0.3), 0, HAND);
    expect(tall.filter((g) => g.tool === 'gripper')).toHaveLength(1);
  });

  it('puts the cup on the top of an item too wide for the jaws, and gives nothing for too few points', () => {
    const [first] = analyticGrasps(boxPoints(0, 0, 0.3, 0.2, 0.04, 0.4), 0, HAND);
    expect(first!.tool).toBe('suction');
    expect(first!.position[2]).toBeCloseTo(0.04, 3);
    expect(analyticGrasps(Float64Array.of(0, 0, 0), 0, HAND)).toEqual([]);
  });
});

describe('timed joint paths', () => {
  it('times each segment by its slowest joint, cubic or smooth, so the trajectory controller accepts it', () => {
    const urdf = loadHsrUrdf();
    const names = ['head_pan_joint', 'head_tilt_joint'];
    const joints = names.map((name) => urdf.get(name)!);
    const path = timedPath(
      [0, 0],
      [
        [0.5, 0],
        [0.5, -1],
      ],
      joints,
      0.5,
    );
    // 1.5 × 0.5 rad / (1 rad/s × 0.5) = 1.5 s, then 1.5 × 1 / 0.5 = 3 s more.
    expect(path.map((p) => p.timeS)).toEqual([1.5, 4.5]);
    expect(path[0]!.accelerations).toEqual([]);
    expect(checkTrajectory({ jointNames: names, points: path }, names, urdf)).toBeUndefined();
    // Smooth: quintic segments, at rest and without acceleration at each point, 1.875 / 1.5 as long.
    const smooth = timedPath([0, 0], [[0.5, 0]], joints, 0.5, true);
    expect(smooth[0]!.timeS).toBeCloseTo(1.875, 9);
    expect(smooth[0]!.accelerations).toEqual([0, 0]);
    expect(checkTrajectory({ jointNames: names, points: smooth }, names, urdf)).toBeUndefined();
    expect(() => timedPath([0], [[1]], [joints[0]!], 0)).toThrow(/speedScale must be in \(0, 1\], got 0/);
  });

  it('takes a share of the speed limit per joint: the slowest joint at its own share sets the time', () => {
    const urdf = loadHsrUrdf();
    const names = ['arm_lift_joint', 'arm_flex_joint'];
    const joints = names.map((name) => urdf.get(name)!);
    // The lift 0.3 m at all of its 0.2 m/s: 1.5 × 0.3 / 0.2 = 2.25 s; the flex 0.6 rad at 0.4 of its 1.2 rad/s: 1.875 s.
    expect(timedPath([0, 0], [[0.3, -0.6]], joints, [1, 0.4])[0]!.timeS).toBeCloseTo(2.25, 9);
    // The flex at 0.25 of its limit is slower than the lift: 1.5 × 0.6 / 0.3 = 3 s.
    expect(timedPath([0, 0], [[0.3, -0.6]], joints, [1, 0.25])[0]!.timeS).toBeCloseTo(3, 9);
    expect(() => timedPath([0, 0], [[0.3, 0]], joints, [1])).toThrow(/1 shares for 2 joints/);
    expect(() => timedPath([0, 0], [[0.3, 0]], joints, [1, 1.5])).toThrow(/got 1.5/);
  });
});
