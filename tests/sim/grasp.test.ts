import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUrdf } from '../../src/geometry/urdf.ts';
import { WholeBodyIk } from '../../src/manipulation/WholeBodyIk.ts';
import * as quaternion from '../../src/geometry/quaternion.ts';
import { FINGER } from '../../sim/physics/Hand.ts';
import { Simulation } from '../../sim/Simulation.ts';
import { HOLDING_GAP_M } from '../../nodes/manipulator.ts';
import type { WorldItem } from '../../sim/world/World.ts';

const STEP_S = 1 / 240;
/** Arm forward and down, palm facing the floor (top-down grasp), fingers closing across the base's y. */
const TOP_DOWN = { arm_flex_joint: -2.62, wrist_flex_joint: -0.52 };

function item(overrides: Partial<WorldItem> & Pick<WorldItem, 'shape' | 'dimensions'>): WorldItem {
  return {
    id: 'thing',
    category: 'test item',
    colorName: 'red',
    color: [0.8, 0.1, 0.1],
    mass: 0.2,
    friction: 0.6,
    tools: 'both',
    home: 'toy box',
    pose: [0, 0, -10, 0, 0, 0, 1],
    ...overrides,
  };
}

function run(sim: Simulation, seconds: number): void {
  for (let k = 0; k < Math.round(seconds / STEP_S); k++) sim.step(STEP_S);
}

/** Height of the item's centre above the floor when it lies as given. */
/** An empty room with `thing` under the running suction cup (`offsetM` off its middle along x), the cup pressed 2 mm onto its top. */
async function pressCupOnto(thing: WorldItem, offsetM = 0): Promise<Simulation> {
  const sim = await Simulation.create({ seed: 3, layout: 'empty', people: 0, items: [thing] });
  sim.setJointTargets(new Map([...Object.entries(TOP_DOWN), ['arm_lift_joint', 0.4]]));
  sim.setSuction(true);
  run(sim, 2.5);
  expect(sim.suctionState()).toMatchObject({ on: true, pressurePa: -4000 });
  const cup = sim.suctionCupPose();
  const top = 2 * restHeight(thing);
  sim.physics.setItemPose('thing', [cup[0]! + offsetM, cup[1]!, restHeight(thing), 0, 0, 0, 1]);
  run(sim, 0.3);
  sim.setJointTargets(new Map([['arm_lift_joint', 0.4 - (cup[2]! - (top - 0.002))]]));
  run(sim, 2.5);
  return sim;
}

function restHeight(thing: WorldItem): number {
  const d = thing.dimensions;
  if (thing.shape === 'cylinder') return d[1]! / 2;
  if (thing.shape === 'sphere' || thing.shape === 'capsule') return d[0]!;
  return d[2]! / 2;
}

/**
 * A robot in an empty room with `thing` on the floor under its open hand, the item's x axis
 * along the fingers' closing direction and its centre `offsetM` along its y axis and `acrossM`
 * along its x axis from the pads; the hand lowered so the pads
 * reach `gripHeightM` (default: the item's middle, or as deep as the palm allows).
 */
async function graspScene(
  thing: WorldItem,
  options: { gripHeightM?: number; offsetM?: number; acrossM?: number; seed?: number } = {},
) {
  const sim = await Simulation.create({
    seed: options.seed ?? 3,
    layout: 'empty',
    people: 0,
    items: [thing],
  });
  sim.setJointTargets(new Map([...Object.entries(TOP_DOWN), ['arm_lift_joint', 0.4]]));
  run(sim, 2.5);
  const grip = sim.gripPoint();
  const across = quaternion.act(new Float64Array(3), grip.subarray(3), [0, 1, 0]);
  const yaw = Math.atan2(across[1]!, across[0]!);
  const along = [-Math.sin(yaw), Math.cos(yaw)];
  const offset = options.offsetM ?? 0;
  const shift = options.acrossM ?? 0;
  const h = restHeight(thing);
  // A stick (long along its z) lies with its length along y, across the jaws.
  const lying = thing.shape === 'capsule' ? [-Math.SQRT1_2, 0, 0, Math.SQRT1_2] : [0, 0, 0, 1];
  const orientation = quaternion.compose(
    new Float64Array(4),
    quaternion.fromYaw(new Float64Array(4), yaw),
    lying,
  );
  sim.physics.setItemPose(thing.id, [
    grip[0]! + along[0]! * offset + Math.cos(yaw) * shift,
    grip[1]! + along[1]! * offset + Math.sin(yaw) * shift,
    h,
    ...orientation,
  ]);
  run(sim, 0.3);
  const top = h * 2;
  const gripHeight = options.gripHeightM ?? Math.max(h, top - 0.03, FINGER.lengthM / 2 + 0.005);
  sim.setJointTargets(new Map([['arm_lift_joint', 0.4 - (grip[2]! - gripHeight)]]));
  run(sim, 2.5);
  return sim;
}

