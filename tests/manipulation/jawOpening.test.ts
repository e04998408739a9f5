import { describe, expect, it } from 'vitest';
import { jawOpening, type GraspCandidate } from '../../src/manipulation/index.ts';
import * as quaternion from '../../src/geometry/quaternion.ts';
import { FINGER } from '../../sim/physics/Hand.ts';
import { clothParts } from '../../sim/world/clothFold.ts';
import { graspScene, graspTrial } from '../../scripts/eval/harness/graspTrial.ts';

const down: GraspCandidate = {
  tool: 'gripper',
  position: [1, 2, 0.05],
  approach: [0, 0, -1],
  closing: [0, 1, 0],
  openingM: 0.06,
  confidence: 0.5,
};

describe('jaw opening', () => {
  it('opens jaws coming straight down wider than planned, as far as they go, and tipped jaws as planned', () => {
    expect(jawOpening(down, 0.13)).toBeCloseTo(0.1, 9);
    expect(jawOpening({ ...down, openingM: 0.12 }, 0.13)).toBe(0.13);
    const tipped = { ...down, approach: [0.42, 0, -0.906] as const };
    expect(jawOpening(tipped, 0.13)).toBe(0.06);
  });

  it("pinches a cloth's fold planned 2 cm off its middle, where a pad would come down on the fold opened as planned", async () => {
    // The nominal towel: its fold runs along the item's x through its middle.
    const scene = await graspScene(3, 'nominal', 'towel');
    const { item } = scene;
    const [, fold] = clothParts(item.dimensions, item.fold!);
    const foldHalfWidth = fold!.halfExtents[1];
    const across = quaternion.act(new Float64Array(3), item.pose.slice(3, 7), [0, 1, 0]);
    const topZ = item.pose[2]! + item.dimensions[2]! / 2;
    const layerTopZ = topZ - item.dimensions[2]! + item.fold!.layerM;
    // As the fold proposals plan it: across the fold, opened to it plus 1.5 cm a side, the
    // fingertips 3 mm over the layer beside it.
    const offFold = (offsetM: number): GraspCandidate => ({
      tool: 'gripper',
      position: [
        item.pose[0]! + across[0]! * offsetM,
        item.pose[1]! + across[1]! * offsetM,
        layerTopZ + 0.003 + FINGER.lengthM / 2,
      ],
      approach: [0, 0, -1],
      closing: [across[0]!, across[1]!, 0],
      openingM: 2 * (foldHalfWidth + 0.015),
      confidence: 0.5,
    });
    expect(await graspTrial(scene, offFold(0.02))).toBe('held');
    // Beyond the slack a pad lands on the fold: it is pressed down and nothing is pinched.
    expect(await graspTrial(scene, offFold(0.045))).not.toBe('held');
  });
});
