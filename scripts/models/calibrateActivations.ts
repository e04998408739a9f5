/**
 * npx tsx scripts/models/calibrateActivations.ts CONFIG.json PROBE.onnx RANGES.json [--n 64]
 *
 * Ranges of a model's activations for int8 quantization (models/quantize.py): runs PROBE.onnx (the
 * config's model with the activations to calibrate added as outputs) on `train`-split frames of
 * the simulated room (seeds 1…, the training data; never the validation or evaluation sets),
 * pre-processed as the config says, and writes each activation's 0.01st and 99.99th percentile.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { renderSample } from '../../sim/dataset/renderSample.ts';
import { ImageTensorizer, readInputSpec } from '../../src/perception/ImageTensorizer.ts';
import { percentile } from '../bench/stats.ts';

/** Every this-many-th value of each activation is kept for the percentiles. */
const STRIDE = 31;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string', default: '64' } },
});
const [configPath, probePath, outPath] = positionals;
const count = Number(values.n);
if (!configPath || !probePath || !outPath || !(Number.isInteger(count) && count > 0))
  throw new Error('usage: calibrateActivations.ts CONFIG.json PROBE.onnx RANGES.json [--n N ≥ 1]');

const input = readInputSpec(JSON.parse(readFileSync(configPath, 'utf8')).input, configPath);
const session = await ort.InferenceSession.create(probePath);
const inputName = session.inputNames[0]!;
// The input is calibrated too, where a quantized convolution reads it.
const activations = [inputName, ...session.outputNames.filter((name) => name !== inputName)];
const tensorizer = new ImageTensorizer(input);
const kept = new Map(activations.map((name) => [name, [] as number[]]));
for (let k = 0; k < count; k++) {
  const sample = await renderSample('train', 1 + k, input.width, input.height);
  tensorizer.load({
    width: sample.width,
    height: sample.height,
    encoding: 'rgb8',
    step: sample.width * 3,
    data: sample.rgb,
  });
  const outputs = await session.run({
    [inputName]: new ort.Tensor('float32', tensorizer.input, [1, 3, input.height, input.width]),
  });
  for (const name of activations) {
    const data = name === inputName ? tensorizer.input : (outputs[name]!.data as Float32Array);
    const values = kept.get(name)!;
    for (let i = k % STRIDE; i < data.length; i += STRIDE) values.push(data[i]!);
  }
  if ((k + 1) % 16 === 0 || k + 1 === count) console.log(`  ${k + 1}/${count} frames`);
}
const ranges: Record<string, unknown> = {
  __calibration__: `${count} train-split frames of the simulated room (seeds 1…${count})`,
};
for (const [name, values] of kept) {
  const sorted = Float64Array.from(values).sort();
  ranges[name] = { 'p0.01': percentile(sorted, 0.01), 'p99.99': percentile(sorted, 99.99) };
}
writeFileSync(outPath, JSON.stringify(ranges, null, 2));
console.log(`wrote the ranges of ${activations.length} activations to ${outPath}`);
