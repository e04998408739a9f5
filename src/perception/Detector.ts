/**
 * An object detector from a JSON config: the ONNX model (path relative to the config), its input
 * (size, channel order, normalization, letterbox or stretch), its output decoder, class names and
 * thresholds. Runs on onnxruntime-node's CPU provider unless CUDA is asked for.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Decoder, Detection } from './Detection.ts';
import { fastestDetDecoder } from './decoders/fastestDet.ts';
import { yoloDecoder } from './decoders/yolo.ts';
import { ImageTensorizer, readInputSpec, type ImageLike, type InputSpec } from './ImageTensorizer.ts';
import { nonMaximumSuppression } from './nms.ts';
import { openOnnxModel, type ExecutionProvider } from './onnxSession.ts';

export interface DetectorConfig {
  readonly model: string;
  readonly classes: readonly string[];
  readonly input: InputSpec;
  readonly decoder: 'fastestdet' | 'yolo';
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  /** Class hypotheses per box (yolo decoder): the best class and up to this many − 1 runners-up, */
  readonly hypothesesPerBox: number;
  /** each scoring at least this. */
  readonly hypothesisThreshold: number;
}

export interface DetectorTimings {
  readonly preprocessMs: number;
  readonly inferenceMs: number;
  readonly postprocessMs: number;
}

/** Reads and checks a detector config; `model` and a `classesFile` are resolved against its folder. */
export function readDetectorConfig(path: string): DetectorConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const fail = (what: string) => {
    throw new Error(`${path}: ${what}`);
  };
  if (typeof raw.model !== 'string') fail("'model' must be the path of an .onnx file");
  if (raw.decoder !== 'fastestdet' && raw.decoder !== 'yolo')
    fail(`'decoder' must be 'fastestdet' or 'yolo', got ${JSON.stringify(raw.decoder)}`);
  let classes = raw.classes;
  if (typeof raw.classesFile === 'string')
    classes = readFileSync(resolve(dirname(path), raw.classesFile), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => typeof c === 'string'))
    fail("'classes' (or the lines of 'classesFile') must be a non-empty list of names");
  const hypothesesPerBox = raw.hypothesesPerBox ?? 1;
  if (!(Number.isInteger(hypothesesPerBox) && (hypothesesPerBox as number) >= 1))
    fail(`'hypothesesPerBox' must be a positive integer, got ${JSON.stringify(raw.hypothesesPerBox)}`);
  if (raw.decoder === 'fastestdet' && hypothesesPerBox !== 1)
    fail("'hypothesesPerBox' applies to the yolo decoder only");
  const hypothesisThreshold = raw.hypothesisThreshold ?? 0.05;
  if (!(typeof hypothesisThreshold === 'number' && hypothesisThreshold >= 0 && hypothesisThreshold <= 1))
    fail(`'hypothesisThreshold' must be a score in [0, 1], got ${JSON.stringify(raw.hypothesisThreshold)}`);
  return {
    model: resolve(dirname(path), raw.model as string),
    classes: classes as string[],
    input: readInputSpec(raw.input, path),
    decoder: raw.decoder as 'fastestdet' | 'yolo',
    scoreThreshold: typeof raw.scoreThreshold === 'number' ? raw.scoreThreshold : 0.5,
    iouThreshold: typeof raw.iouThreshold === 'number' ? raw.iouThreshold : 0.45,
    hypothesesPerBox: hypothesesPerBox as number,
    hypothesisThreshold: hypothesisThreshold as number,
  };
}

export class Detector {
  readonly #tensorizer: ImageTensorizer;
  readonly #decoder: Decoder;
  timings: DetectorTimings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };

  private constructor(
    readonly config: DetectorConfig,
    readonly session: ort.InferenceSession,
  ) {
    this.#tensorizer = new ImageTensorizer(config.input);
    this.#decoder =
      config.decoder === 'fastestdet'
        ? fastestDetDecoder
        : yoloDecoder(
            config.input.width,
            config.input.height,
            config.hypothesesPerBox,
            config.hypothesisThreshold,
          );
  }

  static async load(
    configPath: string,
    options: { executionProvider?: ExecutionProvider; scoreThreshold?: number } = {},
  ): Promise<Detector> {
    const read = readDetectorConfig(configPath);
    // Evaluation lowers the threshold: mAP needs the whole precision-recall curve.
    const config = { ...read, scoreThreshold: options.scoreThreshold ?? read.scoreThreshold };
    return new Detector(config, await openOnnxModel(config.model, options.executionProvider));
  }

  /** Detections in the source image's pixels, after class-aware NMS. */
  async detect(image: ImageLike): Promise<Detection[]> {
    const t0 = performance.now();
    const placement = this.#tensorizer.load(image);
    const { width, height } = this.config.input;
    const tensor = new ort.Tensor('float32', this.#tensorizer.input, [1, 3, height, width]);
    const t1 = performance.now();
    const outputs = await this.session.run({ [this.session.inputNames[0]!]: tensor });
    const output = outputs[this.session.outputNames[0]!]!;
    const t2 = performance.now();
    const normalized = this.#decoder.decode(
      output.data as Float32Array,
      output.dims,
      this.config.scoreThreshold,
    );
    const toSourceX = (u: number) =>
      Math.max(0, Math.min(image.width, (u * width - placement.padX) / placement.scaleX));
    const toSourceY = (v: number) =>
      Math.max(0, Math.min(image.height, (v * height - placement.padY) / placement.scaleY));
    const inPixels = normalized.map((d) => ({
      ...d,
      x1: toSourceX(d.x1),
      y1: toSourceY(d.y1),
      x2: toSourceX(d.x2),
      y2: toSourceY(d.y2),
    }));
    const kept = nonMaximumSuppression(inPixels, this.config.iouThreshold);
    this.timings = { preprocessMs: t1 - t0, inferenceMs: t2 - t1, postprocessMs: performance.now() - t2 };
    return kept;
  }
}
