/**
 * The same export as `exportDataset`, rendered by several processes: each renders a contiguous
 * run of seeds into its own folder (`katazuke sim dataset --first-seed`), then the runs are joined
 * in seed order, files renamed and ids renumbered, so the result is the single-process export,
 * byte for byte. Rendering is CPU-bound and single-threaded per process, so this scales with cores.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY } from '../../src/runtime/launch/Launcher.ts';
import { DATASET_SEEDS, type ExportOptions } from './exportDataset.ts';

interface CocoImage {
  id: number;
  file_name: string;
  depth_file: string;
  instance_file: string;
}
interface CocoAnnotation {
  id: number;
  image_id: number;
}
interface Coco {
  info: unknown;
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: unknown;
}

const FILE_KEYS = [
  ['file_name', 'rgb'],
  ['depth_file', 'depth'],
  ['instance_file', 'instances'],
] as const;

export async function exportDatasetParallel(
  options: ExportOptions & { readonly jobs: number },
): Promise<{ images: number; annotations: number }> {
  if (!(Number.isInteger(options.jobs) && options.jobs >= 1))
    throw new Error(`jobs must be a positive integer, got ${options.jobs}`);
  const firstSeed = options.firstSeed ?? DATASET_SEEDS[options.split];
  const jobs = Math.min(options.jobs, options.count);
  const done = new Array<number>(jobs).fill(0);
  const shards = Array.from({ length: jobs }, (_, k) => {
    const start = Math.floor((k * options.count) / jobs);
    const count = Math.floor(((k + 1) * options.count) / jobs) - start;
    return { dir: join(options.outDir, `.shard-${k}`), firstSeed: firstSeed + start, count };
  });
  await Promise.all(
    shards.map((shard, k) =>
      renderShard(options, shard, (n) => {
        done[k] = n;
        options.onProgress?.(
          done.reduce((a, b) => a + b, 0),
          options.count,
        );
      }),
    ),
  );
  for (const [, dir] of FILE_KEYS) mkdirSync(join(options.outDir, dir), { recursive: true });
  let merged: Coco | undefined;
  for (const shard of shards) {
    const coco = JSON.parse(readFileSync(join(shard.dir, 'annotations.json'), 'utf8')) as Coco;
    merged ??= { info: coco.info, images: [], annotations: [], categories: coco.categories };
    const imageIds = new Map<number, number>();
    for (const image of coco.images) {
      const name = `${String(merged.images.length).padStart(6, '0')}.png`;
      for (const [key, dir] of FILE_KEYS) {
        renameSync(join(shard.dir, image[key]), join(options.outDir, dir, name));
        image[key] = `${dir}/${name}`;
      }
      imageIds.set(image.id, merged.images.length + 1);
      image.id = merged.images.length + 1;
      merged.images.push(image);
    }
    for (const annotation of coco.annotations) {
      annotation.image_id = imageIds.get(annotation.image_id)!;
      annotation.id = merged.annotations.length + 1;
      merged.annotations.push(annotation);
    }
    rmSync(shard.dir, { recursive: true });
  }
  writeFileSync(join(options.outDir, 'annotations.json'), JSON.stringify(merged));
  return { images: merged!.images.length, annotations: merged!.annotations.length };
}

function renderShard(
  options: ExportOptions,
  shard: { dir: string; firstSeed: number; count: number },
  onProgress: (done: number) => void,
): Promise<void> {
  const args = ['sim', 'dataset', '--split', options.split, '--first-seed', String(shard.firstSeed)];
  args.push('--n', String(shard.count), '--out', shard.dir);
  if (options.width) args.push('--width', String(options.width));
  if (options.height) args.push('--height', String(options.height));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      // The CLI reports "  done/total images" lines.
      const progress = /(\d+)\/\d+ images\s*$/.exec(stderr);
      if (progress) onProgress(Number(progress[1]));
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `rendering seeds ${shard.firstSeed}…${shard.firstSeed + shard.count - 1} failed (exit ${code}): ${stderr.slice(-500)}`,
            ),
          ),
    );
  });
}
