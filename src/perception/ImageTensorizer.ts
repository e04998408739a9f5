/**
 * Camera image (`sensor_msgs/Image`: rgb8, bgr8, rgba8, bgra8, mono8) to a model's planar float
 * input (1 × 3 × H × W) in the channel order and normalization the model wants, resized bilinearly
 * — stretched, or letterboxed to keep the aspect ratio. The input buffer is reused across frames.
 */
export interface InputSpec {
  readonly width: number;
  readonly height: number;
  readonly channelOrder: 'rgb' | 'bgr';
  /** value = (pixel / 255 − mean) / std, per channel in `channelOrder`. */
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  readonly letterbox: boolean;
}

/** Reads a model config's `input` object; `where` names the config file in the error. */
export function readInputSpec(input: unknown, where: string): InputSpec {
  const spec = input as Partial<InputSpec> | undefined;
  if (
    !spec ||
    !((spec.width ?? 0) > 0) ||
    !((spec.height ?? 0) > 0) ||
    (spec.channelOrder !== 'rgb' && spec.channelOrder !== 'bgr')
  )
    throw new Error(`${where}: 'input' needs width, height and channelOrder 'rgb' or 'bgr'`);
  return {
    width: spec.width!,
    height: spec.height!,
    channelOrder: spec.channelOrder,
    mean: spec.mean ?? [0, 0, 0],
    std: spec.std ?? [1, 1, 1],
    letterbox: spec.letterbox ?? false,
  };
}

export interface ImageLike {
  readonly width: number;
  readonly height: number;
  readonly encoding: string;
  readonly step: number;
  readonly data: Uint8Array | ArrayLike<number>;
}

/** Input pixel = source pixel · scale + pad (per axis). */
export interface InputPlacement {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly padX: number;
  readonly padY: number;
}

const CHANNELS: Record<string, { count: number; r: number; g: number; b: number }> = {
  rgb8: { count: 3, r: 0, g: 1, b: 2 },
  bgr8: { count: 3, r: 2, g: 1, b: 0 },
  rgba8: { count: 4, r: 0, g: 1, b: 2 },
  bgra8: { count: 4, r: 2, g: 1, b: 0 },
  mono8: { count: 1, r: 0, g: 0, b: 0 },
};
const LETTERBOX_GRAY = 114;

/** Per-column (or per-row) bilinear taps from input to source pixels, for one source size. */
interface Taps {
  /** First and second source pixel index; −1 where the input pixel is padding. */
  readonly near: Int32Array;
  readonly far: Int32Array;
  /** Weight of `far`. */
  readonly weight: Float32Array;
}

function taps(inputSize: number, sourceSize: number, scale: number, pad: number): Taps {
  const near = new Int32Array(inputSize);
  const far = new Int32Array(inputSize);
  const weight = new Float32Array(inputSize);
  for (let k = 0; k < inputSize; k++) {
    const s = (k + 0.5 - pad) / scale - 0.5;
    if (!(s > -0.5 && s < sourceSize - 0.5)) {
      near[k] = far[k] = -1;
      continue;
    }
    const s0 = Math.max(0, Math.min(sourceSize - 1, Math.floor(s)));
    near[k] = s0;
    far[k] = Math.min(sourceSize - 1, s0 + 1);
    weight[k] = Math.max(0, Math.min(1, s - s0));
  }
  return { near, far, weight };
}

export class ImageTensorizer {
  readonly input: Float32Array;
  // Taps for the last source size seen: a camera's frames all share one.
  #sourceKey = '';
  #columns: Taps | undefined;
  #rows: Taps | undefined;

  constructor(readonly spec: InputSpec) {
    this.input = new Float32Array(3 * spec.width * spec.height);
  }

