/**
 * npm run bench:perception — per-frame latency of each detector at its node's input size on this
 * machine's CPU: pre-processing (sensor_msgs/Image rgb8 640×480 from the simulated head camera →
 * model input), inference (onnxruntime-node, CPU provider) and post-processing (decode + NMS),
 * p50 and p95 over the frames. Only the models that exist are measured: our own detector and depth
 * network are not trained yet, so their figures are null.
 */
import { fileURLToPath } from 'node:url';
import { Detector } from '../../src/perception/Detector.ts';
import { Simulation } from '../../sim/Simulation.ts';
import { percentile, table } from './stats.ts';

const FRAMES = 200;
const WARMUP = 10;
const FASTESTDET = fileURLToPath(new URL('../../models/fastestdet.json', import.meta.url));

const sim = await Simulation.create({ seed: 1 });
const images = [];
for (let k = 0; k < 20; k++) {
  sim.setCommand({ vx: 0, vy: 0, wz: 0.8 });
  for (let s = 0; s < 60; s++) sim.step(1 / 240);
  const frame = sim.renderHead();
  const { width, height } = sim.headIntrinsics;
  images.push({ width, height, encoding: 'rgb8', step: width * 3, data: Uint8Array.from(frame.rgb) });
}

const detector = await Detector.load(FASTESTDET);
const samples = {
  pre: new Float64Array(FRAMES),
  inference: new Float64Array(FRAMES),
  post: new Float64Array(FRAMES),
  total: new Float64Array(FRAMES),
};
for (let k = 0; k < WARMUP + FRAMES; k++) {
  await detector.detect(images[k % images.length]!);
  if (k < WARMUP) continue;
  const { preprocessMs, inferenceMs, postprocessMs } = detector.timings;
  const i = k - WARMUP;
  samples.pre[i] = preprocessMs;
  samples.inference[i] = inferenceMs;
  samples.post[i] = postprocessMs;
  samples.total[i] = preprocessMs + inferenceMs + postprocessMs;
  if (i % 50 === 0) console.log(`  FastestDet frame ${i}/${FRAMES}`);
}
const p = (values: Float64Array, q: number) => percentile(Float64Array.from(values).sort(), q);
const { width, height } = detector.config.input;
console.log(
  `\n${table([
    {
      model: 'FastestDet (COCO)',
      input: `${width}x${height}`,
      'pre p50 ms': p(samples.pre, 50),
      'inference p50 ms': p(samples.inference, 50),
      'post p50 ms': p(samples.post, 50),
      'total p50 ms': p(samples.total, 50),
      'total p95 ms': p(samples.total, 95),
    },
  ])}\n`,
);
console.log(
  `${FRAMES} frames of the simulated head camera (640x480 rgb8), onnxruntime-node CPU provider, after ${WARMUP} warm-up frames. Our detector and depth network: not trained yet (null).`,
);
console.log(
  JSON.stringify({
    detectorMsP50: null,
    depthMsP50: null,
    fastestdetMsP50: p(samples.total, 50),
    fastestdetMsP95: p(samples.total, 95),
  }),
);
