import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COCO_CATEGORIES, exportDataset } from '../../sim/dataset/exportDataset.ts';
import { decodePng } from '../../sim/render/png.ts';
import { CLI_ENTRY } from '../../src/runtime/launch/Launcher.ts';

describe('dataset export', () => {
  it('writes valid COCO JSON whose boxes match the instance masks', async () => {
    const out = temporaryDir();
    const result = await exportDataset({ split: 'train', count: 2, outDir: out, width: 160, height: 120 });
    const coco = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8'));
    expect(coco.images).toHaveLength(2);
    expect(coco.annotations.length).toBe(result.annotations);
    expect(coco.annotations.length).toBeGreaterThan(0);
    expect(coco.categories.length).toBe(COCO_CATEGORIES.length);
    const categoryIds = new Set(coco.categories.map((c: { id: number }) => c.id));
    for (const image of coco.images) {
      const mask = decodePng(readFileSync(join(out, image.instance_file)));
      expect([mask.width, mask.height, mask.bitDepth]).toEqual([160, 120, 16]);
      const ids = new Uint16Array(mask.width * mask.height);
      for (let p = 0; p < ids.length; p++) ids[p] = (mask.data[2 * p]! << 8) | mask.data[2 * p + 1]!;
      for (const annotation of coco.annotations.filter(
        (a: { image_id: number }) => a.image_id === image.id,
      )) {
        expect(categoryIds.has(annotation.category_id)).toBe(true);
        const [x, y, w, h] = annotation.bbox as [number, number, number, number];
        let count = 0;
        let minX = Infinity,
          minY = Infinity,
          maxX = -Infinity,
          maxY = -Infinity;
        for (let p = 0; p < ids.length; p++) {
          if (ids[p] !== annotation.instance_id) continue;
          const px = p % mask.width;
          const py = Math.floor(p / mask.width);
          count++;
          minX = Math.min(minX, px);
          minY = Math.min(minY, py);
          maxX = Math.max(maxX, px);
          maxY = Math.max(maxY, py);
        }
        expect(count).toBe(annotation.area);
        expect([minX, minY, maxX - minX + 1, maxY - minY + 1]).toEqual([x, y, w, h]);
      }
      const rgb = decodePng(readFileSync(join(out, image.file_name)));
      expect(rgb.channels).toBe(3);
      expect(image.camera.k).toHaveLength(9);
      expect(image.randomization.split).toBe('train');
    }
  });

  it('sim dataset --first-seed renders the same images as that part of a longer export', async () => {
    const whole = temporaryDir();
    await exportDataset({ split: 'train', count: 3, outDir: whole, width: 80, height: 60 });
    const { dir: part } = simDataset(['--n', '1', '--first-seed', '3']);
    expect(readFileSync(join(part, 'rgb/000000.png'))).toEqual(readFileSync(join(whole, 'rgb/000002.png')));
    const coco = JSON.parse(readFileSync(join(part, 'annotations.json'), 'utf8'));
    expect(coco.images[0].randomization.seed).toBe(3);
  });

  it('sim dataset --jobs renders in several processes and writes the same export as one', async () => {
    const single = temporaryDir();
    await exportDataset({ split: 'heldout', count: 3, outDir: single, width: 80, height: 60 });
    const { dir: parallel, stderr } = simDataset(['--split', 'heldout', '--n', '3', '--jobs', '2']);
    expect(stderr).toContain('3/3 images');
    expect(readFileSync(join(parallel, 'annotations.json'), 'utf8')).toBe(
      readFileSync(join(single, 'annotations.json'), 'utf8'),
    );
    for (const file of ['rgb/000002.png', 'depth/000001.png', 'instances/000000.png'])
      expect(readFileSync(join(parallel, file))).toEqual(readFileSync(join(single, file)));
    expect(readdirSync(parallel).sort()).toEqual(['annotations.json', 'depth', 'instances', 'rgb']);
  });

  it('sim dataset rejects a first seed or job count that is not a positive integer, naming it', () => {
    const seed = katazuke(['sim', 'dataset', '--n', '1', '--first-seed', '0', '--out', tmpdir()]);
    expect(seed.status).not.toBe(0);
    expect(seed.stderr).toContain("--first-seed must be a positive integer, got '0'");
    const jobs = katazuke(['sim', 'dataset', '--n', '1', '--jobs', 'many', '--out', tmpdir()]);
    expect(jobs.status).not.toBe(0);
    expect(jobs.stderr).toContain("--jobs must be a positive integer, got 'many'");
  });
});

function katazuke(args: string[]) {
  return spawnSync(process.execPath, [CLI_ENTRY, ...args], { encoding: 'utf8' });
}

const temporaryDir = () => mkdtempSync(join(tmpdir(), 'katazuke-dataset-'));

/** `katazuke sim dataset` at 80×60 into a new folder; it must succeed. */
function simDataset(args: string[]): { dir: string; stderr: string } {
  const dir = temporaryDir();
  const run = katazuke(['sim', 'dataset', ...args, '--out', dir, '--width', '80', '--height', '60']);
  expect(run.status, run.stderr).toBe(0);
  return { dir, stderr: run.stderr };
}
