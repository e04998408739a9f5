import { describe, expect, it } from 'vitest';
import * as quaternion from '../../src/geometry/quaternion.ts';
import { PhysicsWorld } from '../../sim/physics/PhysicsWorld.ts';
import { opticalPose } from '../../sim/render/cameraPose.ts';
import { buildSceneMesh } from '../../sim/render/meshes.ts';
import { encodePng } from '../../sim/render/png.ts';
import { Rasterizer } from '../../sim/render/Rasterizer.ts';
import { ITEM_CATEGORIES } from '../../sim/world/catalog.ts';
import { clothBoxesAt, clothShape, drawClothFold } from '../../sim/world/clothFold.ts';
import { furnitureFootprint, overlapsFootprint } from '../../sim/world/furnitureFootprint.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import type { World, WorldItem } from '../../sim/world/World.ts';

const GRIPPER_MAX_OPENING_M = 0.13;
const REST_DRIFT_M = 0.002;
const DEPTH_TOLERANCE_M = 1e-3;

/** The smallest extent an item can be gripped across, and whether it has a flat face for suction. */
function graspability(shape: string, dims: readonly number[]): { gripWidth: number; flatFace: boolean } {
  switch (shape) {
    case 'box':
    case 'cloth':
      return { gripWidth: Math.min(...dims), flatFace: [...dims].sort((a, b) => b - a)[1]! >= 0.03 };
    case 'cylinder':
      return { gripWidth: Math.min(2 * dims[0]!, dims[1]!), flatFace: 2 * dims[0]! >= 0.03 };
    case 'sphere':
      return { gripWidth: 2 * dims[0]!, flatFace: false };
    default:
      return { gripWidth: 2 * dims[0]!, flatFace: false };
  }
}

describe('world generation', () => {
  it('the same seed gives the same world; another seed or split a different one', () => {
    expect(generateWorld(7, 'train')).toEqual(generateWorld(7, 'train'));
    expect(generateWorld(8, 'train').items).not.toEqual(generateWorld(7, 'train').items);
    expect(generateWorld(7, 'heldout')).not.toEqual(generateWorld(7, 'train'));
  });

  it('has at least 40 categories, each placeable and graspable by one of its tools at any size', () => {
    const categories = Object.entries(ITEM_CATEGORIES);
    expect(categories.length).toBeGreaterThanOrEqual(40);
    for (const [name, spec] of categories) {
      for (const extreme of [0, 1]) {
        const dims = spec.size.map((range) => range[extreme]! * 1.1); // largest DR scale
        const { gripWidth, flatFace } = graspability(spec.shape, dims);
        const byGripper = spec.tools !== 'suction' && gripWidth <= GRIPPER_MAX_OPENING_M;
        const bySuction = spec.tools !== 'gripper' && flatFace;
        expect(byGripper || bySuction, `${name} at ${dims.map((d) => d.toFixed(3))}`).toBe(true);
      }
    }
    const world = generateWorld(2, 'train', { itemCount: 60 });
    expect(world.items).toHaveLength(60);
    expect(new Set(world.items.map((i) => i.category)).size).toBeGreaterThan(20);
  });

  it('lays every cloth item crumpled: a thinner layer and a fold within its footprint that the jaws can span', () => {
    const cloth = [1, 2, 3]
      .flatMap((seed) => generateWorld(seed, 'train').items)
      .filter((i) => i.shape === 'cloth');
    expect(cloth.length).toBeGreaterThan(5);
    for (const item of cloth) {
      const { fold, strip, flaps } = clothShape(item.dimensions, item.fold!);
      expect(strip.halfExtents[2] * 2).toBeLessThan(item.dimensions[2]!);
      expect(fold.center[2] + fold.halfExtents[2]).toBeCloseTo(item.dimensions[2]! / 2, 9);
      for (const axis of [0, 1])
        expect(Math.abs(fold.center[axis]!) + fold.halfExtents[axis]!).toBeLessThanOrEqual(
          item.dimensions[axis]! / 2,
        );
      expect(2 * Math.min(fold.halfExtents[0], fold.halfExtents[1])).toBeLessThan(GRIPPER_MAX_OPENING_M / 2);
      // The layer (strip and flaps) covers the footprint across the fold, each flap beside the strip.
      const across = 1 - item.fold!.along;
      const widths = [strip, ...flaps].map((b) => 2 * b.halfExtents[across]!);
      expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(item.dimensions[across]!, 9);
      for (const flap of flaps) {
        expect(flap.halfExtents[across]).toBeGreaterThan(0);
        // Turned by its lowering angle, the flap's outer edge goes down and ends below the hinge.
        const outward = Math.sign(flap.center[across]! - flap.hinge[across]!);
        const edge: [number, number, number] = [0, 0, 0];
        edge[across] = outward * flap.halfExtents[across]!;
        const hangingEdge = clothBoxesAt({ fold, strip, flaps: [flap, flap] }, [Math.PI / 2, 0])[2]!.place(
          edge,
        );
        expect(hangingEdge[2]).toBeCloseTo(flap.hinge[2] - 2 * flap.halfExtents[across]!, 9);
        expect(hangingEdge[across]).toBeCloseTo(flap.hinge[across]!, 9);
      }
    }
    // Without a random stream, the nominal fold: centred, along x.
    expect(drawClothFold([0.4, 0.3, 0.05])).toMatchObject({ along: 0, offsetM: 0 });
  });

  it('gives furniture turned by 90° its turned footprint, and floor items a clear margin from it', () => {
    const sofa = {
      id: 'sofa_0',
      category: 'sofa',
      color: [0.5, 0.5, 0.5] as const,
      position: [2, 1, 0.4] as const,
      yaw: Math.PI / 2,
      size: [2, 0.9, 0.8] as const,
      form: 'solid' as const,
    };
    const footprint = furnitureFootprint(sofa);
    expect(footprint).toEqual({ x: 2, y: 1, hx: 0.45, hy: 1 });
    expect(overlapsFootprint(footprint, 2.59, 1, 0.1, 0.05)).toBe(true); // 0.59 < 0.45 + 0.15
    expect(overlapsFootprint(footprint, 2.61, 1, 0.1, 0.05)).toBe(false);
    expect(overlapsFootprint(footprint, 2, 2.1, 0.05, 0)).toBe(false);
    const world = generateWorld(3, 'heldout');
    const footprints = world.furniture.map(furnitureFootprint);
    const onFloor = world.items.filter((i) => i.on === undefined);
    expect(onFloor.length).toBeGreaterThan(5);
    for (const { pose } of onFloor)
      expect(footprints.some((f) => overlapsFootprint(f, pose[0]!, pose[1]!, 0, 0.05))).toBe(false);
  });
});

