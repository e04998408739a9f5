/**
 * npm run eval:perception [-- --n 500] [--figure docs/perception_heldout.png]
 *
 * Fixed evaluation sets rendered by the sim at the models' 320x240: `heldout` seeds
 * 9,000,001… (the wider randomization the models never trained on) and `train`-distribution
 * seeds 8,000,001… (the training distribution, worlds not trained on), so the sim-to-"reality"
 * gap is visible. Neither range overlaps the training (1…) or validation (5,000,001…) exports,
 * and neither is used for training, tuning or model selection.
 *
 * Reports the detector's mAP@0.5 and mAP@0.5:0.95 (overall, by distance, and per class on heldout; for each box's
 * best class, and for all the class hypotheses the detector publishes per box) as the head camera
 * runs it — with the item classifier naming the boxes from colour and sensor depth (RGB-D) — and
 * alone, as the ceiling's RGB cameras run it; the estimated depth's AbsRel, RMSE and δ<1.25
 * against the rendered (noise-free) depth, scaled by the floor as the depth_estimator node does
 * with the camera's pose, and the network's alone; and the error of object centroids in the map
 * frame: detected boxes (IoU ≥ 0.5 with an item) placed with the sensor's depth (the head camera
 * as deployed), with the estimated depth (scaled by the floor), and ground-truth boxes
 * with sensor depth (the localizer alone). Next to the detector's mAP it prints the catalog's
 * ceiling (sim/world/categoryPosterior.ts): some categories overlap in shape, size and colour,
 * so not even a perfect observer names every item right; and that ceiling for an observer who
 * measures size and colour with error (MEASUREMENT_ERRORS_M), as a sensor does.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sampleRgbdFrame } from './harness/sampleRgbdFrame.ts';
import { renderSample, type Sample } from '../../sim/dataset/renderSample.ts';
import {
  CATEGORY_NAMES,
  categoryPosterior,
  type MeasurementNoise,
  type ObservedItem,
} from './harness/categoryPosterior.ts';
import { furnitureFootprint, overlapsFootprint } from '../../sim/world/furnitureFootprint.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { RANDOMIZATION, type RandomizationConfig } from '../../sim/world/randomization.ts';
import { encodePng } from '../../sim/render/png.ts';
import { Random } from '../../src/common/random.ts';
import { allHypotheses, type Detection } from '../../src/perception/Detection.ts';
import { DepthEstimator } from '../../src/perception/DepthEstimator.ts';
import { Detector } from '../../src/perception/Detector.ts';
import { FloorDepthAligner } from '../../src/perception/FloorDepthAligner.ts';
import { ItemClassifier } from '../../src/perception/ItemClassifier.ts';
import { DepthLocalizer, type PixelBox } from '../../src/perception/localizeObject.ts';
import { DetectionScorer, type Box } from '../../src/perception/meanAveragePrecision.ts';
import { intersectionOverUnion } from '../../src/perception/nms.ts';
import { percentile, table } from '../bench/stats.ts';

const EVALUATION_SEEDS = { heldout: 9_000_001, train: 8_000_001 } as const;
const WIDTH = 320;
/** The base's radius in sim/robot/hsr.urdf; the head camera stands above the base. */
const ROBOT_BASE_RADIUS_M = 0.215;
const HEIGHT = 240;
const DETECTOR = fileURLToPath(new URL('../../models/katazuke_detector.json', import.meta.url));
const CLASSIFIER = fileURLToPath(new URL('../../models/katazuke_item_classifier.json', import.meta.url));
const DEPTH = fileURLToPath(new URL('../../models/katazuke_depth.json', import.meta.url));
/** Low, so that mAP sees the whole precision-recall curve. */
const EVALUATION_SCORE_THRESHOLD = 0.05;
const FIGURE_CANDIDATES = 50;
/**
 * Size errors (m, per dimension) of the measuring observers whose ceilings are reported, 0 the
 * exact one; their colour error is COLOR_ERROR of each channel. The head camera's depth has 2–5 mm
 * of noise near and 1–2.5 cm at 2 m on heldout (sim/world/randomization.ts).
 */
const MEASUREMENT_ERRORS_M = [0, 0.005, 0.01, 0.02];
const COLOR_ERROR = 0.1;
/**
 * Bounds of the distance bands the RGB-D mAP is also reported in (m, the sensor's depth at a box's
 * middle): the depth's noise grows with the square of the distance, and the robot names an item
 * again from up close before it grasps it.
 */
