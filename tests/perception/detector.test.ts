import jpeg from 'jpeg-js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allHypotheses, type Detection } from '../../src/perception/Detection.ts';
import { yoloDecoder } from '../../src/perception/decoders/yolo.ts';
import { Detector, readDetectorConfig } from '../../src/perception/Detector.ts';
import { ImageTensorizer } from '../../src/perception/ImageTensorizer.ts';
import { intersectionOverUnion, nonMaximumSuppression } from '../../src/perception/nms.ts';

const CONFIG = fileURLToPath(new URL('../../models/fastestdet.json', import.meta.url));
const PHOTOS = new URL('../../../shared/models/fastestdet/', import.meta.url);

function photo(name: string) {
  const image = jpeg.decode(readFileSync(new URL(name, PHOTOS)), { useTArray: true, formatAsRGBA: false });
  return {
    width: image.width,
    height: image.height,
    encoding: 'rgb8',
    step: image.width * 3,
    data: image.data,
  };
}

const box = (x1: number, y1: number, x2: number, y2: number): Detection => ({
  classId: 0,
  score: 1,
  x1,
  y1,
  x2,
  y2,
});

/** The best IoU of a detection of `className` with a box drawn by hand from looking at the photo. */
function bestMatch(detector: Detector, found: Detection[], className: string, expected: Detection): number {
  const id = detector.config.classes.indexOf(className);
  return Math.max(0, ...found.filter((d) => d.classId === id).map((d) => intersectionOverUnion(d, expected)));
}

describe('FastestDet on real photos (the third-party model in ../shared/models/fastestdet)', () => {
  it('finds the people in the living room, the bus, and the batter with his bat, where they are', async () => {
    const detector = await Detector.load(CONFIG);
    const livingRoom = await detector.detect(photo('2.jpg'));
    const person = detector.config.classes.indexOf('person');
    expect(livingRoom.filter((d) => d.classId === person)).toHaveLength(3);
    expect(bestMatch(detector, livingRoom, 'person', box(80, 90, 260, 475))).toBeGreaterThan(0.6);
    expect(bestMatch(detector, livingRoom, 'person', box(236, 60, 340, 375))).toBeGreaterThan(0.6);
    expect(bestMatch(detector, livingRoom, 'person', box(350, 50, 490, 430))).toBeGreaterThan(0.6);

    const street = await detector.detect(photo('1.jpg'));
    expect(street.map((d) => detector.config.classes[d.classId])).toContain('bus');
    expect(bestMatch(detector, street, 'bus', box(45, 80, 600, 425))).toBeGreaterThan(0.8);

    const baseball = await detector.detect(photo('0.jpg'));
    expect(bestMatch(detector, baseball, 'person', box(340, 200, 450, 420))).toBeGreaterThan(0.6);
    expect(bestMatch(detector, baseball, 'baseball bat', box(405, 183, 462, 230))).toBeGreaterThan(0.4);
  });

  it('rejects a bad config and an image it cannot read, naming what is wrong', async () => {
    expect(() => readDetectorConfig('/nonexistent/detector.json')).toThrow(/ENOENT/);
    const tensorizer = new ImageTensorizer(readDetectorConfig(CONFIG).input);
    expect(() =>
      tensorizer.load({ width: 4, height: 4, encoding: 'yuv422', step: 8, data: new Uint8Array(32) }),
    ).toThrow(/unsupported image encoding 'yuv422'/);
    expect(() =>
      tensorizer.load({ width: 4, height: 4, encoding: 'rgb8', step: 12, data: new Uint8Array(10) }),
    ).toThrow(/image data too short: 10 bytes/);
    expect(() =>
      tensorizer.load({ width: 0, height: 4, encoding: 'rgb8', step: 0, data: new Uint8Array(0) }),
    ).toThrow(/image has no pixels: 0×4/);
  });

  it('says which model file is missing or is not ONNX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-detector-'));
    const config = join(dir, 'detector.json');
    const write = (model: string) =>
      writeFileSync(
        config,
        JSON.stringify({
          ...JSON.parse(readFileSync(CONFIG, 'utf8')),
          model,
          classesFile: undefined,
          classes: ['a'],
        }),
      );
    write('missing.onnx');
    await expect(Detector.load(config)).rejects.toThrow(`model file not found: ${join(dir, 'missing.onnx')}`);
    writeFileSync(join(dir, 'notes.onnx'), 'this is not a model');
    write('notes.onnx');
    await expect(Detector.load(config)).rejects.toThrow(
      `${join(dir, 'notes.onnx')} is not a loadable ONNX model`,
    );
  });
});