const ROLLED_ON_SIDE = quaternion.compose(
  new Float64Array(4),
  [Math.SQRT1_2, 0, 0, Math.SQRT1_2],
  [0, 0, Math.sin(Math.PI / 6), Math.cos(Math.PI / 6)],
);

describe('physics', () => {
  it('items at rest stay at rest over 60 s of simulated time', async () => {
    const physics = await PhysicsWorld.create(generateWorld(1, 'train'));
    physics.step(1);
    const before = new Map(physics.itemIds().map((id) => [id, physics.itemPose(id)]));
    physics.step(60);
    for (const id of physics.itemIds()) {
      const a = before.get(id)!;
      const b = physics.itemPose(id);
      expect(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!), id).toBeLessThan(REST_DRIFT_M);
    }
    physics.free();
  });

  it('a dropped item falls to the floor', async () => {
    const world = generateWorld(4, 'train');
    const ball = world.items.find((i) => i.shape === 'sphere') ?? world.items[0]!;
    const physics = await PhysicsWorld.create({ ...world, items: [ball] });
    physics.setItemPose(ball.id, [3.5, 2.0, 1.0, 0, 0, 0, 1]);
    physics.step(0.1);
    expect(physics.itemPose(ball.id)[2]).toBeGreaterThan(0.9);
    physics.step(2);
    const z = physics.itemPose(ball.id)[2]!;
    expect(z).toBeLessThan(0.2);
    expect(z).toBeGreaterThan(0);
    physics.free();
  });

  it('a shelf holds what is put on each board, open at the front and closed at the back', async () => {
    const world = generateWorld(4, 'train');
    const shelf = world.furniture.find((f) => f.form === 'shelf' && f.category === 'bookshelf')!;
    const book = world.items.find((i) => i.shape === 'box')!;
    const physics = await PhysicsWorld.create({ ...world, items: [book] });
    // The front is −y in the shelf's frame: into the room, away from the wall behind it.
    const front = [Math.sin(shelf.yaw), -Math.cos(shelf.yaw)];
    const bottom = shelf.position[2] - shelf.size[2] / 2;
    for (const board of shelf.shelves!) {
      physics.setItemPose(book.id, [shelf.position[0], shelf.position[1], bottom + board + 0.1, 0, 0, 0, 1]);
      physics.step(1.5);
      expect(physics.itemPose(book.id)[2]! - book.dimensions[2]! / 2).toBeCloseTo(bottom + board, 2);
    }
    // Seen from before its front at the second board's height, the first thing in the way is the back panel.
    const rasterizer = new Rasterizer({ width: 64, height: 48, fx: 60, fy: 60, cx: 31.5, cy: 23.5 });
    const height = bottom + (shelf.shelves![1]! + shelf.shelves![2]!) / 2;
    const eye = [shelf.position[0] + front[0]! * 1.5, shelf.position[1] + front[1]! * 1.5, height];
    const frame = rasterizer.render(
      buildSceneMesh({ ...world, items: [] }),
      opticalPose(eye as [number, number, number], Math.atan2(-front[1]!, -front[0]!), 0),
      world.lighting,
    );
    expect(Math.abs(frame.depth[24 * 64 + 32]! - (1.5 + shelf.size[1] / 2 - 0.02))).toBeLessThan(0.01);
    physics.free();
  });

  it('a thin stick with its centre of mass off its middle lies still on the floor', async () => {
    // Rapier takes mass properties in the collider's (turned) frame: on the wrong axes a pencil tumbled into the floor.
    const world = generateWorld(1, 'train');
    const radius = 0.004;
    const pencil: WorldItem = {
      ...world.items[0]!,
      id: 'pencil_test',
      shape: 'capsule',
      dimensions: [radius, 0.17],
      mass: 0.007,
      centerOfMass: [0.001, -0.001, 0.02],
      // On its side, rolled 60° about its own axis.
      pose: [3.5, 2.0, radius + 0.002, ...ROLLED_ON_SIDE],
    };
    const physics = await PhysicsWorld.create({ ...world, furniture: [], items: [pencil] });
    let lowest = Infinity;
    for (let k = 0; k < 240; k++) {
      physics.step(1 / 120);
      lowest = Math.min(lowest, physics.itemPose(pencil.id)[2]!);
    }
    expect(lowest).toBeGreaterThan(radius - 0.0005);
    physics.free();
  });

  it('the base pushes an item it drives into', async () => {
    const world = generateWorld(1, 'train');
    const box = world.items.find((i) => i.category === 'remote control')!; // low and light: easy to push, easy to miss
    const physics = await PhysicsWorld.create({ ...world, furniture: [], items: [box] });
    physics.setItemPose(box.id, [2.5, 2.0, 0.1, 0, 0, 0, 1]);
    physics.step(5); // long enough for the item to fall asleep
    const startX = physics.itemPose(box.id)[0]!;
    physics.addRobotBase(0.215, 0.3, 1.5, 2.0, 0);
    for (let k = 0; k < 240; k++) {
      physics.moveRobot(1.0 / 240, 0, 0);
      physics.step(1 / 240);
    }
    expect(physics.itemPose(box.id)[0]! - startX).toBeGreaterThan(0.05);
    physics.free();
  });
});

