/**
 * The detector's second stage on RGB-D cameras: names each detected box again from its colour and
 * the sensor's 3D points (itemCrop.ts), which carry the item's size in metres that the detector's
 * 2D view lacks. The two opinions are combined per box as
 *   p(c) ∝ detector(c)^w · classifier(c)^(1 − w),
 * the detector's opinion being its published hypotheses (scores over their sum; FLOOR for classes
 * it did not list). The box keeps the detector's confidence (the sum of its hypotheses' scores);
 * its classes become the combined best and runners-up, and class-aware NMS runs again, since boxes
 * renamed alike may now overlap. Config: a JSON with the ONNX model, its classes (the detector's,
 * in its order) and `detectorWeight` w.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ClassScore, Detection } from './Detection.ts';
import type { DetectorConfig } from './Detector.ts';
import { CROP, CROP_PLANES, CROP_VALUES, ItemCropBuilder, type RgbdFrame } from './itemCrop.ts';
import { nonMaximumSuppression } from './nms.ts';
import { openOnnxModel, type ExecutionProvider } from './onnxSession.ts';

/** The detector's probability for a class it did not list among a box's hypotheses. */
const FLOOR = 0.01;

export interface ItemClassifierConfig {
  readonly model: string;
  readonly classes: readonly string[];
  readonly detectorWeight: number;
}

export function readItemClassifierConfig(path: string): ItemClassifierConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new Error(`${path}: ${what}`);
  };
  if (typeof raw.model !== 'string') fail("'model' must be the path of an .onnx file");
  if (
    !Array.isArray(raw.classes) ||
    raw.classes.length === 0 ||
    !raw.classes.every((c) => typeof c === 'string')
  )
    fail("'classes' must be a non-empty list of names");
  const weight = raw.detectorWeight;
  if (!(typeof weight === 'number' && weight >= 0 && weight <= 1))
    fail(`'detectorWeight' must be a number in [0, 1], got ${JSON.stringify(weight)}`);
  return {
    model: resolve(dirname(path), raw.model as string),
    classes: raw.classes as string[],
    detectorWeight: weight as number,
  };
}

export class ItemClassifier {
  readonly #crops = new ItemCropBuilder();
  #input = new Float32Array(0);
  readonly #combined: Float64Array;
  /** The last `classify`: crops, inference, combining and NMS. */
  timings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };

  private constructor(
    readonly config: ItemClassifierConfig,
    readonly session: ort.InferenceSession,
  ) {
    this.#combined = new Float64Array(config.classes.length);
  }

  static async load(
    path: string,
    options: { executionProvider?: ExecutionProvider } = {},
  ): Promise<ItemClassifier> {
    const config = readItemClassifierConfig(path);
    // One thread: its few boxes gain nothing from more, and an idle thread pool of its own would
    // spin between frames against the detector's (which then ran at 20 ms instead of 12).
    const session = await openOnnxModel(config.model, options.executionProvider, { threads: 1 });
    return new ItemClassifier(config, session);
  }

  /** Throws unless this classifier names the detector's classes in the detector's order. */
  checkClasses(detector: Pick<DetectorConfig, 'classes'>): void {
    const mine = this.config.classes;
    const theirs = detector.classes;
    const differ = mine.length !== theirs.length || mine.some((c, i) => c !== theirs[i]);
    if (differ)
      throw new Error(
        `item classifier classes (${mine.length}: ${mine.slice(0, 3).join(', ')}…) are not the detector's (${theirs.length}: ${theirs.slice(0, 3).join(', ')}…)`,
      );
  }

  /** The detections renamed by both opinions (boxes unchanged), after class-aware NMS. */
  async classify(
    detections: readonly Detection[],
    frame: RgbdFrame,
    detector: Pick<DetectorConfig, 'hypothesesPerBox' | 'hypothesisThreshold' | 'iouThreshold'>,
  ): Promise<Detection[]> {
    const t0 = performance.now();
    if (detections.length === 0) {
      this.timings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };
      return [];
    }
    const n = detections.length;
    if (this.#input.length < n * CROP_VALUES) this.#input = new Float32Array(n * CROP_VALUES);
    detections.forEach((d, i) => this.#crops.write(this.#input, i * CROP_VALUES, frame, d));
    const crops = new ort.Tensor('float32', this.#input.subarray(0, n * CROP_VALUES), [
      n,
      CROP_PLANES,
      CROP,
      CROP,
    ]);
    const t1 = performance.now();
    const output = await this.session.run({ [this.session.inputNames[0]!]: crops });
    const probabilities = output[this.session.outputNames[0]!]!.data as Float32Array;
    const t2 = performance.now();
    const classes = this.config.classes.length;
    if (probabilities.length !== n * classes)
      throw new Error(
        `item classifier returned ${probabilities.length} values for ${n} boxes of ${classes} classes`,
      );
    const renamed = detections.map((d, i) =>
      this.#combine(d, probabilities.subarray(i * classes, (i + 1) * classes), detector),
    );
    const kept = nonMaximumSuppression(renamed, detector.iouThreshold);
    this.timings = { preprocessMs: t1 - t0, inferenceMs: t2 - t1, postprocessMs: performance.now() - t2 };
    return kept;
  }

  #combine(
    detection: Detection,
    classifier: Float32Array,
    detector: Pick<DetectorConfig, 'hypothesesPerBox' | 'hypothesisThreshold'>,
  ): Detection {
    const w = this.config.detectorWeight;
    const listed: readonly ClassScore[] = [detection, ...(detection.alternatives ?? [])];
    let confidence = 0;
    for (const h of listed) confidence += h.score;
    const q = this.#combined;
    q.fill(FLOOR ** w);
    for (const h of listed) q[h.classId] = (h.score / confidence) ** w;
    let total = 0;
    for (let c = 0; c < q.length; c++) {
      q[c]! *= classifier[c]! ** (1 - w);
      total += q[c]!;
    }
    const ranked = topClasses(q, detector.hypothesesPerBox);
    const score = (c: number) => (confidence * q[c]!) / total;
    const best = ranked[0]!;
    const alternatives = ranked
      .slice(1)
      .filter((c) => score(c) >= detector.hypothesisThreshold)
      .map((c) => ({ classId: c, score: score(c) }));
    const { x1, y1, x2, y2 } = detection;
    return {
      x1,
      y1,
      x2,
      y2,
      classId: best,
      score: score(best),
      ...(alternatives.length ? { alternatives } : {}),
    };
  }
}

/** Indices of the k largest values, largest first. */
function topClasses(values: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let c = 0; c < values.length; c++) {
    let at = top.length;
    while (at > 0 && values[c]! > values[top[at - 1]!]!) at--;
    if (at < k) {
      top.splice(at, 0, c);
      if (top.length > k) top.pop();
    }
  }
  return top;
}
