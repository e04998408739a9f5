/**
 * A randomized living room from a seed: the same seed and split always give the same world.
 * Furniture stands along the walls at jittered places; items are scattered on the free floor
 * (non-overlapping footprints) and some on furniture tops; colours, sizes, masses, friction and
 * lighting are drawn from the split's `RandomizationConfig`.
 */
import * as quaternion from '../../src/geometry/quaternion.ts';
import { Random } from '../../src/common/random.ts';
import { COLOR_RGB, FURNITURE_KINDS, ITEM_CATEGORIES, type ItemCategory } from './catalog.ts';
import { RANDOMIZATION } from './randomization.ts';
import type { Rgb, World, WorldFurniture, WorldItem } from './World.ts';
import { drawClothFold } from './clothFold.ts';
import { furnitureFootprint, overlapsFootprint } from './furnitureFootprint.ts';

const ROOM = { width: 7, depth: 6, wallHeight: 2.5 };

/** Furniture layout: kind, nominal centre (x, y) and yaw — against the walls. */
const LAYOUT: ReadonlyArray<readonly [string, number, number, number]> = [
  ['sofa', 3.5, 5.5, Math.PI],
  ['low table', 3.5, 4.2, 0],
  ['tv stand', 3.5, 0.25, 0],
  ['bookshelf', 6.8, 4.5, -Math.PI / 2],
  ['toy box', 0.35, 4.5, Math.PI / 2],
  ['laundry basket', 6.7, 1.2, -Math.PI / 2],
  ['shoe rack', 0.2, 0.6, Math.PI / 2],
  ['desk', 6.65, 2.8, -Math.PI / 2],
  ['chair', 6.0, 2.8, Math.PI / 2],
  ['trash can', 1.4, 5.8, 0],
  ['recycling bin', 1.85, 5.8, 0],
  ['kitchen counter', 1.0, 2.75, Math.PI / 2],
  ['cabinet', 5.4, 0.22, 0],
  ['coat hook', 0.18, 1.45, Math.PI / 2],
  ['door', 0.03, 0.6, Math.PI / 2],
  ['window', 3.5, 5.98, 0],
  ['window', 6.98, 1.2, Math.PI / 2],
];

function jitterColor(name: string, random: Random, range: readonly [number, number]): Rgb {
  const base = COLOR_RGB[name] ?? [128, 128, 128];
  return base.map((c) =>
    Math.max(0, Math.min(255, Math.round(c * random.range(range[0], range[1])))),
  ) as unknown as Rgb;
}

/** Footprint half-extents (x, y) of an item lying with its pose, for overlap checks. */
function footprintRadius(shape: ItemCategory['shape'], dims: readonly number[]): number {
  switch (shape) {
    case 'box':
    case 'cloth':
      return Math.hypot(dims[0]!, dims[1]!) / 2;
    case 'cylinder':
    case 'sphere':
      return dims[0]!;
    case 'capsule':
      return dims[1]! / 2 + dims[0]!;
  }
}

function restingHeight(shape: ItemCategory['shape'], dims: readonly number[]): number {
  switch (shape) {
    case 'box':
    case 'cloth':
      return dims[2]! / 2;
    case 'cylinder':
      return dims[1]! / 2;
    case 'sphere':
    case 'capsule':
      return dims[0]!;
  }
}

