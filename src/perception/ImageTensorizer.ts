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

export class ImageTensorizer {
  readonly input: Float32Array;

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
    const order = channelOrder === 'rgb' ? [layout.r, layout.g, layout.b] : [layout.b, layout.g, layout.r];
    const plane = W * H;
    const data = image.data;
    for (let y = 0; y < H; y++) {
      const sy = (y + 0.5 - padY) / scaleY - 0.5;
      const inside = sy > -0.5 && sy < image.height - 0.5;
      const y0 = Math.max(0, Math.min(image.height - 1, Math.floor(sy)));
      const y1 = Math.min(image.height - 1, y0 + 1);
      const fy = Math.max(0, Math.min(1, sy - y0));
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        const sx = (x + 0.5 - padX) / scaleX - 0.5;
        if (!inside || sx <= -0.5 || sx >= image.width - 0.5) {
          for (let c = 0; c < 3; c++) this.input[c * plane + i] = (LETTERBOX_GRAY / 255 - mean[c]!) / std[c]!;
          continue;
        }
        const x0 = Math.max(0, Math.min(image.width - 1, Math.floor(sx)));
        const x1 = Math.min(image.width - 1, x0 + 1);
        const fx = Math.max(0, Math.min(1, sx - x0));
        const a = y0 * image.step + x0 * layout.count;
        const b = y0 * image.step + x1 * layout.count;
        const d = y1 * image.step + x0 * layout.count;
        const e = y1 * image.step + x1 * layout.count;
        for (let c = 0; c < 3; c++) {
          const o = order[c]!;
          const top = data[a + o]! + (data[b + o]! - data[a + o]!) * fx;
          const bottom = data[d + o]! + (data[e + o]! - data[d + o]!) * fx;
          this.input[c * plane + i] = ((top + (bottom - top) * fy) / 255 - mean[c]!) / std[c]!;
        }
      }
    }
    return { scaleX, scaleY, padX, padY };
  }
}
