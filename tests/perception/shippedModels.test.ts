/**
 * The models committed in models/ load and still work: on a small fixed set of heldout frames
 * (seeds 7,000,001…, apart from the training, validation and evaluation seeds) our detector finds
 * most items, its int8 version keeps what the float one is sure of, and our depth network gets
 * most pixels within 25 %. The floors sit well below the
 * figures eval:perception prints, so they catch a broken model or pipeline, not small drifts.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSample } from '../../sim/dataset/renderSample.ts';
import { DepthEstimator } from '../../src/perception/DepthEstimator.ts';
import { Detector } from '../../src/perception/Detector.ts';
import { DetectionScorer } from '../../src/perception/meanAveragePrecision.ts';
import { intersectionOverUnion } from '../../src/perception/nms.ts';

const TEST_SEEDS = 7_000_001;
const FRAMES = 6;
const model = (name: string) => fileURLToPath(new URL(`../../models/${name}`, import.meta.url));
const samples = await Promise.all(
  Array.from({ length: FRAMES }, (_, k) => renderSample('heldout', TEST_SEEDS + k, 320, 240)),
);
const image = (rgb: Uint8Array) => ({ width: 320, height: 240, encoding: 'rgb8', step: 960, data: rgb });

describe('shipped models', () => {
  it('katazuke_detector finds the items of heldout frames (class-agnostic AP@0.5 floor)', async () => {
    const detector = await Detector.load(model('katazuke_detector.json'), { scoreThreshold: 0.05 });
    expect(detector.config.classes).toHaveLength(45);
    const scorer = new DetectionScorer();
    for (const sample of samples) {
      const found = await detector.detect(image(sample.rgb));
      scorer.add(
        found.map((d) => ({ ...d, classId: 0 })),
        sample.items.map(({ box }) => ({
          classId: 0,
          x1: box.minX,
          y1: box.minY,
          x2: box.maxX + 1,
          y2: box.maxY + 1,
        })),
      );
    }
    expect(scorer.meanAveragePrecision(0.5)).toBeGreaterThan(0.5);
  });

  it('the int8 katazuke_detector keeps the confident boxes of the float model it was quantized from', async () => {
    const int8 = await Detector.load(model('katazuke_detector.json'));
    const float = await Detector.load(model('katazuke_detector_float.json'));
    let confident = 0;
    let kept = 0;
    for (const sample of samples) {
      const quantized = await int8.detect(image(sample.rgb));
      for (const d of await float.detect(image(sample.rgb))) {
        if (d.score < 0.5) continue;
        confident++;
        if (quantized.some((q) => q.classId === d.classId && intersectionOverUnion(q, d) > 0.8)) kept++;
      }
    }
    expect(confident).toBeGreaterThan(5);
    expect(kept / confident).toBeGreaterThan(0.9);
  });

  it('katazuke_depth estimates metric depth on heldout frames (δ<1.25 floor)', async () => {
    const estimator = await DepthEstimator.load(model('katazuke_depth.json'));
    let within = 0;
    let pixels = 0;
    for (const sample of samples) {
      const depth = await estimator.estimate(image(sample.rgb));
      expect(depth).toHaveLength(320 * 240);
      for (let p = 0; p < depth.length; p++) {
        const truth = sample.trueDepthM[p]!;
        if (!(truth > 0)) continue;
        pixels++;
        if (Math.max(depth[p]! / truth, truth / depth[p]!) < 1.25) within++;
      }
    }
    expect(within / pixels).toBeGreaterThan(0.5);
  });
});