describe('rendering', () => {
  const empty: World = { ...generateWorld(1, 'train'), furniture: [], items: [] };
  const intrinsics = { width: 160, height: 120, fx: 120, fy: 120, cx: 79.5, cy: 59.5 };

  it('depth at known geometry matches the ray-cast distance', () => {
    const rasterizer = new Rasterizer(intrinsics);
    const frame = rasterizer.render(buildSceneMesh(empty), opticalPose([3.5, 3, 1.2], 0, 0), empty.lighting);
    // A level camera looking along +x: every pixel on the far wall (x = 7) is 3.5 m away along z.
    expect(frame.depth[40 * 160 + 80]).toBeCloseTo(3.5, 3);
    expect(frame.depth[30 * 160 + 150]).toBeCloseTo(3.5, 3);
    // A floor pixel: the ray (u, v) reaches z = 0 after 1.2 / ((v − cy)/fy) along the axis.
    for (const [u, v] of [
      [80, 110],
      [20, 110],
      [140, 115],
    ] as const) {
      const expected = 1.2 / ((v - intrinsics.cy) / intrinsics.fy);
      expect(Math.abs(frame.depth[v * 160 + u]! - expected), `pixel ${u},${v}`).toBeLessThan(
        DEPTH_TOLERANCE_M * expected,
      );
    }
    expect(frame.instance[40 * 160 + 80]).toBe(1); // the room itself
  });

  it('renders items with their instance ids and encodes PNG', () => {
    const world = generateWorld(3, 'train');
    const frame = new Rasterizer(intrinsics).render(
      buildSceneMesh(world),
      opticalPose([0.8, 1.2, 1.3], 0.5, 0.5),
      world.lighting,
    );
    const firstItem = world.furniture.length + 2;
    expect([...new Set(frame.instance)].some((id) => id >= firstItem)).toBe(true);
    const png = encodePng(intrinsics.width, intrinsics.height, frame.rgb, 3);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(() => new Rasterizer({ ...intrinsics, width: 0 })).toThrow(/positive size/);
  });
});