export function generateWorld(
  seed: number,
  split: 'train' | 'heldout' = 'train',
  options: { itemCount?: number } = {},
): World {
  const config = RANDOMIZATION[split];
  const random = new Random(seed * 2 + (split === 'heldout' ? 1 : 0));
  const furniture: WorldFurniture[] = LAYOUT.map(([category, x, y, yaw]) => {
    const kind = FURNITURE_KINDS[category]!;
    return {
      id: category.replace(/ /g, '_'),
      category,
      color: jitterColor(random.pick(kind.colors), random, config.colorJitter),
      position:
        category === 'window' || category === 'door'
          ? [x, y, category === 'window' ? 1.4 : kind.size[2] / 2]
          : [x + random.range(-0.1, 0.1), y + random.range(-0.1, 0.1), kind.size[2] / 2],
      yaw,
      size: kind.size,
      form: kind.form,
      ...(kind.shelves ? { shelves: kind.shelves } : {}),
    };
  });
  const footprints = furniture.map(furnitureFootprint);
  const surfaces = furniture.filter(
    (f) =>
      f.form === 'solid' && f.size[2] < 1 && ['low table', 'sofa', 'desk', 'tv stand'].includes(f.category),
  );
  const categories = Object.keys(ITEM_CATEGORIES);
  const count = options.itemCount ?? random.int(config.itemCount[0], config.itemCount[1] + 1);
  const items: WorldItem[] = [];
  const placed: Array<{ x: number; y: number; r: number }> = [];
  const counts = new Map<string, number>();
  for (let attempt = 0; items.length < count && attempt < count * 50; attempt++) {
    const category = random.pick(categories);
    const spec = ITEM_CATEGORIES[category]!;
    const scale = random.range(config.objectScale[0], config.objectScale[1]);
    const dims = spec.size.map(([lo, hi]) => random.range(lo, hi) * scale);
    const r = footprintRadius(spec.shape, dims);
    const yaw = random.range(-Math.PI, Math.PI);
    let x: number, y: number, z: number;
    let on: string | undefined;
    if (random.chance(0.2) && r < 0.2) {
      const surface = random.pick(surfaces);
      const fp = footprints[furniture.indexOf(surface)]!;
      x = fp.x + random.range(-fp.hx + r, fp.hx - r);
      y = fp.y + random.range(-fp.hy + r, fp.hy - r);
      z = surface.size[2] + restingHeight(spec.shape, dims) + 0.002;
      on = surface.id;
    } else {
      x = random.range(0.3 + r, ROOM.width - 0.3 - r);
      y = random.range(0.3 + r, ROOM.depth - 0.3 - r);
      z = restingHeight(spec.shape, dims) + 0.002;
      if (footprints.some((f) => overlapsFootprint(f, x, y, r, 0.05))) continue;
    }
    if (placed.some((p) => Math.hypot(p.x - x, p.y - y) < p.r + r + 0.02)) continue;
    placed.push({ x, y, r });
    // Capsules lie on their side (axis along x before yaw); other shapes stand on their base.
    const q = quaternion.fromYaw(new Float64Array(4), yaw);
    if (spec.shape === 'capsule')
      quaternion.compose(q, q, [Math.sin(Math.PI / 4), 0, 0, Math.cos(Math.PI / 4)]);
    const colorName = random.pick(spec.colors);
    const index = (counts.get(category) ?? 0) + 1;
    counts.set(category, index);
    items.push({
      id: `${category.replace(/ /g, '_')}_${index}`,
      category,
      colorName,
      color: jitterColor(colorName, random, config.colorJitter),
      shape: spec.shape,
      dimensions: dims,
      mass: random.range(spec.mass[0], spec.mass[1]) * random.range(config.massScale[0], config.massScale[1]),
      friction:
        random.range(spec.friction[0], spec.friction[1]) *
        random.range(config.friction[0], config.friction[1]),
      tools: spec.tools,
      home: spec.home.furniture,
      pose: [x, y, z, q[0]!, q[1]!, q[2]!, q[3]!],
      ...(on ? { on } : {}),
      // Drawn from a stream of its own, so the rest of the world is what it was before folds.
      ...(spec.shape === 'cloth'
        ? {
            fold: drawClothFold(
              dims,
              new Random(seed * 1009 + items.length * 7919 + (split === 'heldout' ? 1 : 0)),
            ),
          }
        : {}),
    });
  }
  const elevation = (random.range(config.lightElevationDeg[0], config.lightElevationDeg[1]) * Math.PI) / 180;
  // Daylight falls in through one of the windows (from outside, towards the room).
  const window = random.pick(furniture.filter((f) => f.category === 'window'));
  const azimuth =
    Math.atan2(window.position[1] - ROOM.depth / 2, window.position[0] - ROOM.width / 2) +
    random.range(-0.3, 0.3);
  const tint = random.range(config.lightTint[0], config.lightTint[1]);
  return {
    seed,
    split,
    room: ROOM,
    floorColor: random.pick(config.floorColors),
    wallColor: random.pick(config.wallColors),
    furniture,
    items,
    lighting: {
      direction: [
        Math.cos(elevation) * Math.cos(azimuth),
        Math.cos(elevation) * Math.sin(azimuth),
        Math.sin(elevation),
      ],
      intensity: random.range(config.lightIntensity[0], config.lightIntensity[1]),
      tint: [tint, 1, 2 - tint],
      ambient: random.range(config.ambient[0], config.ambient[1]),
    },
  };
}
