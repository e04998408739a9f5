/**
 * Domain randomization: every randomized quantity of the simulated room and its range, in one
 * typed configuration. `train` is what models are trained on; `heldout` widens some ranges past
 * anything `train` sees (dimmer and coloured light, stronger sensor noise, larger camera errors,
 * unseen floor tints, more clutter) — our stand-in for the real world.
 */
import type { Range } from './catalog.ts';

export interface RandomizationConfig {
  readonly name: 'train' | 'heldout';
  /** Item colour jitter: each RGB channel scaled by a factor in this range. */
  readonly colorJitter: Range;
  readonly lightIntensity: Range;
  /** Light colour temperature-like tint: red/blue channel factors. */
  readonly lightTint: Range;
  readonly lightElevationDeg: Range;
  readonly ambient: Range;
  readonly cameraFocalScale: Range;
  /** Camera mounting error: rotation (deg) and translation (m), each axis uniform in ±value. */
  readonly mountingErrorDeg: number;
  readonly mountingErrorM: number;
  /** Depth noise: standard deviation = a + b·z² (metres). */
  readonly depthNoise: { readonly a: Range; readonly b: Range };
  readonly depthDropout: Range;
  readonly imageNoiseStd: Range;
  readonly friction: Range;
  readonly massScale: Range;
  readonly objectScale: Range;
  readonly itemCount: Range;
  /** Floor and wall base colours (sRGB) sampled per world. */
  readonly floorColors: ReadonlyArray<readonly [number, number, number]>;
  readonly wallColors: ReadonlyArray<readonly [number, number, number]>;
}

export const RANDOMIZATION: Readonly<Record<'train' | 'heldout', RandomizationConfig>> = {
  train: {
    name: 'train',
    colorJitter: [0.85, 1.15],
    lightIntensity: [0.7, 1.1],
    lightTint: [0.95, 1.05],
    lightElevationDeg: [40, 80],
    ambient: [0.25, 0.4],
    cameraFocalScale: [0.97, 1.03],
    mountingErrorDeg: 0.5,
    mountingErrorM: 0.005,
    depthNoise: { a: [0.001, 0.002], b: [0.001, 0.002] },
    depthDropout: [0, 0.01],
    imageNoiseStd: [0, 3],
    friction: [0.9, 1.1],
    massScale: [0.9, 1.1],
    objectScale: [0.95, 1.05],
    itemCount: [20, 50],
    floorColors: [
      [180, 150, 110],
      [150, 120, 90],
      [200, 190, 170],
    ],
    wallColors: [
      [235, 235, 225],
      [220, 225, 230],
    ],
  },
  heldout: {
    name: 'heldout',
    colorJitter: [0.7, 1.3],
    lightIntensity: [0.45, 1.3],
    lightTint: [0.85, 1.15],
    lightElevationDeg: [20, 85],
    ambient: [0.15, 0.45],
    cameraFocalScale: [0.94, 1.06],
    mountingErrorDeg: 1.5,
    mountingErrorM: 0.015,
    depthNoise: { a: [0.002, 0.005], b: [0.002, 0.005] },
    depthDropout: [0.01, 0.05],
    imageNoiseStd: [2, 8],
    friction: [0.7, 1.3],
    massScale: [0.8, 1.25],
    objectScale: [0.9, 1.1],
    itemCount: [30, 70],
    floorColors: [
      [120, 120, 125],
      [90, 70, 60],
      [230, 225, 215],
    ],
    wallColors: [
      [250, 240, 220],
      [200, 210, 200],
    ],
  },
};
