/**
 * Training data for perception: for each sample a fresh randomized world (split `train` or
 * `heldout`), settled by physics, seen from a random head-like camera pose with randomized
 * intrinsics and mounting error; RGB with image noise (PNG), depth with noise and dropout
 * (16-bit PNG, millimetres), instance masks (16-bit PNG, 0 = background, k = k-th item + 1),
 * and COCO JSON whose boxes come from the masks. Each image entry also records the camera
 * (K, map_T_optical) and the randomization draws. Seeds per split are disjoint.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/language/evaluation/random.ts';
import { PhysicsWorld } from '../physics/PhysicsWorld.ts';
import { opticalPose } from '../render/cameraPose.ts';
import { buildSceneMesh } from '../render/meshes.ts';
import { encodePng, uint16ToBigEndian } from '../render/png.ts';
import { Rasterizer } from '../render/Rasterizer.ts';
import { ITEM_CATEGORIES } from '../world/catalog.ts';
import { generateWorld } from '../world/generateWorld.ts';
import { RANDOMIZATION } from '../world/randomization.ts';

export const DATASET_SEEDS = { train: 1, heldout: 5_000_001 } as const;
const BASE_CAMERA = { width: 640, height: 480, fx: 554.3, fy: 554.3, cx: 319.5, cy: 239.5 };
const MIN_BOX_PIXELS = 20;

export interface ExportOptions {
  readonly split: 'train' | 'heldout';
  readonly count: number;
  readonly outDir: string;
  readonly width?: number;
  readonly height?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export const COCO_CATEGORIES = Object.keys(ITEM_CATEGORIES).map((name, k) => ({
  id: k + 1,
  name,
  supercategory: 'item',
}));

export async function exportDataset(
  options: ExportOptions,
): Promise<{ images: number; annotations: number }> {
  const config = RANDOMIZATION[options.split];
  const width = options.width ?? BASE_CAMERA.width;
  const height = options.height ?? BASE_CAMERA.height;
  for (const dir of ['rgb', 'depth', 'instances']) mkdirSync(join(options.outDir, dir), { recursive: true });
  const categoryId = new Map(COCO_CATEGORIES.map((c) => [c.name, c.id]));
  const images: object[] = [];
  const annotations: object[] = [];
  for (let index = 0; index < options.count; index++) {
    const seed = DATASET_SEEDS[options.split] + index;
    const random = new Random(seed * 31 + 7);
    const world = generateWorld(seed, options.split);
    const physics = await PhysicsWorld.create(world);
    physics.step(1);
    const poses = new Map(physics.itemIds().map((id) => [id, physics.itemPose(id)]));
    physics.free();
    const focal = random.range(config.cameraFocalScale[0], config.cameraFocalScale[1]);
    const intrinsics = {
      width,
      height,
      fx: BASE_CAMERA.fx * focal * (width / 640),
      fy: BASE_CAMERA.fy * focal * (width / 640),
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
    const frame = new Rasterizer(intrinsics).render(buildSceneMesh(world, poses), pose, world.lighting);
    // Image noise; depth noise (σ = a + b·z²) and dropout, all from the split's ranges.
    const imageNoise = random.range(config.imageNoiseStd[0], config.imageNoiseStd[1]);
    const rgb = Uint8Array.from(frame.rgb, (v) =>
      Math.max(0, Math.min(255, Math.round(v + imageNoise * random.gaussian()))),
    );
    const a = random.range(config.depthNoise.a[0], config.depthNoise.a[1]);
    const b = random.range(config.depthNoise.b[0], config.depthNoise.b[1]);
    const dropout = random.range(config.depthDropout[0], config.depthDropout[1]);
    const depthMm = new Uint16Array(width * height);
    for (let p = 0; p < depthMm.length; p++) {
      const z = frame.depth[p]!;
      if (z <= 0 || random.chance(dropout)) continue;
      depthMm[p] = Math.max(1, Math.min(65535, Math.round((z + (a + b * z * z) * random.gaussian()) * 1000)));
    }
    // Instance ids: the rasterizer's are 1 + (0 room, 1..F furniture, F+1.. items); masks keep items only.
    const firstItem = world.furniture.length + 2;
    const mask = new Uint16Array(width * height);
    const boxes = new Map<number, { minX: number; minY: number; maxX: number; maxY: number; area: number }>();
    for (let p = 0; p < mask.length; p++) {
      const id = frame.instance[p]!;
      if (id < firstItem) continue;
      const item = id - firstItem + 1;
      mask[p] = item;
      const x = p % width;
      const y = (p - x) / width;
      const box = boxes.get(item) ?? { minX: x, minY: y, maxX: x, maxY: y, area: 0 };
      box.minX = Math.min(box.minX, x);
      box.minY = Math.min(box.minY, y);
      box.maxX = Math.max(box.maxX, x);
      box.maxY = Math.max(box.maxY, y);
      box.area++;
      boxes.set(item, box);
    }
    const name = String(index).padStart(6, '0');
    writeFileSync(join(options.outDir, 'rgb', `${name}.png`), encodePng(width, height, rgb, 3));
    writeFileSync(
      join(options.outDir, 'depth', `${name}.png`),
      encodePng(width, height, uint16ToBigEndian(depthMm), 1, 16),
    );
    writeFileSync(
      join(options.outDir, 'instances', `${name}.png`),
      encodePng(width, height, uint16ToBigEndian(mask), 1, 16),
    );
    const imageId = index + 1;
    images.push({
      id: imageId,
      file_name: `rgb/${name}.png`,
      depth_file: `depth/${name}.png`,
      depth_scale_m: 0.001,
      instance_file: `instances/${name}.png`,
      width,
      height,
      camera: {
        k: [intrinsics.fx, 0, intrinsics.cx, 0, intrinsics.fy, intrinsics.cy, 0, 0, 1],
        map_T_optical: Array.from(pose),
      },
      randomization: {
        split: options.split,
        seed,
        focalScale: focal,
        imageNoiseStd: imageNoise,
        depthNoise: { a, b },
        depthDropout: dropout,
        lighting: world.lighting,
      },
    });
    for (const [item, box] of boxes) {
      if (box.area < MIN_BOX_PIXELS) continue;
      const worldItem = world.items[item - 1]!;
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: categoryId.get(worldItem.category)!,
        bbox: [box.minX, box.minY, box.maxX - box.minX + 1, box.maxY - box.minY + 1],
        area: box.area,
        iscrowd: 0,
        instance_id: item,
        item_id: worldItem.id,
        color: worldItem.colorName,
      });
    }
    options.onProgress?.(index + 1, options.count);
  }
  const coco = {
    info: { description: `katazuke simulated room, split ${options.split}`, version: '1' },
    images,
    annotations,
    categories: COCO_CATEGORIES,
  };
  writeFileSync(join(options.outDir, 'annotations.json'), JSON.stringify(coco));
  return { images: images.length, annotations: annotations.length };
}
