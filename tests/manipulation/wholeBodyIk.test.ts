import { describe, expect, it } from 'vitest';
import { linkPose } from '../../src/geometry/kinematics.ts';
import * as se3 from '../../src/geometry/se3.ts';
import { WholeBodyIk, type WholeBodyPose } from '../../src/manipulation/index.ts';
import { loadHsrUrdf } from '../../sim/robot/urdf.ts';

const urdf = loadHsrUrdf();
const GRIP = [0, 0, 0.11, 0, 0, 0, 1];
const ik = new WholeBodyIk(urdf, { tipLink: 'hand_palm_link', tool: GRIP });
/** Arm forward and down, palm to the floor. */
const TOP_DOWN = Float64Array.of(0.1, -2.4, 0, -0.7, 0);
const DOWN = [0, 0, -1] as const;

describe('whole-body inverse kinematics', () => {
  it('agrees with the URDF forward kinematics', () => {
    const pose: WholeBodyPose = { base: [1, 2, 0.3], joints: Float64Array.of(0.2, -1, 0.4, -0.5, 0.7) };
    const values = new Map(ik.joints.map((joint, k) => [joint.name, pose.joints[k]!]));
    const base = [1, 2, 0, 0, 0, Math.sin(0.15), Math.cos(0.15)];
    const expected = se3.compose(
      new Float64Array(7),
      se3.compose(new Float64Array(7), base, linkPose(urdf, values, 'hand_palm_link')),
      GRIP,
    );
    const got = ik.toolPose(pose);
    for (let k = 0; k < 7; k++) expect(got[k]).toBeCloseTo(expected[k]!, 9);
    expect(ik.joints.map((j) => j.name)).toEqual([
      'arm_lift_joint',
      'arm_flex_joint',
      'arm_roll_joint',
      'wrist_flex_joint',
      'wrist_roll_joint',
    ]);
  });

  it('reaches down to an item on the floor with the jaws across it, moving the base little', () => {
    const seeds: WholeBodyPose[] = [0, Math.PI / 2, -Math.PI / 2].map((roll) => ({
      base: [0, 0, 0],
      joints: Float64Array.of(...TOP_DOWN.subarray(0, 4), roll),
    }));
    for (const [x, y, yaw] of [
      [0.4, 0, 0],
      [0.45, 0.05, 0.7],
      [0.35, -0.08, -1.2],
    ] as const) {
      const target = {
        position: [x, y, 0.03] as const,
        approach: DOWN,
        closing: [Math.cos(yaw), Math.sin(yaw), 0] as const,
      };
      const solution = ik.solve(target, seeds);
      if ('failure' in solution) throw new Error(solution.failure);
      expect(solution.positionErrorM).toBeLessThan(0.002);
      expect(solution.angleErrorRad).toBeLessThan(0.01);
      expect(Math.hypot(solution.base[0], solution.base[1])).toBeLessThan(0.1);
      ik.joints.forEach((joint, k) => {
        expect(solution.joints[k]).toBeGreaterThanOrEqual(joint.lower);
        expect(solution.joints[k]).toBeLessThanOrEqual(joint.upper);
      });
      const tool = ik.toolPose(solution);
      expect(tool[2]).toBeCloseTo(0.03, 2);
    }
  });

  it('reaches a shelf from the side, and says how far it falls short of what it cannot reach', () => {
    const seed: WholeBodyPose = { base: [0, 0, 0], joints: Float64Array.of(0.3, -1.57, 0, -0.0, 0) };
    const shelf = ik.solve({ position: [0.6, 0.1, 0.8], approach: [1, 0, 0] }, [seed]);
    expect('failure' in shelf).toBe(false);
    const ceiling = ik.solve({ position: [0.5, 0, 2.2], approach: DOWN }, [seed]);
    expect(ceiling).toEqual({
      failure: expect.stringMatching(/^the tool cannot reach the target: \d+\.\d cm and/),
    });
  });
});
