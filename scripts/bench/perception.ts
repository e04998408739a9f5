/**
 * npm run bench:perception — per-frame latency of each perception model at its node's input on
 * this machine's CPU: pre-processing (sensor_msgs/Image rgb8 640×480 from the simulated head
 * camera → model input), inference (onnxruntime-node, CPU provider) and post-processing (detectors:
 * decode + NMS; depth: resampling to 640×480 and scaling by the floor, as the depth_estimator node
 * does with the camera's pose), p50 and p95 over the frames. Our detector runs as
 * deployed (int8, models/quantize.py) and, for comparison, as trained (float); on the head camera
 * it runs with the item classifier, which adds cropping the boxes from the image and the sensor's
 * depth (pre), its inference and combining the two opinions + NMS (post).
 */
import { fileURLToPath } from 'node:url';
import { DepthEstimator } from '../../src/perception/DepthEstimator.ts';
import { Detector } from '../../src/perception/Detector.ts';
import { FloorDepthAligner } from '../../src/perception/FloorDepthAligner.ts';
import type { ImageLike } from '../../src/perception/ImageTensorizer.ts';
import type { RgbdFrame } from '../../src/perception/itemCrop.ts';
import { ItemClassifier } from '../../src/perception/ItemClassifier.ts';
import { Simulation } from '../../sim/Simulation.ts';
import { percentile, table } from './stats.ts';

const FRAMES = 200;
const WARMUP = 10;
const model = (name: string) => fileURLToPath(new URL(`../../models/${name}`, import.meta.url));

const sim = await Simulation.create({ seed: 1 });
const images: ImageLike[] = [];
const rgbdFrames: RgbdFrame[] = [];
const cameraPoses: Float64Array[] = [];
for (let k = 0; k < 20; k++) {
  sim.setCommand({ vx: 0, vy: 0, wz: 0.8 });
  for (let s = 0; s < 60; s++) sim.step(1 / 240);
  const { rgb, depth } = sim.noisyImages(sim.renderHead());
  const { width, height } = sim.headIntrinsics;
  images.push({ width, height, encoding: 'rgb8', step: width * 3, data: rgb });
  rgbdFrames.push({
    width,
    height,
    rgb,
    step: width * 3,
    redOffset: 0,
    depthM: depth,
    camera: sim.headIntrinsics,
    mapFromOptical: sim.headCameraPose().subarray(3),
  });
  cameraPoses.push(sim.headCameraPose());
}

interface Timed {
  timings: { preprocessMs: number; inferenceMs: number; postprocessMs: number };
}

async function measure(name: string, run: (image: ImageLike) => Promise<unknown>, timed: Timed) {
  const stages = {
    pre: new Float64Array(FRAMES),
    inference: new Float64Array(FRAMES),
    post: new Float64Array(FRAMES),
    total: new Float64Array(FRAMES),
  };
  for (let k = 0; k < WARMUP + FRAMES; k++) {
    await run(images[k % images.length]!);
    if (k < WARMUP) continue;
    const { preprocessMs, inferenceMs, postprocessMs } = timed.timings;
    const i = k - WARMUP;
    stages.pre[i] = preprocessMs;
    stages.inference[i] = inferenceMs;
    stages.post[i] = postprocessMs;
    stages.total[i] = preprocessMs + inferenceMs + postprocessMs;
    if (i % 100 === 0) console.log(`  ${name} frame ${i}/${FRAMES}`);
  }
  const p = (values: Float64Array, q: number) => percentile(Float64Array.from(values).sort(), q);
  return {
    'pre p50 ms': p(stages.pre, 50),
    'inference p50 ms': p(stages.inference, 50),
    'post p50 ms': p(stages.post, 50),
    'total p50 ms': p(stages.total, 50),
    'total p95 ms': p(stages.total, 95),
  };
}

const ours = await Detector.load(model('katazuke_detector.json'));
const oursFloat = await Detector.load(model('katazuke_detector_float.json'));
const classifier = await ItemClassifier.load(model('katazuke_item_classifier.json'));
const depth = await DepthEstimator.load(model('katazuke_depth.json'));
const fastestDet = await Detector.load(model('fastestdet.json'));
const size = (input: { width: number; height: number }) => `${input.width}x${input.height}`;
/** The head camera's detector node: detector, then the item classifier on its boxes. */
const rgbd = {
  timings: { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 },
  boxes: 0,
  async detect(image: ImageLike) {
    const frame = rgbdFrames[images.indexOf(image)]!;
    const detections = await classifier.classify(await ours.detect(image), frame, ours.config);
    const [a, b] = [ours.timings, classifier.timings];
    this.timings = {
      preprocessMs: a.preprocessMs + b.preprocessMs,
      inferenceMs: a.inferenceMs + b.inferenceMs,
      postprocessMs: a.postprocessMs + b.postprocessMs,
    };
    this.boxes += detections.length;
  },
};
/** The depth_estimator node with the camera's pose: the network, then scaling by the floor. */
const aligner = new FloorDepthAligner();
const floorDepth = {
  timings: { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 },
  async estimate(image: ImageLike) {
    const metres = await depth.estimate(image);
    const t0 = performance.now();
    const k = images.indexOf(image);
    aligner.align(metres, image.width, image.height, rgbdFrames[k]!.camera, cameraPoses[k]!);
    this.timings = { ...depth.timings, postprocessMs: depth.timings.postprocessMs + performance.now() - t0 };
  },
};
const rows = [
  {
    model: 'katazuke_detector + item classifier (RGB-D)',
    input: `${size(ours.config.input)} + boxes 24x24`,
    ...(await measure('detector + classifier', (i) => rgbd.detect(i), rgbd)),
  },
  {
    model: 'katazuke_detector (45 items, int8)',
    input: size(ours.config.input),
    ...(await measure('detector', (i) => ours.detect(i), ours)),
  },
  {
    model: 'katazuke_detector_float',
    input: size(oursFloat.config.input),
    ...(await measure('detector (float)', (i) => oursFloat.detect(i), oursFloat)),
  },
  {
    model: 'katazuke_depth + floor scale',
    input: size(depth.config.input),
    ...(await measure('depth', (i) => floorDepth.estimate(i), floorDepth)),
  },
  {
    model: 'FastestDet (COCO)',
    input: size(fastestDet.config.input),
    ...(await measure('FastestDet', (i) => fastestDet.detect(i), fastestDet)),
  },
];
console.log(`\n${table(rows)}\n`);
console.log(
  `${FRAMES} frames of the simulated head camera (640x480 rgb8, registered depth) per model, onnxruntime-node CPU provider, after ${WARMUP} warm-up frames; the item classifier named ${(rgbd.boxes / (FRAMES + WARMUP)).toFixed(1)} boxes per frame (score ≥ ${ours.config.scoreThreshold}).`,
);
console.log(
  JSON.stringify({
    detectorMsP50: rows[0]!['total p50 ms'],
    detectorMsP95: rows[0]!['total p95 ms'],
    detectorRgbMsP50: rows[1]!['total p50 ms'],
    detectorRgbMsP95: rows[1]!['total p95 ms'],
    detectorFloatMsP50: rows[2]!['total p50 ms'],
    depthMsP50: rows[3]!['total p50 ms'],
    depthMsP95: rows[3]!['total p95 ms'],
    fastestdetMsP50: rows[4]!['total p50 ms'],
    fastestdetMsP95: rows[4]!['total p95 ms'],
  }),
);
