/**
 * Triangle meshes of the room for the rasterizer: flat arrays of triangles (9 floats each, map
 * frame), with an instance id (0 = room, furniture from 1, items after) and an sRGB colour per
 * triangle. Items are tessellated in their local frame and placed at their current pose; large
 * surfaces are tiled so near-plane clipping stays local.
 */
import { clothBoxesAt, clothShape } from '../world/clothFold.ts';
import { furnitureParts } from '../world/furnitureParts.ts';
import { PERSON } from '../world/person.ts';
import * as quaternion from '../../src/geometry/quaternion.ts';
import type { Rgb, World, WorldItem } from '../world/World.ts';

export interface TriangleSoup {
  positions: Float32Array;
  instances: Uint32Array;
  colors: Uint8Array;
  count: number;
}

class Builder {
  positions: number[] = [];
  instances: number[] = [];
  colors: number[] = [];

  triangle(
    a: readonly number[],
    b: readonly number[],
    c: readonly number[],
    instance: number,
    color: Rgb,
  ): void {
    this.positions.push(a[0]!, a[1]!, a[2]!, b[0]!, b[1]!, b[2]!, c[0]!, c[1]!, c[2]!);
    this.instances.push(instance);
    this.colors.push(color[0], color[1], color[2]);
  }

  quad(
    a: readonly number[],
    b: readonly number[],
    c: readonly number[],
    d: readonly number[],
    instance: number,
    color: Rgb,
  ): void {
    this.triangle(a, b, c, instance, color);
    this.triangle(a, c, d, instance, color);
  }

  build(): TriangleSoup {
    return {
      positions: Float32Array.from(this.positions),
      instances: Uint32Array.from(this.instances),
      colors: Uint8Array.from(this.colors),
      count: this.instances.length,
    };
  }
}

type Transform = (p: readonly [number, number, number]) => number[];

function poseTransform(pose: readonly number[]): Transform {
  const q = [pose[3]!, pose[4]!, pose[5]!, pose[6]!];
  const out = new Float64Array(3);
  return (p) => {
    quaternion.act(out, q, p);
    return [out[0]! + pose[0]!, out[1]! + pose[1]!, out[2]! + pose[2]!];
  };
}

/** An axis-aligned box (in its own frame) of half sizes h, outward-facing triangles. */
function box(
  builder: Builder,
  h: readonly [number, number, number],
  place: Transform,
  instance: number,
  color: Rgb,
): void {
  const [x, y, z] = h;
  const v = (sx: number, sy: number, sz: number) => place([sx * x, sy * y, sz * z]);
  builder.quad(v(-1, -1, 1), v(1, -1, 1), v(1, 1, 1), v(-1, 1, 1), instance, color);
  builder.quad(v(-1, -1, -1), v(-1, 1, -1), v(1, 1, -1), v(1, -1, -1), instance, color);
  builder.quad(v(1, -1, -1), v(1, 1, -1), v(1, 1, 1), v(1, -1, 1), instance, color);
  builder.quad(v(-1, -1, -1), v(-1, -1, 1), v(-1, 1, 1), v(-1, 1, -1), instance, color);
  builder.quad(v(-1, 1, -1), v(-1, 1, 1), v(1, 1, 1), v(1, 1, -1), instance, color);
  builder.quad(v(-1, -1, -1), v(1, -1, -1), v(1, -1, 1), v(-1, -1, 1), instance, color);
}

const SEGMENTS = 16;

function cylinder(
  builder: Builder,
  radius: number,
  halfHeight: number,
  place: Transform,
  instance: number,
  color: Rgb,
): void {
  for (let k = 0; k < SEGMENTS; k++) {
    const a0 = (2 * Math.PI * k) / SEGMENTS;
    const a1 = (2 * Math.PI * (k + 1)) / SEGMENTS;
    const p0 = [radius * Math.cos(a0), radius * Math.sin(a0)] as const;
    const p1 = [radius * Math.cos(a1), radius * Math.sin(a1)] as const;
    builder.quad(
      place([p0[0], p0[1], -halfHeight]),
      place([p1[0], p1[1], -halfHeight]),
      place([p1[0], p1[1], halfHeight]),
      place([p0[0], p0[1], halfHeight]),
      instance,
      color,
    );
    builder.triangle(
      place([0, 0, halfHeight]),
      place([p0[0], p0[1], halfHeight]),
      place([p1[0], p1[1], halfHeight]),
      instance,
      color,
    );
    builder.triangle(
      place([0, 0, -halfHeight]),
      place([p1[0], p1[1], -halfHeight]),
      place([p0[0], p0[1], -halfHeight]),
      instance,
      color,
    );
  }
}