const DISTANCE_BANDS_M = [1, 2];

const { values } = parseArgs({
  options: { n: { type: 'string', default: '500' }, figure: { type: 'string' } },
});
const count = Number(values.n);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`--n must be a positive integer, got '${values.n}'`);

const detector = await Detector.load(DETECTOR, { scoreThreshold: EVALUATION_SCORE_THRESHOLD });
const classifier = await ItemClassifier.load(CLASSIFIER);
classifier.checkClasses(detector.config);
const depthNet = await DepthEstimator.load(DEPTH);
const classes = detector.config.classes;
const HYPOTHESES = detector.config.hypothesesPerBox;

interface SplitResult {
  /** Each box's best class (RGB-D: detector and item classifier). */
  readonly scorer: DetectionScorer;
  /** Each box's class hypotheses (best and runners-up), each scored as a detection. */
  readonly hypotheses: DetectionScorer;
  /** The same two for the detector alone (RGB). */
  readonly rgbScorer: DetectionScorer;
  /** RGB-D on the frames whose camera the robot could hold (reachableView). */
  readonly reachable: { scorer: DetectionScorer; hypotheses: DetectionScorer; ceiling: DetectionScorer };
  readonly rgbHypotheses: DetectionScorer;
  /**
   * The catalog's ceilings, per MEASUREMENT_ERRORS_M: true boxes named by the Bayes posterior from
   * true shape and size and colour as measured — the best class alone, and all classes.
   */
  readonly ceilings: { best: DetectionScorer; all: DetectionScorer }[];
  /** RGB-D, each box's best class, per distance band (DISTANCE_BANDS_M), with its items. */
  readonly byDistance: { scorer: DetectionScorer; items: number }[];
  /** The depth network's output as is, and scaled by the floor (the depth_estimator node with tf). */
  readonly depth: { network: DepthScore; floor: DepthScore; floorReachable: DepthScore };
  /** Frames whose camera stands where the robot could (clear of furniture). */
  readonly reachableFrames: number;
  /** Frames with too little floor in view to scale by (published at the network's scale). */
  readonly unalignedFrames: number;
  /** Centroid errors (m) per way of placing objects. */
  readonly errors: Record<'detectedSensor' | 'detectedEstimated' | 'truthSensor', number[]>;
}

