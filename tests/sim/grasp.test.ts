import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/Simulation.ts';
import { gripperGrasp, gripWidth, suctionGrasp } from '../../sim/robot/grasp.ts';

const STEP_S = 1 / 240;
const UP: [number, number, number] = [0, 0, 1];
const LEVEL = [0, 0, 0.05, 0, 0, 0, 1];

describe('grasp model', () => {
  it('a cup is held; a heavy, slippery load slips; a wide ball does not fit', () => {
    expect(
      gripperGrasp({ shape: 'cylinder', dimensions: [0.04, 0.1], mass: 0.2, friction: 0.5 }),
    ).toMatchObject({ outcome: 'held', widthM: 0.08 });
    expect(gripperGrasp({ shape: 'box', dimensions: [0.3, 0.1, 0.2], mass: 5, friction: 0.1 })).toMatchObject(
      { outcome: 'slipped' },
    );
    expect(gripperGrasp({ shape: 'sphere', dimensions: [0.1], mass: 0.2, friction: 0.8 })).toMatchObject({
      outcome: 'too_wide',
    });
    expect(gripWidth({ shape: 'box', dimensions: [0.2, 0.15, 0.02] })).toBe(0.02);
  });

  it('suction needs a flat face towards the cup and enough force', () => {
    const magazine = { shape: 'box' as const, dimensions: [0.25, 0.2, 0.008], mass: 0.15 };
    expect(suctionGrasp(magazine, LEVEL, UP).outcome).toBe('held');
    // Tipped 45° about x: no face within 20° of the cup direction.
    expect(
      suctionGrasp(magazine, [0, 0, 0.05, Math.sin(Math.PI / 8), 0, 0, Math.cos(Math.PI / 8)], UP).outcome,
    ).toBe('not_flat');
    expect(suctionGrasp({ shape: 'sphere', dimensions: [0.04], mass: 0.1 }, LEVEL, UP).outcome).toBe(
      'not_flat',
    );
    expect(suctionGrasp({ shape: 'box', dimensions: [0.3, 0.3, 0.3], mass: 3 }, LEVEL, UP).outcome).toBe(
      'too_heavy',
    );
  });
});

describe('grasping in the simulated room', () => {
  it('a gripped item rises with the lift and falls to the floor when released', async () => {
    const sim = await Simulation.create({ seed: 12, itemCount: 8, layout: 'empty' });
    const item = sim.world.items.find((i) => gripperGrasp(i).outcome === 'held')!;
    sim.setJointTargets(
      new Map([
        ['arm_flex_joint', -Math.PI / 2],
        ['wrist_flex_joint', -Math.PI / 2],
        ['arm_lift_joint', 0.1],
      ]),
    );
    for (let k = 0; k < 240 * 3; k++) sim.step(STEP_S);
    // Put the item between the fingers (the arm's IK is not the point here), at rest.
    sim.physics.setItemPose(item.id, sim.gripPoint());
    const grasp = sim.setGripper(0);
    expect(grasp.outcome).toBe('held');
    expect(sim.holding?.id).toBe(item.id);
    const before = sim.physics.itemPose(item.id)[2]!;
    sim.setJointTargets(new Map([['arm_lift_joint', 0.4]]));
    for (let k = 0; k < 240 * 3; k++) sim.step(STEP_S);
    expect(sim.physics.itemPose(item.id)[2]! - before).toBeCloseTo(0.3, 2);
    sim.setGripper(0.1);
    expect(sim.holding).toBeUndefined();
    for (let k = 0; k < 240 * 2; k++) sim.step(STEP_S);
    expect(sim.physics.itemPose(item.id)[2]!).toBeLessThan(0.2);
    expect(sim.setGripper(0).outcome).toBe('no_object');
    expect(() => sim.setJointTargets(new Map([['no_such_joint', 1]]))).toThrow(
      /unknown or fixed joint 'no_such_joint'/,
    );
    sim.physics.free();
  });
});