describe('pre- and post-processing', () => {
  it('letterboxes keeping the aspect ratio and orders channels as asked', () => {
    const tensorizer = new ImageTensorizer({
      width: 4,
      height: 4,
      channelOrder: 'bgr',
      mean: [0, 0, 0],
      std: [1, 1, 1],
      letterbox: true,
    });
    const red = new Uint8Array(4 * 2 * 3);
    for (let i = 0; i < 8; i++) red[3 * i] = 255;
    const placement = tensorizer.load({ width: 4, height: 2, encoding: 'rgb8', step: 12, data: red });
    expect(placement).toEqual({ scaleX: 1, scaleY: 1, padX: 0, padY: 1 });
    const plane = 16;
    expect(tensorizer.input[2 * plane + 1 * 4 + 1]).toBeCloseTo(1, 6); // red lands in the third (R of BGR) plane
    expect(tensorizer.input[0 * plane + 1 * 4 + 1]).toBeCloseTo(0, 6);
    expect(tensorizer.input[0]).toBeCloseTo(114 / 255, 6); // padding row
  });

  it('halves an image to the mean of each 2×2 block, normalized, as bilinear sampling at pixel centres does', () => {
    const spec = {
      width: 2,
      height: 1,
      channelOrder: 'rgb',
      mean: [0.5, 0, 0],
      std: [0.5, 1, 1],
      letterbox: false,
    } as const;
    // 4 × 2 bgr8 with a row padding byte: blue 0, 30, 60, … by pixel, green 10, red 255.
    const step = 13;
    const data = new Uint8Array(step * 2);
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 4; x++) data.set([30 * (4 * y + x), 10, 255], y * step + 3 * x);
    const halved = new ImageTensorizer(spec);
    expect(halved.load({ width: 4, height: 2, encoding: 'bgr8', step, data })).toEqual({
      scaleX: 0.5,
      scaleY: 0.5,
      padX: 0,
      padY: 0,
    });
    expect(Array.from(halved.input)).toEqual(
      [1, 1, 10 / 255, 10 / 255, (0 + 30 + 120 + 150) / 4 / 255, (60 + 90 + 180 + 210) / 4 / 255].map(
        (v, k) => (k < 2 ? Math.fround((v - 0.5) / 0.5) : Math.fround(v)),
      ),
    );
  });

  it('decodes the YOLOv8 layout and suppresses overlaps within a class only', () => {
    // 1 × (4 + 2) × 3 anchors: two overlapping class-0 boxes and one class-1 box on top of them.
    const anchors = 3;
    const output = Float32Array.from([
      ...[50, 52, 50], // cx
      ...[50, 50, 50], // cy
      ...[20, 20, 20], // w
      ...[20, 20, 20], // h
      ...[0.9, 0.8, 0.1], // class 0
      ...[0.1, 0.1, 0.7], // class 1
    ]);
    const decoded = yoloDecoder(100, 100).decode(output, [1, 6, anchors], 0.5);
    expect(decoded.map((d) => d.classId)).toEqual([0, 0, 1]);
    expect(decoded[0]).toMatchObject({ x1: 0.4, y1: 0.4, x2: 0.6, y2: 0.6 });
    const kept = nonMaximumSuppression(decoded, 0.45);
    expect(kept.map((d) => [d.classId, d.score])).toEqual([
      [0, expect.closeTo(0.9, 6)],
      [1, expect.closeTo(0.7, 6)],
    ]);
    expect(() => yoloDecoder(100, 100).decode(output, [1, 6], 0.5)).toThrow(/1×\(4\+C\)×N, got 1×6/);
  });

  it('gives each box its runners-up classes above the threshold, best first, when asked', () => {
    // 1 × (4 + 4) × 2 anchors; anchor 0 scores 0.5, 0.1, 0.3, 0.2 and anchor 1 0.1, 0.6, 0.04, 0.02.
    const output = Float32Array.from([
      ...[50, 20],
      ...[50, 20],
      ...[20, 10],
      ...[20, 10],
      ...[0.5, 0.1],
      ...[0.1, 0.6],
      ...[0.3, 0.04],
      ...[0.2, 0.02],
    ]);
    const decoded = yoloDecoder(100, 100, 3, 0.05).decode(output, [1, 8, 2], 0.05);
    expect(decoded.map((d) => [d.classId, d.score, d.alternatives])).toEqual([
      [
        0,
        0.5,
        [
          { classId: 2, score: expect.closeTo(0.3, 6) },
          { classId: 3, score: expect.closeTo(0.2, 6) },
        ],
      ],
      [1, expect.closeTo(0.6, 6), [{ classId: 0, score: expect.closeTo(0.1, 6) }]],
    ]);
    expect(allHypotheses(decoded).map((d) => [d.classId, d.x1])).toEqual([
      [0, 0.4],
      [2, 0.4],
      [3, 0.4],
      [1, expect.closeTo(0.15, 9)],
      [0, expect.closeTo(0.15, 9)],
    ]);
    expect(yoloDecoder(100, 100).decode(output, [1, 8, 2], 0.05)[0]!.alternatives).toBeUndefined();
    // Runners-up have their own threshold: a confident box (≥ 0.4) still shows its doubts.
    expect(
      yoloDecoder(100, 100, 3, 0.15)
        .decode(output, [1, 8, 2], 0.4)
        .map((d) => d.alternatives),
    ).toEqual([
      [
        { classId: 2, score: expect.closeTo(0.3, 6) },
        { classId: 3, score: expect.closeTo(0.2, 6) },
      ],
      [],
    ]);
  });

  it('rejects a hypothesesPerBox that is not a positive integer, or one the decoder cannot give', () => {
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-detector-'));
    const config = join(dir, 'detector.json');
    const base = { ...JSON.parse(readFileSync(CONFIG, 'utf8')), classesFile: undefined, classes: ['a'] };
    writeFileSync(config, JSON.stringify({ ...base, hypothesesPerBox: 0 }));
    expect(() => readDetectorConfig(config)).toThrow(
      `${config}: 'hypothesesPerBox' must be a positive integer, got 0`,
    );
    writeFileSync(config, JSON.stringify({ ...base, decoder: 'fastestdet', hypothesesPerBox: 2 }));
    expect(() => readDetectorConfig(config)).toThrow(/'hypothesesPerBox' applies to the yolo decoder only/);
    writeFileSync(config, JSON.stringify({ ...base, decoder: 'yolo', hypothesisThreshold: 'low' }));
    expect(() => readDetectorConfig(config)).toThrow(
      /'hypothesisThreshold' must be a score in \[0, 1\], got "low"/,
    );
  });
});