/** The item's position in the hand frame. */
function inHand(sim: Simulation, id: string): Float64Array {
  const hand = sim.handPose();
  const p = sim.physics.itemPose(id);
  const d = [p[0]! - hand[0]!, p[1]! - hand[1]!, p[2]! - hand[2]!];
  return quaternion.act(new Float64Array(3), quaternion.inverse(new Float64Array(4), hand.subarray(3)), d);
}

describe('physical grasping', () => {
  it('closes on an item that fits, lifts it by friction, and drops it where physics takes it', async () => {
    const box = item({ shape: 'box', dimensions: [0.05, 0.1, 0.08] });
    const sim = await graspScene(box);
    sim.setGripper(0, 20);
    run(sim, 1);
    const state = sim.gripperState();
    expect(state.openingM).toBeCloseTo(0.05, 2);
    expect(state.effortN).toBeGreaterThan(15);
    expect(state.stalled).toBe(true);
    expect(state.reachedGoal).toBe(false);
    expect(sim.holding).toEqual({ id: 'thing', tool: 'gripper' });
    const floorZ = sim.physics.itemPose('thing')[2]!;
    sim.setJointTargets(new Map([['arm_lift_joint', 0.5]]));
    run(sim, 3);
    expect(sim.physics.itemPose('thing')[2]! - floorZ).toBeGreaterThan(0.2);
    sim.setGripper(FINGER.maxOpeningM);
    run(sim, 1.5);
    expect(sim.holding).toBeUndefined();
    expect(sim.physics.itemPose('thing')[2]!).toBeLessThan(0.06);
    expect(sim.gripperState().reachedGoal).toBe(true);
    sim.physics.free();
  });

  it('cannot close on an item wider than the opening', async () => {
    const wide = item({ shape: 'box', dimensions: [0.16, 0.2, 0.05] });
    const sim = await graspScene(wide, { gripHeightM: 0.08 });
    sim.setGripper(0, 30);
    run(sim, 1);
    expect(sim.holding).toBeUndefined();
    sim.setJointTargets(new Map([['arm_lift_joint', 0.5]]));
    run(sim, 2);
    expect(sim.physics.itemPose('thing')[2]!).toBeLessThan(0.05);
    sim.physics.free();
  });

  it('pinches a crumpled scarf by its fold and lifts the whole of it; flat, the same scarf has nothing to hold', async () => {
    // 40 cm across the jaws (they open 13 cm), 12 cm along them (more would reach under the base here).
    const fold = { along: 1, offsetM: 0, widthM: 0.035, lengthShare: 0.7, layerM: 0.015 } as const;
    const scarf = item({ shape: 'cloth', dimensions: [0.4, 0.12, 0.05], mass: 0.3, friction: 0.9, fold });
    // The fingertips 3 mm above the layer, the pads straddling the fold.
    const sim = await graspScene(scarf, { gripHeightM: 0.015 + 0.003 + FINGER.lengthM / 2 });
    sim.setGripper(0, 20);
    run(sim, 1);
    expect(sim.holding).toEqual({ id: 'thing', tool: 'gripper' });
    expect(sim.gripperState().openingM).toBeCloseTo(0.035, 2);
    sim.setJointTargets(new Map([['arm_lift_joint', 0.6]]));
    run(sim, 3);
    expect(sim.physics.itemPose('thing')[2]!).toBeGreaterThan(0.2);
    sim.physics.free();
    const flat = await graspScene({ ...scarf, fold: undefined }, { gripHeightM: 0.06 });
    flat.setGripper(0, 20);
    run(flat, 1);
    expect(flat.holding).toBeUndefined();
    flat.physics.free();
  });

  it('lifts a towel by a fold off its middle with the layer hanging from the fold, as cloth does', async () => {
    // 46 cm across the jaws, the fold 9 cm off the middle: one flap 12 cm wide, the other 30 cm.
    const fold = { along: 1, offsetM: -0.09, widthM: 0.03, lengthShare: 0.7, layerM: 0.012 } as const;
    const towel = item({ shape: 'cloth', dimensions: [0.46, 0.12, 0.04], mass: 0.4, friction: 0.9, fold });
    // The pads straddle the fold, not the towel's middle.
    const sim = await graspScene(towel, { gripHeightM: 0.012 + 0.003 + FINGER.lengthM / 2, acrossM: 0.09 });
    sim.setGripper(0, 20);
    run(sim, 1);
    expect(sim.holding).toEqual({ id: 'thing', tool: 'gripper' });
    const lying = sim.physics.itemShapePoses().get('thing')!;
    expect(Math.max(Math.abs(lying[7]!), Math.abs(lying[8]!))).toBeLessThan(0.1);
    sim.setJointTargets(new Map([['arm_lift_joint', 0.69]]));
    run(sim, 4);
    expect(sim.holding).toEqual({ id: 'thing', tool: 'gripper' });
    expect(sim.physics.itemPose('thing')[2]!).toBeGreaterThan(0.25);
    // Both flaps hang down from the fold rather than stand out level with it.
    const hanging = sim.physics.itemShapePoses().get('thing')!;
    expect(hanging[7]!).toBeGreaterThan(1.2);
    expect(hanging[8]!).toBeGreaterThan(1.2);
    sim.physics.free();
  });

  it('a heavy, slippery item slips when swung up fast and holds when swung up slowly', async () => {
    const heavy = item({ shape: 'box', dimensions: [0.06, 0.1, 0.1], mass: 1.0, friction: 0.3 });
    // Friction carries the weight with a fifth to spare: 2·μ·F = 1.2·m·g.
    const effort = (1.2 * 1.0 * 9.81) / (2 * 0.3);
    const slip = async (raise: (sim: Simulation, to: number) => void) => {
      const sim = await graspScene(heavy);
      sim.setGripper(0, effort);
      run(sim, 1);
      const before = inHand(sim, 'thing');
      raise(sim, -1.6);
      run(sim, 3);
      const after = inHand(sim, 'thing');
      expect(sim.holding?.id).toBe('thing');
      sim.physics.free();
      return Math.hypot(after[0]! - before[0]!, after[1]! - before[1]!, after[2]! - before[2]!);
    };
    const fast = await slip((sim, to) => sim.setJointTargets(new Map([['arm_flex_joint', to]])));
    const slow = await slip((sim, to) => {
      const from = sim.joints.get('arm_flex_joint')!;
      for (let k = 1; k <= 400; k++) {
        const s = k / 400;
        sim.setJointTargets(new Map([['arm_flex_joint', from + (to - from) * s * s * (3 - 2 * s)]]));
        run(sim, 0.01);
      }
    });
    expect(fast).toBeGreaterThan(0.03);
    // The slow swing still creeps ~2 cm over its 7 s (the solver's friction creep at this thin a
    // margin, with the finger joints solved stiff), but keeps the item where the fast one loses it.
    expect(slow).toBeLessThan(0.025);
  });

  it('an off-centre grasp of a long item lets it turn in the hand', async () => {
    const rod = item({ shape: 'box', dimensions: [0.04, 0.4, 0.04], mass: 0.4, friction: 0.6 });
    // Off centre away from the base, whose front edge the far end would otherwise reach.
    const sim = await graspScene(rod, { offsetM: -0.12 });
    sim.setGripper(0, 10);
    run(sim, 1);
    expect(sim.holding?.id).toBe('thing');
    const level = sim.physics.itemPose('thing');
    sim.setJointTargets(new Map([['arm_lift_joint', 0.5]]));
    run(sim, 3);
    const lifted = sim.physics.itemPose('thing');
    // Angle turned: the item's long axis (y) tips away from horizontal.
    const axis = quaternion.act(new Float64Array(3), lifted.subarray(3), [0, 1, 0]);
    const tilt = Math.asin(Math.abs(axis[2]!));
    expect(tilt).toBeGreaterThan(0.3);
    expect(lifted[2]!).toBeGreaterThan(level[2]! + 0.1);
    sim.physics.free();
  });

  it('an item swung hard flies out of a grip that carries it at rest', async () => {
    const box = item({ shape: 'box', dimensions: [0.05, 0.08, 0.08], mass: 0.4, friction: 0.5 });
    const sim = await graspScene(box);
    // 2·μ·F = 1.5·m·g: plenty to lift it, not to shake it.
    sim.setGripper(0, 6);
    run(sim, 1);
    sim.setJointTargets(
      new Map([
        ['arm_lift_joint', 0.5],
        ['arm_flex_joint', -1.6],
      ]),
    );
    run(sim, 3);
    expect(sim.holding?.id).toBe('thing');
    for (let k = 0; k < 3; k++) {
      sim.setJointTargets(new Map([['arm_flex_joint', -0.3]]));
      run(sim, 0.6);
      sim.setJointTargets(new Map([['arm_flex_joint', -2.6]]));
      run(sim, 0.6);
    }
    run(sim, 1);
    expect(sim.holding).toBeUndefined();
    expect(sim.physics.itemPose('thing')[2]!).toBeLessThan(0.1);
    sim.physics.free();
  });

  it('the fingers keep what they squeeze on the palm axis when it is knocked along their closing', async () => {
    // The fingers are one mechanism: knocked sideways, a squeezed block moves the pads with it by
    // no more than the linkage gives. Two independent force-limited motors let the pair slide off.
    const block = item({ shape: 'box', dimensions: [0.04, 0.06, 0.06], mass: 0.2, friction: 0.6 });
    const sim = await graspScene(block);
    sim.setGripper(0, 20);
    run(sim, 1);
    sim.setJointTargets(new Map([['arm_lift_joint', 0.5]]));
    run(sim, 2);
    expect(sim.holding?.id).toBe('thing');
    const before = inHand(sim, 'thing');
    const grip = sim.gripPoint();
    const closing = quaternion.act(new Float64Array(3), grip.subarray(3), [0, 1, 0]);
    for (let k = 0; k < 5; k++) {
      sim.physics.setItemVelocity(
        'thing',
        [closing[0]! * 0.5, closing[1]! * 0.5, closing[2]! * 0.5],
        [0, 0, 0],
      );
      run(sim, 0.2);
    }
    run(sim, 0.5);
    expect(sim.holding?.id).toBe('thing');
    expect(Math.abs(inHand(sim, 'thing')[1]! - before[1]!)).toBeLessThan(0.003);
    sim.physics.free();
  });

  it('reads a crayon squeezed by the jaws as something held, though the pads sink into it', async () => {
    // Rapier's contacts give in proportion to the item's mass: 20 N sinks the pads 2 mm into an
    // 8 g crayon 8 mm across (4.0 mm apart). The manipulator's hold threshold must lie below that.
    const crayon = item({ shape: 'capsule', dimensions: [0.004, 0.085], mass: 0.008, friction: 0.5 });
    const sim = await graspScene(crayon);
    sim.setGripper(0, 20);
    run(sim, 1.5);
    const { openingM } = sim.gripperState();
    expect(openingM).toBeGreaterThan(HOLDING_GAP_M);
    expect(openingM).toBeLessThan(0.008);
    expect(sim.holding?.id).toBe('thing');
    sim.physics.free();
  });

  it('the same seed gives the same outcome', async () => {
    const box = item({ shape: 'cylinder', dimensions: [0.03, 0.12], mass: 0.3, friction: 0.5 });
    const trial = async () => {
      const sim = await graspScene(box);
      sim.setGripper(0, 15);
      run(sim, 1);
      sim.setJointTargets(new Map([['arm_lift_joint', 0.5]]));
      run(sim, 2);
      const pose = Array.from(sim.physics.itemPose('thing'));
      sim.physics.free();
      return pose;
    };
    expect(await trial()).toEqual(await trial());
  });

  it('suction holds a flat face that covers the cup and nothing else, and lets go of what is too heavy', async () => {
    const trial = async (thing: WorldItem) => {
      const sim = await pressCupOnto(thing);
      const sealed = sim.suctionState().pressurePa === -60_000;
      sim.setJointTargets(new Map([['arm_lift_joint', 0.5]]));
      run(sim, 3);
      const result = {
        sealed,
        held: sim.holding?.tool === 'suction',
        lifted: sim.physics.itemPose('thing')[2]! > 0.2,
      };
      sim.setSuction(false);
      expect(sim.suctionState()).toMatchObject({ on: false, pressurePa: 0, sealedHandle: undefined });
      sim.physics.free();
      return result;
    };
    const book = item({ shape: 'box', dimensions: [0.2, 0.12, 0.03], mass: 0.5 });
    expect(await trial(book)).toEqual({ sealed: true, held: true, lifted: true });
    const heavy = item({ shape: 'box', dimensions: [0.2, 0.12, 0.1], mass: 2.0 });
    expect(await trial(heavy)).toEqual({ sealed: true, held: false, lifted: false });
    const ball = item({ shape: 'sphere', dimensions: [0.04], mass: 0.1 });
    expect(await trial(ball)).toEqual({ sealed: false, held: false, lifted: false });
    const sock = item({ shape: 'cloth', dimensions: [0.2, 0.1, 0.03], mass: 0.05 });
    expect(await trial(sock)).toEqual({ sealed: false, held: false, lifted: false });
    const pencil = item({ shape: 'box', dimensions: [0.15, 0.015, 0.015], mass: 0.01 });
    expect(await trial(pencil)).toEqual({ sealed: false, held: false, lifted: false });
  });

  it('holds a face sealed off its middle where it sealed while the base turns and drives', async () => {
    // Held by contact friction alone, a remote sealed 4 cm off its middle crept 8 mm towards its
    // end with each turn and drive (35 mm after four), and the seal broke on the way in a tidy-up.
    const remote = item({ shape: 'box', dimensions: [0.18, 0.05, 0.025], mass: 0.15, friction: 0.5 });
    const sim = await pressCupOnto(remote, 0.04);
    sim.setJointTargets(new Map([['arm_lift_joint', 0.6]]));
    run(sim, 2);
    const before = inHand(sim, 'thing');
    for (const sign of [1, -1, 1, -1]) {
      sim.setCommand({ vx: 0, vy: 0, wz: 0.6 * sign });
      run(sim, 3);
      sim.setCommand({ vx: 0.3 * sign, vy: 0, wz: 0 });
      run(sim, 2);
      sim.setCommand({ vx: 0, vy: 0, wz: 0 });
      run(sim, 1);
    }
    const after = inHand(sim, 'thing');
    expect(sim.holding?.tool).toBe('suction');
    expect(Math.hypot(after[0]! - before[0]!, after[1]! - before[1]!, after[2]! - before[2]!)).toBeLessThan(
      0.002,
    );
    sim.physics.free();
  });

  it('keeps a seal while the face tips within what the lip follows, and loses it past that', async () => {
    // A rubber lip 27 mm across follows a face tipped 8° (its edge 1.9 mm off the cup's plane);
    // at 16° one side is 3.9 mm off and the seal breaks.
    const tipped = async (degrees: number) => {
      const book = item({ shape: 'box', dimensions: [0.2, 0.12, 0.03], mass: 0.3 });
      const sim = await pressCupOnto(book);
      expect(sim.suctionState().pressurePa).toBe(-60_000);
      // The book turned about the y axis through the middle of its sealed face.
      const face = sim.suctionCupPose();
      const angle = (degrees * Math.PI) / 180;
      const half = book.dimensions[2]! / 2;
      sim.physics.setItemPose('thing', [
        face[0]! - half * Math.sin(angle),
        face[1]!,
        face[2]! - half * Math.cos(angle),
        0,
        Math.sin(angle / 2),
        0,
        Math.cos(angle / 2),
      ]);
      run(sim, 0.02);
      const sealed = sim.suctionState().pressurePa === -60_000;
      sim.physics.free();
      return sealed;
    };
    expect(await tipped(8)).toBe(true);
    expect(await tipped(16)).toBe(false);
  });

  it('holds a thin flat item gripped near the fingertips, reached by whole-body IK', async () => {
    // A key fob lying turned 9° from the base, the hand where the IK puts it: the pads touch only
    // its bottom centimetre, and stay parallel under the squeeze (with soft finger joints they
    // splayed and it slid out as the hand rose).
    const keys = item({ shape: 'box', dimensions: [0.071, 0.034, 0.013], mass: 0.044, friction: 0.52 });
    const sim = await Simulation.create({ seed: 3, layout: 'empty', people: 0, items: [keys] });
    const yaw = (9 * Math.PI) / 180;
    sim.physics.setItemPose('thing', [3, 2.5, 0.0065, 0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)]);
    const ik = new WholeBodyIk(parseUrdf(readFileSync('sim/robot/hsr.urdf', 'utf8')), {
      tipLink: 'hand_palm_link',
      tool: [0, 0, FINGER.jointZ + FINGER.lengthM / 2, 0, 0, 0, 1],
    });
    const seeds = [0, Math.PI / 2, -Math.PI / 2].map((roll) => ({
      base: [2.5, 2.5, 0] as const,
      joints: Float64Array.of(0.1, -2.4, 0, -0.7, roll),
    }));
    const reach = (z: number) => {
      const solution = ik.solve(
        { position: [3, 2.5, z], approach: [0, 0, -1], closing: [-Math.sin(yaw), Math.cos(yaw), 0] },
        seeds,
      );
      if ('failure' in solution) throw new Error(solution.failure);
      return solution;
    };
    const tipsAbove = 0.003;
    const at = reach(tipsAbove + FINGER.lengthM / 2);
    const above = reach(tipsAbove + FINGER.lengthM / 2 + 0.1);
    const arm = (joints: Float64Array) => new Map(ik.joints.map((joint, k) => [joint.name, joints[k]!]));
    sim.kidnap(at.base[0], at.base[1], at.base[2]);
    sim.setGripper(0.06, 20);
    sim.setJointTargets(arm(above.joints));
    run(sim, 4);
    sim.setJointTargets(arm(at.joints));
    run(sim, 3);
    sim.setGripper(0, 20);
    run(sim, 1);
    expect(sim.holding?.id).toBe('thing');
    expect(sim.gripperState().openingM).toBeLessThan(0.04);
    sim.setJointTargets(new Map([['arm_lift_joint', at.joints[0]! + 0.3]]));
    run(sim, 3);
    expect(sim.holding?.id).toBe('thing');
    expect(sim.physics.itemPose('thing')[2]!).toBeGreaterThan(0.25);
    sim.physics.free();
  });

  it('a stick set rolling on the floor stops within centimetres and stays, a ball rolls on', async () => {
    const rolled = async (thing: WorldItem) => {
      const sim = await Simulation.create({ seed: 3, layout: 'empty', people: 0, items: [thing] });
      const r = thing.dimensions[0]!;
      // Lying along y, rolling along x at 0.3 m/s (ω = v / r about y), clear of the robot.
      sim.physics.setItemPose('thing', [1, 4.5, r, Math.SQRT1_2, 0, 0, Math.SQRT1_2]);
      sim.physics.setItemVelocity('thing', [0.3, 0, 0], [0, 0.3 / r, 0]);
      run(sim, 3);
      const x = sim.physics.itemPose('thing')[0]! - 1;
      // And it stays stopped: a round stick crept on at about 1 cm/s for as long as it was watched.
      run(sim, 4);
      const creptM = Math.abs(sim.physics.itemPose('thing')[0]! - 1 - x);
      sim.physics.free();
      return { x, creptM };
    };
    const pencil = await rolled(item({ shape: 'capsule', dimensions: [0.004, 0.17], mass: 0.01 }));
    const ball = await rolled(item({ shape: 'sphere', dimensions: [0.03], mass: 0.05 }));
    expect(pencil.x).toBeGreaterThan(0.01);
    expect(pencil.x).toBeLessThan(0.15);
    expect(pencil.creptM).toBeLessThan(0.002);
    expect(ball.x).toBeGreaterThan(0.8);
  });

  it('carries what the jaws hold along when the robot is carried elsewhere (kidnap)', async () => {
    const box = item({ shape: 'box', dimensions: [0.05, 0.1, 0.08] });
    const sim = await graspScene(box);
    sim.setGripper(0, 20);
    run(sim, 1);
    sim.setJointTargets(new Map([['arm_lift_joint', 0.5]]));
    run(sim, 2);
    const opening = sim.gripperState().openingM;
    const [x, y, yaw] = sim.base;
    sim.kidnap(x! - 1.5, y! + 0.5, yaw! + 2);
    expect(sim.gripperState().openingM).toBeCloseTo(opening, 4);
    run(sim, 1);
    expect(sim.holding?.id).toBe('thing');
    const grip = sim.gripPoint();
    const p = sim.physics.itemPose('thing');
    expect(Math.hypot(p[0]! - grip[0]!, p[1]! - grip[1]!)).toBeLessThan(0.03);
    sim.physics.free();
  });

  it('rejects gripper commands out of range, naming the value', async () => {
    const sim = await graspScene(item({ shape: 'box', dimensions: [0.05, 0.05, 0.05] }));
    expect(() => sim.setGripper(0.2)).toThrow(/opening in \[0, 0.13\] m, got 0.2/);
    expect(() => sim.setGripper(0, Number.NaN)).toThrow(/max_effort/);
    expect(() => sim.setJointTargets(new Map([['no_such_joint', 1]]))).toThrow(
      /unknown or fixed joint 'no_such_joint'/,
    );
    sim.physics.free();
  });
});