  /** Fills `input` from the image; returns where the image landed in it. */
  load(image: ImageLike): InputPlacement {
    const layout = CHANNELS[image.encoding];
    if (!layout)
      throw new Error(
        `unsupported image encoding '${image.encoding}' (expected ${Object.keys(CHANNELS).join(', ')})`,
      );
    if (!(image.width > 0 && image.height > 0))
      throw new Error(`image has no pixels: ${image.width}×${image.height}`);
    if (image.step < image.width * layout.count || image.data.length < image.step * image.height)
      throw new Error(
        `image data too short: ${image.data.length} bytes for ${image.height} rows of step ${image.step} (${image.encoding}, width ${image.width})`,
      );
    const { width: W, height: H, channelOrder, mean, std, letterbox } = this.spec;
    let scaleX = W / image.width;
    let scaleY = H / image.height;
    if (letterbox) scaleX = scaleY = Math.min(scaleX, scaleY);
    const padX = letterbox ? (W - image.width * scaleX) / 2 : 0;
    const padY = letterbox ? (H - image.height * scaleY) / 2 : 0;
    const key = `${image.width}x${image.height}`;
    if (key !== this.#sourceKey) {
      this.#columns = taps(W, image.width, scaleX, padX);
      this.#rows = taps(H, image.height, scaleY, padY);
      this.#sourceKey = key;
    }
    const columns = this.#columns!;
    const rows = this.#rows!;
    const [o0, o1, o2] =
      channelOrder === 'rgb' ? [layout.r, layout.g, layout.b] : [layout.b, layout.g, layout.r];
    // value = pixel · gain + offset, per input channel.
    const g0 = 1 / (255 * std[0]);
    const g1 = 1 / (255 * std[1]);
    const g2 = 1 / (255 * std[2]);
    const f0 = -mean[0] / std[0];
    const f1 = -mean[1] / std[1];
    const f2 = -mean[2] / std[2];
    const count = layout.count;
    const plane = W * H;
    const data = image.data;
    const input = this.input;
    if (image.width === 2 * W && image.height === 2 * H) {
      // Exactly half the size (a 640×480 camera into a 320×240 model): bilinear sampling at the
      // half-pixel centres is the mean of each 2×2 block, without the per-pixel weights.
      const q0 = g0 / 4;
      const q1 = g1 / 4;
      const q2 = g2 / 4;
      const across = 2 * count;
      for (let y = 0; y < H; y++) {
        const row = y * W;
        let a = 2 * y * image.step;
        for (let x = 0; x < W; x++, a += across) {
          const b = a + count;
          const d = a + image.step;
          const e = d + count;
          const i = row + x;
          input[i] = (data[a + o0]! + data[b + o0]! + data[d + o0]! + data[e + o0]!) * q0 + f0;
          input[plane + i] = (data[a + o1]! + data[b + o1]! + data[d + o1]! + data[e + o1]!) * q1 + f1;
          input[2 * plane + i] = (data[a + o2]! + data[b + o2]! + data[d + o2]! + data[e + o2]!) * q2 + f2;
        }
      }
      return { scaleX, scaleY, padX, padY };
    }
    for (let y = 0; y < H; y++) {
      const row = y * W;
      const y0 = rows.near[y]!;
      if (y0 < 0) {
        for (let x = 0; x < W; x++) this.#fillPadding(row + x, plane);
        continue;
      }
      const top = y0 * image.step;
      const bottom = rows.far[y]! * image.step;
      const fy = rows.weight[y]!;
      for (let x = 0; x < W; x++) {
        const x0 = columns.near[x]!;
        if (x0 < 0) {
          this.#fillPadding(row + x, plane);
          continue;
        }
        const fx = columns.weight[x]!;
        const a = top + x0 * count;
        const b = top + columns.far[x]! * count;
        const d = bottom + x0 * count;
        const e = bottom + columns.far[x]! * count;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        const i = row + x;
        input[i] =
          (data[a + o0]! * w00 + data[b + o0]! * w01 + data[d + o0]! * w10 + data[e + o0]! * w11) * g0 + f0;
        input[plane + i] =
          (data[a + o1]! * w00 + data[b + o1]! * w01 + data[d + o1]! * w10 + data[e + o1]! * w11) * g1 + f1;
        input[2 * plane + i] =
          (data[a + o2]! * w00 + data[b + o2]! * w01 + data[d + o2]! * w10 + data[e + o2]! * w11) * g2 + f2;
      }
    }
    return { scaleX, scaleY, padX, padY };
  }

  #fillPadding(i: number, plane: number): void {
    const { mean, std } = this.spec;
    for (let c = 0; c < 3; c++) this.input[c * plane + i] = (LETTERBOX_GRAY / 255 - mean[c]!) / std[c]!;
  }
}