/** A sphere of `radius`, its centre shifted by `offsetZ` along local z (for capsule caps). */
function sphere(
  builder: Builder,
  radius: number,
  place: Transform,
  instance: number,
  color: Rgb,
  offsetZ = 0,
  rings = 8,
): void {
  const point = (ring: number, k: number) => {
    const theta = (Math.PI * ring) / rings;
    const phi = (2 * Math.PI * k) / SEGMENTS;
    return place([
      radius * Math.sin(theta) * Math.cos(phi),
      radius * Math.sin(theta) * Math.sin(phi),
      offsetZ + radius * Math.cos(theta),
    ]);
  };
  for (let ring = 0; ring < rings; ring++) {
    for (let k = 0; k < SEGMENTS; k++)
      builder.quad(
        point(ring, k),
        point(ring + 1, k),
        point(ring + 1, k + 1),
        point(ring, k + 1),
        instance,
        color,
      );
  }
}

function itemMesh(builder: Builder, item: WorldItem, pose: readonly number[], instance: number): void {
  const place = poseTransform(pose);
  const d = item.dimensions;
  switch (item.shape) {
    case 'cloth':
      if (item.fold) {
        // The flaps' angles follow the pose where physics gives them (PhysicsWorld.itemShapePoses).
        const flapAngles: [number, number] = [pose[7] ?? 0, pose[8] ?? 0];
        for (const part of clothBoxesAt(clothShape(d, item.fold), flapAngles))
          box(builder, part.box.halfExtents, (p) => place(part.place(p)), instance, item.color);
        return;
      }
      box(builder, [d[0]! / 2, d[1]! / 2, d[2]! / 2], place, instance, item.color);
      return;
    case 'box':
      box(builder, [d[0]! / 2, d[1]! / 2, d[2]! / 2], place, instance, item.color);
      return;
    case 'cylinder':
      cylinder(builder, d[0]!, d[1]! / 2, place, instance, item.color);
      return;
    case 'sphere':
      sphere(builder, d[0]!, place, instance, item.color);
      return;
    case 'capsule':
      cylinder(builder, d[0]!, d[1]! / 2, place, instance, item.color);
      sphere(builder, d[0]!, place, instance, item.color, d[1]! / 2, 6);
      sphere(builder, d[0]!, place, instance, item.color, -d[1]! / 2, 6);
      return;
  }
}

const TILE_M = 0.5;

/** The room, furniture and items (at `itemPoses`, default their initial poses). Instance ids: 0 room, 1.. furniture, then items in order. */
export function buildSceneMesh(
  world: World,
  itemPoses?: ReadonlyMap<string, ArrayLike<number>>,
  /** People as [x, y] on the floor: an upright body of PERSON's size, after the items' instance ids. */
  people: ReadonlyArray<ArrayLike<number>> = [],
): TriangleSoup {
  const builder = new Builder();
  const { width, depth, wallHeight } = world.room;
  for (let x = 0; x < width; x += TILE_M) {
    for (let y = 0; y < depth; y += TILE_M) {
      const x1 = Math.min(width, x + TILE_M);
      const y1 = Math.min(depth, y + TILE_M);
      builder.quad([x, y, 0], [x1, y, 0], [x1, y1, 0], [x, y1, 0], 0, world.floorColor);
    }
  }
  const wall = (from: [number, number], to: [number, number]) => {
    const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
    const steps = Math.ceil(length / TILE_M);
    for (let k = 0; k < steps; k++) {
      const a = k / steps;
      const b = (k + 1) / steps;
      const p = (t: number): [number, number] => [
        from[0] + t * (to[0] - from[0]),
        from[1] + t * (to[1] - from[1]),
      ];
      for (let z = 0; z < wallHeight; z += TILE_M) {
        const z1 = Math.min(wallHeight, z + TILE_M);
        builder.quad([...p(a), z], [...p(b), z], [...p(b), z1], [...p(a), z1], 0, world.wallColor);
      }
    }
  };
  wall([0, 0], [width, 0]);
  wall([width, 0], [width, depth]);
  wall([width, depth], [0, depth]);
  wall([0, depth], [0, 0]);
  world.furniture.forEach((furniture, k) => {
    const [x, y, z] = furniture.position;
    const c = Math.cos(furniture.yaw);
    const s = Math.sin(furniture.yaw);
    const at =
      ([lx, ly, lz]: readonly number[]): Transform =>
      (p) => [
        x + c * (p[0] + lx!) - s * (p[1] + ly!),
        y + s * (p[0] + lx!) + c * (p[1] + ly!),
        p[2] + z + lz!,
      ];
    for (const { center, halfExtents } of furnitureParts(furniture))
      box(builder, halfExtents, at(center), k + 1, furniture.color);
  });
  const firstItem = world.furniture.length + 1;
  world.items.forEach((item, k) =>
    itemMesh(
      builder,
      item,
      itemPoses?.get(item.id) ? Array.from(itemPoses.get(item.id)!) : item.pose,
      firstItem + k,
    ),
  );
  const firstPerson = firstItem + world.items.length;
  people.forEach((person, k) => {
    const [x, y] = [person[0]!, person[1]!];
    const r = PERSON.radiusM * 0.8;
    box(
      builder,
      [r, r * 0.6, PERSON.heightM / 2],
      (p) => [x + p[0], y + p[1], p[2] + PERSON.heightM / 2],
      firstPerson + k,
      PERSON.color,
    );
  });
  return builder.build();
}
