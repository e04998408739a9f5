/**
 * One item on an empty floor, seen by the head camera and grasped by the hand alone: the
 * grasp trials that train the grasp policy and score it on physics it never saw. The item's
 * physics (size within its category, mass, friction, centre of mass, how it lies) and the
 * sensor (depth noise, dropout, camera mounting error, the localizer's box error, the class
 * hypotheses) are drawn from one of three ranges: `nominal` (no randomization), `train` (the
 * policy's domain randomization) or `heldout` (wider than anything training sees). The hand
 * floats: its palm follows the approach, grip, lift and a 2 m carry at the base's full speed
 * and acceleration, as the arm and base would move it; whether the item stays is physics.
 */
import * as se3 from '../../../src/geometry/se3.ts';
import * as so3 from '../../../src/geometry/so3.ts';
import * as quaternion from '../../../src/geometry/quaternion.ts';
import { Random } from '../../../src/common/random.ts';
import type { GraspCandidate } from '../../../src/manipulation/analyticGrasp.ts';
import { graspFrame } from '../../../src/manipulation/graspFrame.ts';
import { itemPoints, type ItemBox } from '../../../src/manipulation/itemCloud.ts';
import { onKnownSupport } from '../../../src/manipulation/knownSupport.ts';
import { levelOnFloor } from '../../../src/perception/floorLevelling.ts';
import { FINGER } from '../../../sim/physics/Hand.ts';
import { PhysicsWorld } from '../../../sim/physics/PhysicsWorld.ts';
import { opticalPose } from '../../../sim/render/cameraPose.ts';
import { noisyDepth } from '../../../sim/render/depthNoise.ts';
import { buildSceneMesh } from '../../../sim/render/meshes.ts';
import { Rasterizer } from '../../../sim/render/Rasterizer.ts';
import { loadHsrUrdf } from '../../../sim/robot/urdf.ts';
import { BASE, DEFAULT_HEAD_CAMERA } from '../../../sim/Simulation.ts';
import { ITEM_CATEGORIES } from '../../../sim/world/catalog.ts';
import { drawClothFold } from '../../../sim/world/clothFold.ts';
import { generateWorld } from '../../../sim/world/generateWorld.ts';
import { itemHalfExtents } from '../../../sim/world/itemExtents.ts';
import { RANDOMIZATION } from '../../../sim/world/randomization.ts';
import type { World, WorldItem } from '../../../sim/world/World.ts';
import { itemBox } from './truthFeeds.ts';

export type GraspRange = 'nominal' | 'train' | 'heldout';
export const CATEGORIES = Object.keys(ITEM_CATEGORIES);

/** Beyond the room's randomization: what only grasping meets. Nominal has none of it. */
const GRASP_RANDOMIZATION = {
  train: { comShare: 0.25, onSide: 0.2, boxErrorM: 0.01, boxScale: [0.9, 1.15], classTrust: [0.5, 1] },
  heldout: { comShare: 0.35, onSide: 0.25, boxErrorM: 0.015, boxScale: [0.85, 1.25], classTrust: [0.4, 1] },
} as const;

const STEP_S = 1 / 240;
const SQUEEZE_N = 20;
const APPROACH_M = 0.1;
const LIFT_M = 0.2;
const CARRY_M = 2;
/** As the manipulator: a close that ends further apart than this holds something; a seal below this pressure holds. */
const HOLDING_GAP_M = 0.002;
const SEAL_SEARCH_M = [0.02, -0.025] as const;
const BOX_MARGIN_M = 0.04;
const NOZZLE = loadHsrUrdf().get('hand_suction_joint')!;

export interface GraspScene {
  readonly world: World;
  /** The item as it came to rest. */
  readonly item: WorldItem;
  readonly points: Float64Array;
  readonly supportZ: number;
  /** Class probabilities in CATEGORIES' order, as the perception might report them. */
  readonly classes: Float32Array;
}

/** The head camera at the two resolutions the launches use (the sensor's resolution is randomized too). */
const CAMERAS = [640, 320].map((width) => {
  const scale = width / DEFAULT_HEAD_CAMERA.width;
  const intrinsics = {
    width,
    height: Math.round((width * 3) / 4),
    fx: DEFAULT_HEAD_CAMERA.fx * scale,
    fy: DEFAULT_HEAD_CAMERA.fy * scale,
    cx: (width - 1) / 2,
    cy: (Math.round((width * 3) / 4) - 1) / 2,
  };
  return { intrinsics, rasterizer: new Rasterizer(intrinsics) };
});