async function evaluate(split: 'heldout' | 'train'): Promise<SplitResult> {
  const scorer = new DetectionScorer();
  const hypotheses = new DetectionScorer();
  const rgbScorer = new DetectionScorer();
  const rgbHypotheses = new DetectionScorer();
  const ceilings = MEASUREMENT_ERRORS_M.map(() => ({
    best: new DetectionScorer(),
    all: new DetectionScorer(),
  }));
  const byDistance = [0, ...DISTANCE_BANDS_M].map(() => ({ scorer: new DetectionScorer(), items: 0 }));
  const reachable = {
    scorer: new DetectionScorer(),
    hypotheses: new DetectionScorer(),
    ceiling: new DetectionScorer(),
  };
  const localizer = new DepthLocalizer();
  const errors: SplitResult['errors'] = { detectedSensor: [], detectedEstimated: [], truthSensor: [] };
  let figure: { sample: Sample; detections: Detection[]; truths: Box[] } | undefined;
  const depth = { network: new DepthScore(), floor: new DepthScore(), floorReachable: new DepthScore() };
  let reachableFrames = 0;
  const aligner = new FloorDepthAligner();
  let unalignedFrames = 0;
  for (let k = 0; k < count; k++) {
    const sample = await renderSample(split, EVALUATION_SEEDS[split] + k, WIDTH, HEIGHT);
    const image = { width: WIDTH, height: HEIGHT, encoding: 'rgb8', step: WIDTH * 3, data: sample.rgb };
    const rgbDetections = await detector.detect(image);
    const frame = sampleRgbdFrame(sample);
    const sensorMetres = frame.depthM;
    const detections = await classifier.classify(rgbDetections, frame, detector.config);
    const truths: Box[] = sample.items.map(({ item, box }) => ({
      classId: classes.indexOf(item.category),
      x1: box.minX,
      y1: box.minY,
      x2: box.maxX + 1,
      y2: box.maxY + 1,
    }));
    const noise = new Random(EVALUATION_SEEDS[split] + k);
    const [exactGuesses, ...measuredGuesses] = MEASUREMENT_ERRORS_M.map((sizeError) =>
      bayesGuesses(sample, truths, RANDOMIZATION[split], noise, {
        dimensionsM: sizeError,
        colorFraction: COLOR_ERROR,
      }),
    );
    [exactGuesses!, ...measuredGuesses].forEach((guesses, j) => {
      ceilings[j]!.all.add(guesses, truths);
      ceilings[j]!.best.add(bestPerBox(guesses), truths);
    });
    const bandOf = (box: Box) => {
      const metres = boxDepth(box, frame.depthM, WIDTH, HEIGHT);
      const band = DISTANCE_BANDS_M.findIndex((bound) => metres < bound);
      return band < 0 ? DISTANCE_BANDS_M.length : band;
    };
    const truthBands = truths.map(bandOf);
    const detectionBands = detections.map(bandOf);
    byDistance.forEach((band, b) => {
      const bandTruths = truths.filter((_, i) => truthBands[i] === b);
      band.scorer.add(
        detections.filter((_, i) => detectionBands[i] === b),
        bandTruths,
      );
      band.items += bandTruths.length;
    });
    const allFrames = { scorer, hypotheses, ceiling: ceilings[0]!.all };
    const reachableFrame = reachableView(sample);
    for (const set of reachableFrame ? [allFrames, reachable] : [allFrames]) {
      set.scorer.add(detections, truths);
      set.hypotheses.add(allHypotheses(detections), truths);
      set.ceiling.add(exactGuesses!, truths);
    }
    rgbScorer.add(rgbDetections, truths);
    rgbHypotheses.add(allHypotheses(rgbDetections), truths);
    const estimated = await depthNet.estimate(image);
    depth.network.add(estimated, sample.trueDepthM);
    if (!aligner.align(estimated, WIDTH, HEIGHT, sample.intrinsics, sample.pose)) unalignedFrames++;
    depth.floor.add(estimated, sample.trueDepthM);
    if (reachableFrame) {
      depth.floorReachable.add(estimated, sample.trueDepthM);
      reachableFrames++;
    }
    const place = (box: PixelBox, depth: Float32Array, centre: Float64Array) => {
      const estimate = localizer.localize(box, depth, WIDTH, HEIGHT, sample.intrinsics, sample.pose);
      return estimate ? Math.hypot(...[0, 1, 2].map((a) => estimate.centroid[a]! - centre[a]!)) : undefined;
    };
    sample.items.forEach(({ pose }, i) => {
      const truth = truths[i]!;
      const matched = bestMatch(truth, detections);
      const results = {
        truthSensor: place(truth, sensorMetres, pose),
        detectedSensor: matched && place(matched, sensorMetres, pose),
        detectedEstimated: matched && place(matched, estimated, pose),
      };
      for (const [key, error] of Object.entries(results))
        if (error !== undefined) errors[key as keyof typeof results].push(error);
    });
    // The figure: the busiest of the first heldout frames.
    if (split === 'heldout' && k < FIGURE_CANDIDATES && truths.length > (figure?.truths.length ?? -1))
      figure = { sample, detections, truths };
    if ((k + 1) % 50 === 0 || k + 1 === count) console.log(`  ${split}: ${k + 1}/${count} images`);
  }
  if (figure && values.figure) writeFigure(values.figure, figure.sample, figure.detections, figure.truths);
  return {
    scorer,
    hypotheses,
    rgbScorer,
    rgbHypotheses,
    reachable,
    ceilings,
    byDistance,
    depth,
    unalignedFrames,
    reachableFrames,
    errors,
  };
}

/**
 * Whether the sample's camera stands where the robot's base could: the dataset's camera poses are
 * drawn anywhere in the room, and about one in five stands over furniture, some inside it, seeing a
 * surface a few centimetres away.
 */
function reachableView(sample: Sample): boolean {
  const world = generateWorld(sample.seed, sample.split);
  return !world.furniture.some((f) =>
    overlapsFootprint(furnitureFootprint(f), sample.pose[0]!, sample.pose[1]!, ROBOT_BASE_RADIUS_M, 0),
  );
}

/** Estimated depth against the rendered depth, over the pixels where something was hit. */
class DepthScore {
  #absRel = 0;
  #squared = 0;
  #within = 0;
  #pixels = 0;

  add(estimated: Float32Array, truth: Float32Array): void {
    for (let p = 0; p < truth.length; p++) {
      const t = truth[p]!;
      if (!(t > 0)) continue;
      const e = estimated[p]!;
      this.#absRel += Math.abs(e - t) / t;
      this.#squared += (e - t) ** 2;
      if (Math.max(e / t, t / e) < 1.25) this.#within++;
      this.#pixels++;
    }
  }

