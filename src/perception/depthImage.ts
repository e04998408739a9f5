/**
 * Depth images as metres: `sensor_msgs/Image` with encoding 32FC1 (metres) or 16UC1
 * (millimetres, REP 118), either byte order, into a reused Float32Array; 0 (and NaN, ±∞ for
 * 32FC1) mean "no return".
 */
import type { ImageLike } from './ImageTensorizer.ts';

export interface DepthImageLike extends ImageLike {
  readonly is_bigendian?: number;
}

const BYTES_PER_PIXEL: Record<string, number> = { '32FC1': 4, '16UC1': 2 };

/** Depth in metres, row-major width × height, written into `out` when it is large enough. */
export function depthInMetres(image: DepthImageLike, out?: Float32Array): Float32Array {
  const bytes = BYTES_PER_PIXEL[image.encoding];
  if (!bytes)
    throw new Error(
      `unsupported depth encoding '${image.encoding}' (expected 32FC1 in metres or 16UC1 in mm)`,
    );
  if (!(image.width > 0 && image.height > 0))
    throw new Error(`depth image has no pixels: ${image.width}×${image.height}`);
  if (image.step < image.width * bytes || image.data.length < image.step * image.height)
    throw new Error(
      `depth image data too short: ${image.data.length} bytes for ${image.height} rows of step ${image.step} (${image.encoding}, width ${image.width})`,
    );
  const data = image.data instanceof Uint8Array ? image.data : Uint8Array.from(image.data);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const little = !image.is_bigendian;
  const n = image.width * image.height;
  const metres = out && out.length >= n ? out : new Float32Array(n);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.step;
    for (let x = 0; x < image.width; x++) {
      const i = y * image.width + x;
      if (bytes === 4) {
        const v = view.getFloat32(row + 4 * x, little);
        metres[i] = Number.isFinite(v) && v > 0 ? v : 0;
      } else {
        metres[i] = view.getUint16(row + 2 * x, little) / 1000;
      }
    }
  }
  return metres;
}
