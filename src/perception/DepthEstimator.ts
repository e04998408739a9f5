/**
 * Monocular depth from a JSON config: the ONNX model (path relative to the config) and its input
 * (size, channel order, normalization). The model returns metric depth (1 × 1 × H × W, metres);
 * the estimator resamples it bilinearly to the source image's size, so it lines up pixel for
 * pixel with the camera image and its CameraInfo.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ImageTensorizer, readInputSpec, type ImageLike, type InputSpec } from './ImageTensorizer.ts';
import { openOnnxModel, type ExecutionProvider } from './onnxSession.ts';

export interface DepthConfig {
  readonly model: string;
  readonly input: InputSpec;
}

export interface DepthTimings {
  readonly preprocessMs: number;
  readonly inferenceMs: number;
  readonly postprocessMs: number;
}

export function readDepthConfig(path: string): DepthConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (typeof raw.model !== 'string') throw new Error(`${path}: 'model' must be the path of an .onnx file`);
  // The output lines up with the image pixel for pixel only when the input is stretched.
  return {
    model: resolve(dirname(path), raw.model),
    input: { ...readInputSpec(raw.input, path), letterbox: false },
  };
}

export class DepthEstimator {
  readonly #tensorizer: ImageTensorizer;
  #output = new Float32Array(0);
  timings: DepthTimings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };

  private constructor(
    readonly config: DepthConfig,
    readonly session: ort.InferenceSession,
  ) {
    this.#tensorizer = new ImageTensorizer(config.input);
  }

  static async load(
    configPath: string,
    options: { executionProvider?: ExecutionProvider } = {},
  ): Promise<DepthEstimator> {
    const config = readDepthConfig(configPath);
    return new DepthEstimator(config, await openOnnxModel(config.model, options.executionProvider));
  }

  /**
   * Metres per pixel of the source image (row-major). The returned array is reused by the next
   * call: copy it to keep it.
   */
  async estimate(image: ImageLike): Promise<Float32Array> {
    const t0 = performance.now();
    this.#tensorizer.load(image);
    const { width: W, height: H } = this.config.input;
    const tensor = new ort.Tensor('float32', this.#tensorizer.input, [1, 3, H, W]);
    const t1 = performance.now();
    const outputs = await this.session.run({ [this.session.inputNames[0]!]: tensor });
    const output = outputs[this.session.outputNames[0]!]!;
    if (output.data.length !== W * H)
      throw new Error(`depth model output has ${output.data.length} values, expected 1×1×${H}×${W}`);
    const t2 = performance.now();
    const predicted = output.data as Float32Array;
    const n = image.width * image.height;
    if (this.#output.length !== n) this.#output = new Float32Array(n);
    const out = this.#output;
    const scaleX = W / image.width;
    const scaleY = H / image.height;
    for (let y = 0; y < image.height; y++) {
      const sy = Math.max(0, Math.min(H - 1, (y + 0.5) * scaleY - 0.5));
      const y0 = Math.floor(sy);
      const y1 = Math.min(H - 1, y0 + 1);
      const fy = sy - y0;
      for (let x = 0; x < image.width; x++) {
        const sx = Math.max(0, Math.min(W - 1, (x + 0.5) * scaleX - 0.5));
        const x0 = Math.floor(sx);
        const x1 = Math.min(W - 1, x0 + 1);
        const fx = sx - x0;
        const top = predicted[y0 * W + x0]! + (predicted[y0 * W + x1]! - predicted[y0 * W + x0]!) * fx;
        const bottom = predicted[y1 * W + x0]! + (predicted[y1 * W + x1]! - predicted[y1 * W + x0]!) * fx;
        out[y * image.width + x] = top + (bottom - top) * fy;
      }
    }
    this.timings = { preprocessMs: t1 - t0, inferenceMs: t2 - t1, postprocessMs: performance.now() - t2 };
    return out;
  }
}
