import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { sampleRgbdFrame } from '../../scripts/eval/harness/sampleRgbdFrame.ts';
import { renderSample } from '../../sim/dataset/renderSample.ts';
import { Detector } from '../../src/perception/Detector.ts';
import { CROP, CROP_VALUES, ItemCropBuilder, type RgbdFrame } from '../../src/perception/itemCrop.ts';
import { ItemClassifier } from '../../src/perception/ItemClassifier.ts';
import { DetectionScorer } from '../../src/perception/meanAveragePrecision.ts';

const model = (name: string) => fileURLToPath(new URL(`../../models/${name}`, import.meta.url));
const CROP_TWIN = fileURLToPath(new URL('../../models/classifier/item_crop.py', import.meta.url));
const plane = CROP * CROP;

/** 8×6 pixels, red = 10·u, green = 10·v, blue 7; depth 2 m except column 0 (no return). */
function smallFrame(mapFromOptical: number[]): RgbdFrame {
  const width = 8;
  const height = 6;
  const rgb = new Uint8Array(width * height * 3);
  const depthM = new Float32Array(width * height);
  for (let v = 0; v < height; v++)
    for (let u = 0; u < width; u++) {
      rgb.set([10 * u, 10 * v, 7], 3 * (v * width + u));
      depthM[v * width + u] = u === 0 ? 0 : 2;
    }
  const camera = { fx: 4, fy: 4, cx: 3.5, cy: 2.5 };
  return { width, height, rgb, step: width * 3, redOffset: 0, depthM, camera, mapFromOptical };
}