  get absRel(): number {
    return this.#absRel / this.#pixels;
  }
  get rmse(): number {
    return Math.sqrt(this.#squared / this.#pixels);
  }
  get delta1(): number {
    return this.#within / this.#pixels;
  }
}

/**
 * Every class with its posterior for each item's true box, from the item's true shape and its
 * size and colour as measured with `error` (exact where the size error is 0).
 */
function bayesGuesses(
  sample: Sample,
  truths: readonly Box[],
  config: RandomizationConfig,
  random: Random,
  error: MeasurementNoise,
): Detection[] {
  return sample.items.flatMap(({ item }, i) => {
    const measured: ObservedItem =
      error.dimensionsM === 0
        ? item
        : {
            shape: item.shape,
            dimensions: item.dimensions.map((d) => d + error.dimensionsM * random.gaussian()),
            color: item.color.map((c) => c * (1 + error.colorFraction * random.gaussian())),
          };
    const posterior = categoryPosterior(measured, config, error.dimensionsM === 0 ? undefined : error);
    return [...posterior].flatMap((score, c) =>
      score > 0 ? [{ ...truths[i]!, classId: classes.indexOf(CATEGORY_NAMES[c]!), score }] : [],
    );
  });
}

/**
 * The median of the sensor's known depths (m) in the middle third of the box; Infinity when it
 * knows none there.
 */
function boxDepth(box: Box, depthM: Float32Array, width: number, height: number): number {
  const known: number[] = [];
  const w = box.x2 - box.x1;
  const h = box.y2 - box.y1;
  const [u0, u1] = [box.x1 + w / 3, box.x2 - w / 3].map((u) =>
    Math.min(width - 1, Math.max(0, Math.floor(u))),
  );
  const [v0, v1] = [box.y1 + h / 3, box.y2 - h / 3].map((v) =>
    Math.min(height - 1, Math.max(0, Math.floor(v))),
  );
  for (let v = v0!; v <= v1!; v++)
    for (let u = u0!; u <= u1!; u++) {
      const d = depthM[v * width + u]!;
      if (d > 0) known.push(d);
    }
  if (known.length === 0) return Infinity;
  known.sort((a, b) => a - b);
  return known[known.length >> 1]!;
}

/** Of detections sharing a box, the highest-scoring one. */
function bestPerBox(detections: readonly Detection[]): Detection[] {
  const best = new Map<string, Detection>();
  for (const d of detections) {
    const key = `${d.x1},${d.y1},${d.x2},${d.y2}`;
    if (!(d.score <= (best.get(key)?.score ?? -1))) best.set(key, d);
  }
  return [...best.values()];
}

/** The detection overlapping `truth` most, if it reaches IoU 0.5 (any class: placing, not naming). */
function bestMatch(truth: Box, detections: readonly Detection[]): Detection | undefined {
  let best: Detection | undefined;
  let bestIou = 0.5;
  for (const d of detections) {
    const iou = intersectionOverUnion(truth as Detection, d);
    if (iou >= bestIou) {
      best = d;
      bestIou = iou;
    }
  }
  return best;
}

/** A frame at twice its size: ground truth in white, detections ≥ 0.3 green when the class is right, red when not. */
function writeFigure(
  path: string,
  sample: Sample,
  detections: readonly Detection[],
  truths: readonly Box[],
): void {
  const scale = 2;
  const w = WIDTH * scale;
  const h = HEIGHT * scale;
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const from = (Math.floor(y / scale) * WIDTH + Math.floor(x / scale)) * 3;
      rgb.set(sample.rgb.subarray(from, from + 3), (y * w + x) * 3);
    }
  const rectangle = (box: Box | Detection, colour: readonly number[], inset: number) => {
    const x1 = Math.round(box.x1 * scale) - inset;
    const y1 = Math.round(box.y1 * scale) - inset;
    const x2 = Math.round(box.x2 * scale) + inset;
    const y2 = Math.round(box.y2 * scale) + inset;
    const put = (x: number, y: number) => {
      if (x >= 0 && y >= 0 && x < w && y < h) rgb.set(colour, (y * w + x) * 3);
    };
    for (let x = x1; x <= x2; x++) [y1, y2].forEach((y) => put(x, y));
    for (let y = y1; y <= y2; y++) [x1, x2].forEach((x) => put(x, y));
  };
  for (const truth of truths) rectangle(truth, [255, 255, 255], 2);
  for (const d of detections) {
    if (d.score < 0.3) continue;
    const right = truths.some(
      (t) => t.classId === d.classId && intersectionOverUnion(t as Detection, d) >= 0.5,
    );
    rectangle(d, right ? [0, 200, 0] : [230, 0, 0], 0);
  }
  writeFileSync(path, encodePng(w, h, rgb, 3));
  console.log(`  wrote ${path}`);
}

