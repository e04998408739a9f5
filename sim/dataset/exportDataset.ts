/**
 * Training data for perception on disk: `renderSample` per seed, written as RGB PNG, depth as a
 * 16-bit PNG in millimetres (the noisy sensor's), instance masks (16-bit PNG, 0 = background,
 * k = the world's item k − 1), and COCO JSON whose boxes come from the masks. Each image entry
 * also records the camera (K, map_T_optical) and the randomization draws.
 * Seed ranges keep the sets apart: training data starts at DATASET_SEEDS[split]; evaluation
 * sets pass their own `firstSeed` (scripts/eval/perception.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, uint16ToBigEndian } from '../render/png.ts';
import { ITEM_CATEGORIES } from '../world/catalog.ts';
import { renderSample } from './renderSample.ts';

/** First seed of the training (`train`) and validation (`heldout`) exports. */
export const DATASET_SEEDS = { train: 1, heldout: 5_000_001 } as const;

export interface ExportOptions {
  readonly split: 'train' | 'heldout';
  readonly count: number;
  readonly outDir: string;
  readonly width?: number;
  readonly height?: number;
  /** Seed of the first sample; DATASET_SEEDS[split] unless given. */
  readonly firstSeed?: number;
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
  for (const dir of ['rgb', 'depth', 'instances']) mkdirSync(join(options.outDir, dir), { recursive: true });
  const categoryId = new Map(COCO_CATEGORIES.map((c) => [c.name, c.id]));
  const images: object[] = [];
  const annotations: object[] = [];
  for (let index = 0; index < options.count; index++) {
    const seed = (options.firstSeed ?? DATASET_SEEDS[options.split]) + index;
    const sample = await renderSample(options.split, seed, options.width, options.height);
    const { width, height, intrinsics } = sample;
    const name = String(index).padStart(6, '0');
    writeFileSync(join(options.outDir, 'rgb', `${name}.png`), encodePng(width, height, sample.rgb, 3));
    writeFileSync(
      join(options.outDir, 'depth', `${name}.png`),
      encodePng(width, height, uint16ToBigEndian(sample.sensorDepthMm), 1, 16),
    );
    writeFileSync(
      join(options.outDir, 'instances', `${name}.png`),
      encodePng(width, height, uint16ToBigEndian(sample.instance), 1, 16),
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
        map_T_optical: Array.from(sample.pose),
      },
      randomization: sample.randomization,
    });
    for (const { instance, item, box, pixels } of sample.items) {
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: categoryId.get(item.category)!,
        bbox: [box.minX, box.minY, box.maxX - box.minX + 1, box.maxY - box.minY + 1],
        area: pixels,
        iscrowd: 0,
        instance_id: instance,
        item_id: item.id,
        color: item.colorName,
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