/** The scene of trial `seed`: an item of `category` (default drawn) settled on the floor and seen once. */
export async function graspScene(seed: number, range: GraspRange, category?: string): Promise<GraspScene> {
  const random = new Random(seed * 3 + (range === 'nominal' ? 0 : range === 'train' ? 1 : 2));
  const split = range === 'heldout' ? 'heldout' : 'train';
  const room = generateWorld(seed, split, { itemCount: 0 });
  const name = category ?? random.pick(CATEGORIES);
  const dropped = drawItem(name, random, range, [room.room.width / 2, room.room.depth / 2]);
  const settling = await PhysicsWorld.create({ ...room, furniture: [], items: [dropped] });
  settling.step(1);
  const item = { ...dropped, pose: Array.from(settling.itemPose(dropped.id)) };
  settling.free();
  const world: World = { ...room, furniture: [], items: [item] };

  const dr = RANDOMIZATION[split];
  const nominal = range === 'nominal';
  const distance = nominal ? 0.7 : random.range(0.45, 1.0);
  const bearing = random.range(-Math.PI, Math.PI);
  const height = nominal ? 1.2 : random.range(1.15, 1.3);
  const [ix, iy, iz] = item.pose as [number, number, number];
  const believed = opticalPose(
    [ix + distance * Math.cos(bearing), iy + distance * Math.sin(bearing), height],
    bearing + Math.PI,
    Math.atan2(height - iz, distance),
  );
  const mounting = nominal ? 0 : (dr.mountingErrorDeg * Math.PI) / 180;
  const rotation = so3.exp(
    new Float64Array(4),
    [0, 1, 2].map(() => random.range(-mounting, mounting)),
  );
  const shift = [0, 1, 2].map(() => (nominal ? 0 : random.range(-dr.mountingErrorM, dr.mountingErrorM)));
  const actual = se3.compose(new Float64Array(7), believed, [...shift, ...rotation]);
  const camera = CAMERAS[nominal ? 0 : random.int(0, CAMERAS.length)]!;
  const frame = camera.rasterizer.render(buildSceneMesh(world), actual, world.lighting);
  const noise = nominal
    ? { a: 0, b: 0, dropout: 0 }
    : {
        a: random.range(dr.depthNoise.a[0], dr.depthNoise.a[1]),
        b: random.range(dr.depthNoise.b[0], dr.depthNoise.b[1]),
        dropout: random.range(dr.depthDropout[0], dr.depthDropout[1]),
      };
  const depth = noisyDepth(frame.depth, noise, random);

  const truth = itemBox(item, item.pose);
  let box: ItemBox = {
    center: truth.center as [number, number, number],
    size: truth.size as [number, number, number],
  };
  const classes = new Float32Array(CATEGORIES.length);
  if (nominal) classes[CATEGORIES.indexOf(name)] = 1;
  else {
    const g = GRASP_RANDOMIZATION[range];
    box = {
      center: box.center.map((c) => c + g.boxErrorM * random.gaussian()) as unknown as ItemBox['center'],
      size: box.size.map((s) => s * random.range(g.boxScale[0], g.boxScale[1])) as unknown as ItemBox['size'],
    };
    const trust = random.range(g.classTrust[0], g.classTrust[1]);
    const other = random.int(0, CATEGORIES.length);
    classes[CATEGORIES.indexOf(name)] = trust;
    classes[other] = classes[other]! + 1 - trust;
  }
  const { width, height: rows } = camera.intrinsics;
  // As the manipulator does: the camera's tilt and height taken from the floor it sees.
  const seen = levelOnFloor(depth, width, rows, camera.intrinsics, believed)?.map_T_optical ?? believed;
  // As the manipulator does: the item's box resting on the floor, which the robot knows.
  const known = onKnownSupport(box);
  const points = itemPoints(depth, width, rows, camera.intrinsics, seen, known.box, BOX_MARGIN_M);
  return { world, item, points, supportZ: known.supportZ, classes };
}

function drawItem(
  category: string,
  random: Random,
  range: GraspRange,
  [x, y]: readonly [number, number],
): WorldItem {
  const spec = ITEM_CATEGORIES[category];
  if (!spec) throw new Error(`unknown item category '${category}'`);
  const mid = (r: readonly [number, number]) => (r[0] + r[1]) / 2;
  const nominal = range === 'nominal';
  const dr = RANDOMIZATION[range === 'heldout' ? 'heldout' : 'train'];
  const draw = (r: readonly [number, number]) => (nominal ? mid(r) : random.range(r[0], r[1]));
  const scale = draw(dr.objectScale);
  const dimensions = spec.size.map((r) => draw(r) * scale);
  const base = { shape: spec.shape, dimensions };
  const half = itemHalfExtents(base);
  const g = nominal ? undefined : GRASP_RANDOMIZATION[range];
  // Capsules lie on their side as in the room; boxes and cylinders sometimes do too (cloth lies flat).
  const onSide =
    spec.shape === 'capsule' ||
    (g !== undefined && spec.shape !== 'sphere' && spec.shape !== 'cloth' && random.chance(g.onSide));
  const q = quaternion.fromYaw(new Float64Array(4), random.range(-Math.PI, Math.PI));
  if (onSide) quaternion.compose(q, q, [Math.SQRT1_2, 0, 0, Math.SQRT1_2]);
  const restZ = (onSide ? half[1] : half[2]) + 0.002;
  return {
    id: category.replace(/ /g, '_'),
    category,
    colorName: spec.colors[0]!,
    color: [0.6, 0.4, 0.3],
    ...base,
    mass: draw(spec.mass) * draw(dr.massScale),
    friction: draw(spec.friction) * draw(dr.friction),
    tools: spec.tools,
    home: spec.home.furniture,
    pose: [x, y, restZ, q[0]!, q[1]!, q[2]!, q[3]!],
    ...(spec.shape === 'cloth' ? { fold: drawClothFold(dimensions, nominal ? undefined : random) } : {}),
    ...(g
      ? {
          centerOfMass: half.map((h) => h * random.range(-g.comShare, g.comShare)) as [
            number,
            number,
            number,
          ],
        }
      : {}),
  };
}