const heldout = await evaluate('heldout');
const train = await evaluate('train');
const stats = (errors: number[]) => {
  const sorted = Float64Array.from(errors).sort();
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), n: errors.length };
};
const rows = [
  ['heldout', heldout],
  ['train', train],
] as const;
console.log(
  `\nDetector (${classes.length} classes, ${count} images per set, score ≥ ${EVALUATION_SCORE_THRESHOLD}):\n${table(
    rows.flatMap(([name, r]) =>
      (
        [
          ['RGB-D: + item classifier', r.scorer, r.hypotheses, r.ceilings[0]!.all],
          ['RGB: detector alone', r.rgbScorer, r.rgbHypotheses, r.ceilings[0]!.all],
          [
            `RGB-D, ${r.reachableFrames} reachable views`,
            r.reachable.scorer,
            r.reachable.hypotheses,
            r.reachable.ceiling,
          ],
        ] as const
      ).map(([camera, best, all, ceiling]) => ({
        set: name,
        camera,
        'mAP@0.5': best.meanAveragePrecision(0.5),
        'mAP@0.5:0.95': best.cocoMeanAveragePrecision(),
        [`mAP@0.5, ${HYPOTHESES} hypotheses`]: all.meanAveragePrecision(0.5),
        [`mAP@0.5:0.95, ${HYPOTHESES} hypotheses`]: all.cocoMeanAveragePrecision(),
        'ceiling mAP@0.5': ceiling.meanAveragePrecision(0.5),
      })),
    ),
  )}\n(RGB-D: the head camera's detector node with its item classifier, which names each box again from\n its colour and sensor depth; RGB: the detector alone, as on the ceiling cameras; reachable views:\n the frames whose camera stands clear of furniture, as for depth below.\n mAP: each box's best class; with hypotheses: its best class and runners-up, as the detector node\n publishes them in Detection2D.results, each scored as a detection.\n ceiling: true boxes named by the Bayes-optimal guess from each item's true shape, size and colour —\n the most any detector can reach where the catalog's categories overlap)`,
);
console.log(
  `\nThe catalog's ceiling for a measuring observer (true boxes, Bayes posterior from the true shape and\n size and colour measured with Gaussian error; colour error ${COLOR_ERROR * 100} % of each channel):\n${table(
    rows.flatMap(([name, r]) =>
      MEASUREMENT_ERRORS_M.map((sizeError, j) => ({
        set: name,
        'size error cm': sizeError === 0 ? 'exact' : (sizeError * 100).toFixed(1),
        'colour error': sizeError === 0 ? 'exact' : `${COLOR_ERROR * 100} %`,
        'mAP@0.5, best class': r.ceilings[j]!.best.meanAveragePrecision(0.5),
        'mAP@0.5, all classes': r.ceilings[j]!.all.meanAveragePrecision(0.5),
      })),
    ),
  )}\n(compare the best class with the detector's mAP@0.5, which also names each box by one class:\n look-alike categories differ by one or two centimetres, so their items must be measured to a few\n millimetres to be named)`,
);
const bandNames = [0, ...DISTANCE_BANDS_M].map((from, b) =>
  b === DISTANCE_BANDS_M.length ? `${from} m and beyond` : `${from}–${DISTANCE_BANDS_M[b]} m`,
);
console.log(
  `\nRGB-D mAP by distance (the sensor's depth at each box's middle):\n${table(
    rows.flatMap(([name, r]) =>
      r.byDistance.map(({ scorer, items }, b) => ({
        set: name,
        distance: bandNames[b]!,
        items: String(items),
        'mAP@0.5': scorer.meanAveragePrecision(0.5),
        'mAP@0.5:0.95': scorer.cocoMeanAveragePrecision(),
      })),
    ),
  )}`,
);
const perClass = heldout.scorer.averagePrecision(0.5);
console.log(
  `\nPer class, heldout AP@0.5 (RGB-D):\n${table(
    [...perClass]
      .sort((a, b) => b[1] - a[1])
      .map(([id, ap]) => ({ class: classes[id] ?? String(id), 'AP@0.5': ap })),
  )}`,
);
console.log(
  `\nDepth vs rendered depth:\n${table(
    rows.flatMap(([name, r]) =>
      (
        [
          ['scaled by the floor (node with tf)', r.depth.floor],
          ['network alone', r.depth.network],
          [`scaled by the floor, ${r.reachableFrames} reachable views`, r.depth.floorReachable],
        ] as const
      ).map(([depth, score]) => ({
        set: name,
        depth,
        AbsRel: score.absRel,
        'RMSE m': score.rmse,
        'δ<1.25': score.delta1,
      })),
    ),
  )}\n(scaled by the floor: the depth_estimator node, which knows the camera's pose above the floor from\n tf; frames with too little floor in view keep the network's scale: ${rows
    .map(([name, r]) => `${name} ${r.unalignedFrames}`)
    .join(
      ', ',
    )} of ${count}.\n reachable views: frames whose camera stands clear of furniture by the robot base's radius; the\n others are drawn over furniture, some from inside it, a few centimetres from a surface)`,
);
const placements = [
  ['detected box + sensor depth', 'detectedSensor'],
  ['detected box + estimated depth', 'detectedEstimated'],
  ['true box + sensor depth', 'truthSensor'],
] as const;
console.log(
  `\nObject centroid error in the map frame (m):\n${table(
    rows.flatMap(([name, r]) =>
      placements.map(([label, key]) => {
        const s = stats(r.errors[key]);
        return { set: name, placement: label, objects: String(s.n), median: s.median, p95: s.p95 };
      }),
    ),
  )}\n`,
);
console.log(
  JSON.stringify({
    mAP50: heldout.scorer.meanAveragePrecision(0.5),
    mAP50_95: heldout.scorer.cocoMeanAveragePrecision(),
    mAP50Train: train.scorer.meanAveragePrecision(0.5),
    mAP50_95Train: train.scorer.cocoMeanAveragePrecision(),
    mAP50Hypotheses: heldout.hypotheses.meanAveragePrecision(0.5),
    mAP50_95Hypotheses: heldout.hypotheses.cocoMeanAveragePrecision(),
    mAP50HypothesesTrain: train.hypotheses.meanAveragePrecision(0.5),
    mAP50Reachable: heldout.reachable.scorer.meanAveragePrecision(0.5),
    mAP50Rgb: heldout.rgbScorer.meanAveragePrecision(0.5),
    mAP50_95Rgb: heldout.rgbScorer.cocoMeanAveragePrecision(),
    mAP50RgbTrain: train.rgbScorer.meanAveragePrecision(0.5),
    mAP50HypothesesRgb: heldout.rgbHypotheses.meanAveragePrecision(0.5),
    mAP50Ceiling: heldout.ceilings[0]!.all.meanAveragePrecision(0.5),
    ...Object.fromEntries(
      MEASUREMENT_ERRORS_M.map((sizeError, j) => [
        `mAP50CeilingBestClass${sizeError === 0 ? 'Exact' : `Size${sizeError * 1000}mm`}`,
        heldout.ceilings[j]!.best.meanAveragePrecision(0.5),
      ]),
    ),
    mAP50Within1m: heldout.byDistance[0]!.scorer.meanAveragePrecision(0.5),
    mAP50From1To2m: heldout.byDistance[1]!.scorer.meanAveragePrecision(0.5),
    mAP50Beyond2m: heldout.byDistance[2]!.scorer.meanAveragePrecision(0.5),
    depthAbsRel: heldout.depth.floor.absRel,
    depthRmseM: heldout.depth.floor.rmse,
    depthDelta1: heldout.depth.floor.delta1,
    depthDelta1Train: train.depth.floor.delta1,
    depthAbsRelNetwork: heldout.depth.network.absRel,
    depthDelta1Network: heldout.depth.network.delta1,
    depthDelta1NetworkTrain: train.depth.network.delta1,
    depthDelta1Reachable: heldout.depth.floorReachable.delta1,
    centroidErrorMedianM: stats(heldout.errors.detectedSensor).median,
    centroidErrorP95M: stats(heldout.errors.detectedSensor).p95,
    centroidErrorEstimatedDepthMedianM: stats(heldout.errors.detectedEstimated).median,
    centroidErrorTrueBoxMedianM: stats(heldout.errors.truthSensor).median,
  }),
);