describe('item crops', () => {
  it('sample the grown box at the nearest pixel, with points relative to the middle in map axes', () => {
    // Optical z (forward) is map x, optical x (right) is map −y, optical y (down) is map −z.
    const frame = smallFrame([-0.5, 0.5, -0.5, 0.5]);
    const out = new Float32Array(CROP_VALUES + 2).fill(-9);
    new ItemCropBuilder().write(out, 1, frame, { x1: 0, y1: 0, x2: 8, y2: 6 });
    expect(out[0]).toBe(-9);
    expect(out[CROP_VALUES + 1]).toBe(-9);
    const at = (p: number, row: number, col: number) => out[1 + p * plane + row * CROP + col]!;
    // Box grown by 10 %: x from −0.8 to 8.8 in 24 steps; column 0 samples u = 0 (clamped), column
    // 12 samples floor(−0.8 + 12.5 · 0.4) = 4, column 23 samples u = 7 (clamped).
    expect(at(0, 0, 0)).toBeCloseTo(0);
    expect(at(0, 0, 12)).toBeCloseTo(40 / 255, 6);
    expect(at(0, 0, 23)).toBeCloseTo(70 / 255, 6);
    // Rows: y from −0.6 to 6.6; row 12 samples floor(−0.6 + 12.5 · 0.3) = 3.
    expect(at(1, 12, 5)).toBeCloseTo(30 / 255, 6);
    expect(at(2, 7, 7)).toBeCloseTo(7 / 255, 6);
    // No depth at u = 0: not valid and no point.
    expect(at(6, 3, 0)).toBe(0);
    expect(at(3, 3, 0)).toBe(0);
    expect(at(6, 3, 12)).toBe(1);
    // All points lie 2 m ahead (map x): relative map x is 0 everywhere.
    for (let k = 0; k < plane; k++) expect(out[1 + 3 * plane + k]).toBeCloseTo(0, 9);
    // Map y = −optical x = −(u − cx)/fx · d; the middle's mean over its sampled columns is the reference.
    const middleColumns = Array.from({ length: CROP / 2 }, (_, i) =>
      Math.max(0, Math.min(7, Math.floor(-0.8 + (CROP / 4 + i + 0.5) * 0.4))),
    );
    const meanY = middleColumns.reduce((a, u) => a - ((u - 3.5) / 4) * 2, 0) / middleColumns.length;
    expect(at(4, 12, 12)).toBeCloseTo((-((4 - 3.5) / 4) * 2 - meanY) * 5, 5);
    // Map z = −optical y.
    expect(at(5, 12, 12) - at(5, 0, 12)).toBeCloseTo((-(3 - 0) / 4) * 2 * 5, 5);
  });

  it('are the same in the training recipe (models/classifier/item_crop.py, numpy only)', () => {
    const rotation = [0.2, -0.4, 0.1, Math.sqrt(1 - 0.04 - 0.16 - 0.01)];
    const frame = smallFrame(rotation);
    const box = { x1: 1.3, y1: 0.7, x2: 6.2, y2: 4.9 };
    const out = new Float32Array(CROP_VALUES);
    new ItemCropBuilder().write(out, 0, frame, box);
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-crop-'));
    writeFileSync(join(dir, 'rgb.bin'), frame.rgb);
    writeFileSync(join(dir, 'depth.bin'), new Uint8Array(frame.depthM.buffer));
    const script = [
      'import sys, numpy as np',
      `sys.path.insert(0, ${JSON.stringify(join(CROP_TWIN, '..'))})`,
      'from item_crop import item_crop, rotation_matrix',
      `rgb = np.fromfile(${JSON.stringify(join(dir, 'rgb.bin'))}, np.uint8).reshape(6, 8, 3)`,
      `depth = np.fromfile(${JSON.stringify(join(dir, 'depth.bin'))}, np.float32).reshape(6, 8)`,
      `k = [4, 0, 3.5, 0, 4, 2.5, 0, 0, 1]`,
      `crop = item_crop(rgb, depth, k, rotation_matrix(${JSON.stringify(rotation)}), (${box.x1}, ${box.y1}, ${box.x2}, ${box.y2}))`,
      `crop.astype(np.float32).tofile(${JSON.stringify(join(dir, 'crop.bin'))})`,
    ].join('\n');
    execFileSync('/usr/bin/python3', ['-c', script]);
    const bytes = readFileSync(join(dir, 'crop.bin'));
    const python = Float32Array.from({ length: bytes.length / 4 }, (_, k) => bytes.readFloatLE(4 * k));
    expect(python).toHaveLength(CROP_VALUES);
    let worst = 0;
    for (let k = 0; k < CROP_VALUES; k++) worst = Math.max(worst, Math.abs(python[k]! - out[k]!));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('item classifier', () => {
  it('rejects a config naming no model, a weight outside [0, 1] and classes that are not the detector’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-classifier-'));
    const write = (name: string, config: object) => {
      writeFileSync(join(dir, name), JSON.stringify(config));
      return join(dir, name);
    };
    await expect(
      ItemClassifier.load(write('a.json', { classes: ['sock'], detectorWeight: 0.5 })),
    ).rejects.toThrow("'model' must be the path of an .onnx file");
    await expect(
      ItemClassifier.load(write('b.json', { model: 'x.onnx', classes: ['sock'], detectorWeight: 2 })),
    ).rejects.toThrow("'detectorWeight' must be a number in [0, 1], got 2");
    await expect(
      ItemClassifier.load(write('c.json', { model: 'missing.onnx', classes: ['sock'], detectorWeight: 0.5 })),
    ).rejects.toThrow('model file not found');
    const shipped = await ItemClassifier.load(model('katazuke_item_classifier.json'));
    expect(() => shipped.checkClasses({ classes: ['sock', 'towel'] })).toThrow(
      "item classifier classes (45: sock, towel, t-shirt…) are not the detector's (2: sock, towel…)",
    );
  });

  it('combines the detector’s hypotheses with its own probabilities as configured', async () => {
    const sample = await renderSample('heldout', 7_000_002, 320, 240);
    const detector = await Detector.load(model('katazuke_detector.json'));
    const image = { width: 320, height: 240, encoding: 'rgb8', step: 960, data: sample.rgb };
    const detections = await detector.detect(image);
    expect(detections.length).toBeGreaterThan(2);
    const frame = sampleRgbdFrame(sample);
    const classifier = await ItemClassifier.load(model('katazuke_item_classifier.json'));
    classifier.checkClasses(detector.config);
    // Its own probabilities, straight from the model.
    const crops = new Float32Array(detections.length * CROP_VALUES);
    const builder = new ItemCropBuilder();
    detections.forEach((d, i) => builder.write(crops, i * CROP_VALUES, frame, d));
    const output = await classifier.session.run({
      crops: new ort.Tensor('float32', crops, [detections.length, 7, CROP, CROP]),
    });
    const probabilities = output.probabilities!.data as Float32Array;
    const argmax = (i: number) => {
      let best = 0;
      for (let c = 1; c < 45; c++) if (probabilities[i * 45 + c]! > probabilities[i * 45 + best]!) best = c;
      return best;
    };
    // Weight 0: the classifier alone names each box; its score is the box's confidence times the
    // classifier's probability (no NMS merges here: the IoU threshold is 1).
    const config = { ...detector.config, iouThreshold: 1 };
    const weighted = async (detectorWeight: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'katazuke-weight-'));
      writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...classifier.config, detectorWeight }));
      return ItemClassifier.load(join(dir, 'c.json'));
    };
    const renamed = await (await weighted(0)).classify(detections, frame, config);
    expect(renamed).toHaveLength(detections.length);
    for (const r of renamed) {
      const i = detections.findIndex((d) => d.x1 === r.x1 && d.y1 === r.y1 && d.x2 === r.x2 && d.y2 === r.y2);
      const d = detections[i]!;
      const confidence = [d, ...(d.alternatives ?? [])].reduce((a, h) => a + h.score, 0);
      expect(r.classId).toBe(argmax(i));
      expect(r.score).toBeCloseTo(confidence * probabilities[i * 45 + r.classId]!, 5);
      for (const a of r.alternatives ?? [])
        expect(a.score).toBeGreaterThanOrEqual(config.hypothesisThreshold);
    }
    // Weight 1: the detector's own classes; each score is its own over the opinion's total, its
    // hypotheses (summing to 1) plus FLOOR = 0.01 for each class it did not list.
    const kept = await (await weighted(1)).classify(detections, frame, config);
    for (const d of detections) {
      const k = kept.find((r) => r.x1 === d.x1 && r.y1 === d.y1 && r.x2 === d.x2 && r.y2 === d.y2)!;
      const listed = 1 + (d.alternatives?.length ?? 0);
      expect(k.classId).toBe(d.classId);
      expect(k.score).toBeCloseTo(d.score / (1 + 0.01 * (45 - listed)), 6);
    }
  });

  it('names the items of heldout frames better than the detector alone (shipped models, mAP@0.5 floor)', async () => {
    const detector = await Detector.load(model('katazuke_detector.json'), { scoreThreshold: 0.05 });
    const classifier = await ItemClassifier.load(model('katazuke_item_classifier.json'));
    const rgb = new DetectionScorer();
    const rgbd = new DetectionScorer();
    for (let k = 0; k < 6; k++) {
      const sample = await renderSample('heldout', 7_000_001 + k, 320, 240);
      const detections = await detector.detect({
        width: 320,
        height: 240,
        encoding: 'rgb8',
        step: 960,
        data: sample.rgb,
      });
      const truths = sample.items.map(({ item, box }) => ({
        classId: detector.config.classes.indexOf(item.category),
        x1: box.minX,
        y1: box.minY,
        x2: box.maxX + 1,
        y2: box.maxY + 1,
      }));
      const frame = sampleRgbdFrame(sample);
      rgb.add(detections, truths);
      rgbd.add(await classifier.classify(detections, frame, detector.config), truths);
    }
    expect(rgbd.meanAveragePrecision(0.5)).toBeGreaterThan(0.5);
    expect(rgbd.meanAveragePrecision(0.5)).toBeGreaterThan(rgb.meanAveragePrecision(0.5));
  });
});
