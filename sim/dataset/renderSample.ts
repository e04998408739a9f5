/**
 * One perception sample: a fresh randomized world (split `train` or `heldout`) settled by physics,
 * seen from a random head-like camera pose with randomized intrinsics and mounting error. Gives
 * RGB with image noise, sensor depth with noise (σ = a + b·z²) and dropout, the clean rendered
 * depth, per-pixel item masks and, per visible item, its box from the mask and its true pose.
 * Deterministic for (split, seed, size).
 */
import { Random } from '../../src/common/random.ts';
import { PhysicsWorld } from '../physics/PhysicsWorld.ts';
import { opticalPose } from '../render/cameraPose.ts';
import { buildSceneMesh } from '../render/meshes.ts';
import { Rasterizer } from '../render/Rasterizer.ts';
import type { WorldItem } from '../world/World.ts';
import { generateWorld } from '../world/generateWorld.ts';
import { RANDOMIZATION } from '../world/randomization.ts';

const BASE_CAMERA = { width: 640, height: 480, fx: 554.3, fy: 554.3 };
/** Items covering fewer pixels than this get no box: too little of them is visible to name. */
export const MIN_BOX_PIXELS = 20;

export interface SampleItem {
  /** Value of this item's pixels in `instance` (1-based). */
  readonly instance: number;
  readonly item: WorldItem;
  /** Settled pose [x, y, z, qx, qy, qz, qw] in the map frame. */
  readonly pose: Float64Array;
  /** Box from the mask, inclusive pixel bounds. */
  readonly box: {
    readonly minX: number;
    readonly minY: number;
    readonly maxX: number;
    readonly maxY: number;
  };
  readonly pixels: number;
}

export interface Sample {
  readonly split: 'train' | 'heldout';
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  /** fx, fy, cx, cy in pixels. */
  readonly intrinsics: { readonly fx: number; readonly fy: number; readonly cx: number; readonly cy: number };
  /** map_T_optical [x, y, z, qx, qy, qz, qw]. */
  readonly pose: Float64Array;
  readonly rgb: Uint8Array;
  /** Sensor depth in millimetres, 0 where the sensor returned nothing. */
  readonly sensorDepthMm: Uint16Array;
  /** Rendered depth in metres without noise or dropout, 0 where nothing was hit. */
  readonly trueDepthM: Float32Array;
  /** Per pixel: 0 = not an item, k = the world's item k − 1. */
  readonly instance: Uint16Array;
  /** Items with at least MIN_BOX_PIXELS visible pixels. */
  readonly items: readonly SampleItem[];
  readonly randomization: object;
}

export async function renderSample(
  split: 'train' | 'heldout',
  seed: number,
  width = BASE_CAMERA.width,
  height = BASE_CAMERA.height,
): Promise<Sample> {
  const config = RANDOMIZATION[split];
  const random = new Random(seed * 31 + 7);
  const world = generateWorld(seed, split);
  const physics = await PhysicsWorld.create(world);
  physics.step(1);
  const poses = physics.itemShapePoses();
  physics.free();
  const focal = random.range(config.cameraFocalScale[0], config.cameraFocalScale[1]);
  const intrinsics = {
    fx: BASE_CAMERA.fx * focal * (width / BASE_CAMERA.width),
    fy: BASE_CAMERA.fy * focal * (width / BASE_CAMERA.width),
    cx: (width - 1) / 2,
    cy: (height - 1) / 2,
  };
  const mount = (config.mountingErrorDeg * Math.PI) / 180;
  const position: [number, number, number] = [
    random.range(0.8, world.room.width - 0.8),
    random.range(0.8, world.room.depth - 0.8),
    random.range(0.9, 1.3) + random.range(-config.mountingErrorM, config.mountingErrorM),
  ];
  const yaw = random.range(-Math.PI, Math.PI) + random.range(-mount, mount);
  const pitch = random.range(0.35, 0.9) + random.range(-mount, mount);
  const pose = opticalPose(position, yaw, pitch);
  const frame = new Rasterizer({ width, height, ...intrinsics }).render(
    buildSceneMesh(world, poses),
    pose,
    world.lighting,
  );
  const imageNoise = random.range(config.imageNoiseStd[0], config.imageNoiseStd[1]);
  const rgb = Uint8Array.from(frame.rgb, (v) =>
    Math.max(0, Math.min(255, Math.round(v + imageNoise * random.gaussian()))),
  );
  const a = random.range(config.depthNoise.a[0], config.depthNoise.a[1]);
  const b = random.range(config.depthNoise.b[0], config.depthNoise.b[1]);
  const dropout = random.range(config.depthDropout[0], config.depthDropout[1]);
  const sensorDepthMm = new Uint16Array(width * height);
  for (let p = 0; p < sensorDepthMm.length; p++) {
    const z = frame.depth[p]!;
    if (z <= 0 || random.chance(dropout)) continue;
    sensorDepthMm[p] = Math.max(
      1,
      Math.min(65535, Math.round((z + (a + b * z * z) * random.gaussian()) * 1000)),
    );
  }
  // The rasterizer's ids are 1 + (0 room, 1..F furniture, F+1.. items); the mask keeps items only.
  const firstItem = world.furniture.length + 2;
  const instance = new Uint16Array(width * height);
  const boxes = new Map<number, { minX: number; minY: number; maxX: number; maxY: number; pixels: number }>();
  for (let p = 0; p < instance.length; p++) {
    const id = frame.instance[p]!;
    if (id < firstItem) continue;
    const k = id - firstItem + 1;
    instance[p] = k;
    const x = p % width;
    const y = (p - x) / width;
    const box = boxes.get(k);
    if (!box) {
      boxes.set(k, { minX: x, minY: y, maxX: x, maxY: y, pixels: 1 });
      continue;
    }
    box.minX = Math.min(box.minX, x);
    box.minY = Math.min(box.minY, y);
    box.maxX = Math.max(box.maxX, x);
    box.maxY = Math.max(box.maxY, y);
    box.pixels++;
  }
  const items: SampleItem[] = [];
  for (const [k, { pixels, ...box }] of boxes) {
    if (pixels < MIN_BOX_PIXELS) continue;
    const item = world.items[k - 1]!;
    items.push({ instance: k, item, pose: poses.get(item.id)!, box, pixels });
  }
  return {
    split,
    seed,
    width,
    height,
    intrinsics,
    pose,
    rgb,
    sensorDepthMm,
    trueDepthM: frame.depth,
    instance,
    items,
    randomization: {
      split,
      seed,
      focalScale: focal,
      imageNoiseStd: imageNoise,
      depthNoise: { a, b },
      depthDropout: dropout,
      lighting: world.lighting,
    },
  };
}
