/** What a consumer RGB-D sensor does to a rendered depth image: noise σ = a + b·z² and dropout (NaN). */
import type { Random } from '../../src/common/random.ts';

export interface DepthNoise {
  readonly a: number;
  readonly b: number;
  readonly dropout: number;
}

export function noisyDepth(depth: Float32Array, noise: DepthNoise, random: Random): Float32Array {
  const out = new Float32Array(depth.length);
  for (let k = 0; k < depth.length; k++) {
    const z = depth[k]!;
    out[k] =
      z <= 0 || random.next() < noise.dropout
        ? Number.NaN
        : z + (noise.a + noise.b * z * z) * random.gaussian();
  }
  return out;
}