export type TrialOutcome = 'held' | 'missed' | 'no seal' | 'slipped' | 'dropped carrying';

/** Tries `candidate` on the scene's item from rest; the same scene and candidate give the same outcome. */
export async function graspTrial(scene: GraspScene, candidate: GraspCandidate): Promise<TrialOutcome> {
  const physics = await PhysicsWorld.create(scene.world);
  try {
    return run(physics, scene.item, candidate);
  } finally {
    physics.free();
  }
}

function run(physics: PhysicsWorld, item: WorldItem, candidate: GraspCandidate): TrialOutcome {
  const palm = palmPose(candidate);
  const hand = physics.addHand(palm, { origin: NOZZLE.xyz, axis: NOZZLE.axis, travelM: NOZZLE.upper });
  const pose = Float64Array.from(palm);
  const moveBy = (dx: number, dy: number, dz: number, speed: number, until?: () => boolean) => {
    const steps = Math.max(1, Math.ceil(Math.hypot(dx, dy, dz) / (speed * STEP_S)));
    for (let k = 0; k < steps; k++) {
      pose[0]! += dx / steps;
      pose[1]! += dy / steps;
      pose[2]! += dz / steps;
      hand.moveTo(pose);
      physics.step(STEP_S);
      if (until?.()) return true;
    }
    return false;
  };
  const wait = (seconds: number, until?: () => boolean) => {
    for (let k = 0; k < seconds / STEP_S; k++) {
      hand.moveTo(pose);
      physics.step(STEP_S);
      if (until?.()) return;
    }
  };
  const startZ = physics.itemPose(item.id)[2]!;
  pose[2]! += APPROACH_M;
  hand.placeAt(pose);
  if (candidate.tool === 'gripper') {
    hand.command(candidate.openingM, SQUEEZE_N);
    wait(0.6);
    moveBy(0, 0, -APPROACH_M, 0.1);
    hand.command(0, SQUEEZE_N);
    wait(1.5, () => hand.gripperState().stalled || hand.gripperState().reachedGoal);
    if (hand.openingM() < HOLDING_GAP_M) return 'missed';
  } else {
    hand.setSuction(true);
    const sealed = () => hand.suctionState().sealedHandle !== undefined;
    moveBy(0, 0, -APPROACH_M + SEAL_SEARCH_M[0], 0.1);
    if (!moveBy(0, 0, SEAL_SEARCH_M[1] - SEAL_SEARCH_M[0], 0.02, sealed)) {
      wait(0.15);
      if (!sealed()) return 'no seal';
    }
  }
  moveBy(0, 0, LIFT_M, 0.1);
  const holds = () =>
    candidate.tool === 'gripper'
      ? hand.openingM() >= HOLDING_GAP_M
      : hand.suctionState().sealedHandle !== undefined;
  const raised = () => physics.itemPose(item.id)[2]! - startZ >= 0.1;
  if (!holds() || !raised()) return 'slipped';
  // Carry: the base's full acceleration to its full speed, on, and braking to a stop.
  const { maxLinearMps: v, maxLinearAccel: a } = BASE;
  let speed = 0;
  let travelled = 0;
  while (travelled < CARRY_M) {
    const braking = CARRY_M - travelled <= (speed * speed) / (2 * a) + 1e-6;
    speed = Math.max(0.02, Math.min(v, speed + (braking ? -a : a) * STEP_S));
    pose[0]! += speed * STEP_S;
    travelled += speed * STEP_S;
    hand.moveTo(pose);
    physics.step(STEP_S);
  }
  wait(0.5);
  return holds() && raised() ? 'held' : 'dropped carrying';
}

/** Palm pose for a candidate: its grasp frame moved back along the approach by the tool's reach. */
function palmPose(candidate: GraspCandidate): Float64Array {
  const pose = graspFrame(candidate);
  const reach =
    candidate.tool === 'gripper' ? FINGER.jointZ + FINGER.lengthM / 2 : NOZZLE.xyz[2] + NOZZLE.upper;
  for (let k = 0; k < 3; k++) pose[k] = pose[k]! - candidate.approach[k]! * reach;
  return pose;
}
