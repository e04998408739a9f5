/**
 * The Bayes posterior over item categories for an observer who knows everything the catalog
 * draws for one item: its rendered shape, its exact dimensions and its exact colour. No detector
 * looking at pixels knows more, so categories this posterior cannot separate (a blue slipper and
 * a blue sandal of the same size) bound what any detector trained on the sim can reach; the
 * perception evaluation reports that ceiling next to the detector's mAP.
 *
 * Follows generateWorld: category uniform, dimensions = uniform draw per axis × one uniform
 * scale, colour = palette entry with each channel × a uniform jitter, rounded and clamped.
 *
 * With `MeasurementNoise` the observer measures instead: each dimension with Gaussian error of
 * `dimensionsM`, each colour channel with Gaussian error of `colorFraction` of its value. A
 * detector reads size from a depth sensor and colour under unknown light, so this posterior
 * bounds it more tightly: how precisely an item must be measured to be named.
 */
import { COLOR_RGB, ITEM_CATEGORIES, type ItemShape, type Range } from '../../../sim/world/catalog.ts';
import type { RandomizationConfig } from '../../../sim/world/randomization.ts';

export const CATEGORY_NAMES: readonly string[] = Object.keys(ITEM_CATEGORIES);

/** Cloth renders as a thin box (sim/render/meshes.ts), so the two look the same. */
const renderedShape = (shape: ItemShape): ItemShape => (shape === 'cloth' ? 'box' : shape);

/** Standard deviations of the observer's measurement errors. */
export interface MeasurementNoise {
  /** Per dimension, metres. */
  readonly dimensionsM: number;
  /** Per colour channel, as a fraction of the channel's value. */
  readonly colorFraction: number;
}

/** Midpoint steps of the integrals over the scale and the colour jitter under noise. */
const INTEGRATION_STEPS = 48;

export interface ObservedItem {
  readonly shape: ItemShape;
  readonly dimensions: readonly number[];
  /** sRGB 0-255, after jitter. */
  readonly color: readonly number[];
}

/** Posterior probability per category, in CATEGORY_NAMES order; sums to 1. */
export function categoryPosterior(
  item: ObservedItem,
  config: RandomizationConfig,
  noise?: MeasurementNoise,
): Float64Array {
  if (noise && !(noise.dimensionsM > 0 && noise.colorFraction > 0))
    throw new Error(
      `measurement errors must be positive (omit the noise for exact measurement), got size ${noise.dimensionsM} m and colour ${noise.colorFraction}`,
    );
  const posterior = new Float64Array(CATEGORY_NAMES.length);
  let total = 0;
  CATEGORY_NAMES.forEach((name, c) => {
    const category = ITEM_CATEGORIES[name]!;
    if (renderedShape(category.shape) !== renderedShape(item.shape)) return;
    const size = noise
      ? noisySizeLikelihood(item.dimensions, category.size, config.objectScale, noise.dimensionsM)
      : sizeLikelihood(item.dimensions, category.size, config.objectScale);
    if (size === 0) return;
    let color = 0;
    for (const colorName of category.colors) {
      const base = COLOR_RGB[colorName] ?? [128, 128, 128];
      color += noise
        ? noisyColorLikelihood(item.color, base, config.colorJitter, noise.colorFraction)
        : colorLikelihood(item.color, base, config.colorJitter);
    }
    posterior[c] = size * (color / category.colors.length);
    total += posterior[c]!;
  });
  if (total === 0)
    throw new Error(
      `no category could have produced a ${item.shape} of ${item.dimensions.join(' x ')} m in colour ${item.color.join(',')}`,
    );
  for (let c = 0; c < posterior.length; c++) posterior[c]! /= total;
  return posterior;
}

/**
 * Density of dimensions d_i = u_i · s, u_i ~ U(lo_i, hi_i), s ~ U(scale): the integral over s of
 * Π_i 1 / ((hi_i - lo_i) s) where every u_i = d_i / s lies in its range, done in closed form.
 */
function sizeLikelihood(dims: readonly number[], ranges: readonly Range[], scale: Range): number {
  let from = scale[0];
  let to = scale[1];
  let constant = 1 / (scale[1] - scale[0]);
  ranges.forEach(([lo, hi], i) => {
    from = Math.max(from, dims[i]! / hi);
    to = Math.min(to, dims[i]! / lo);
    constant /= hi - lo;
  });
  if (!(to > from)) return 0;
  const n = ranges.length;
  const integral = n === 1 ? Math.log(to / from) : (from ** (1 - n) - to ** (1 - n)) / (n - 1);
  return constant * integral;
}

/** Probability that round(clamp(base · f)) gives `observed` on every channel, f ~ U(jitter) per channel. */
function colorLikelihood(observed: readonly number[], base: readonly number[], jitter: Range): number {
  let p = 1;
  for (let ch = 0; ch < 3; ch++) {
    const v = observed[ch]!;
    const b = base[ch]!;
    const low = v <= 0 ? -Infinity : (v - 0.5) / b;
    const high = v >= 255 ? Infinity : (v + 0.5) / b;
    p *= Math.max(0, Math.min(high, jitter[1]) - Math.max(low, jitter[0])) / (jitter[1] - jitter[0]);
    if (p === 0) return 0;
  }
  return p;
}

/** sizeLikelihood with each dimension measured with Gaussian error σ: the integral over s, numerically. */
function noisySizeLikelihood(
  dims: readonly number[],
  ranges: readonly Range[],
  scale: Range,
  sigma: number,
): number {
  let sum = 0;
  for (let k = 0; k < INTEGRATION_STEPS; k++) {
    const s = scale[0] + ((k + 0.5) / INTEGRATION_STEPS) * (scale[1] - scale[0]);
    let p = 1;
    ranges.forEach(([lo, hi], i) => {
      const d = dims[i]!;
      p *= (normalCdf((d - lo * s) / sigma) - normalCdf((d - hi * s) / sigma)) / ((hi - lo) * s);
    });
    sum += p;
  }
  return sum / INTEGRATION_STEPS;
}

/** Density of the observed channels, each base · f measured with Gaussian error of σ of its value (0.5 at least). */
function noisyColorLikelihood(
  observed: readonly number[],
  base: readonly number[],
  jitter: Range,
  sigma: number,
): number {
  let p = 1;
  for (let ch = 0; ch < 3; ch++) {
    let sum = 0;
    for (let k = 0; k < INTEGRATION_STEPS; k++) {
      const mean = base[ch]! * (jitter[0] + ((k + 0.5) / INTEGRATION_STEPS) * (jitter[1] - jitter[0]));
      const sd = Math.max(0.5, sigma * mean);
      sum += Math.exp(-0.5 * ((observed[ch]! - mean) / sd) ** 2) / sd;
    }
    p *= sum / INTEGRATION_STEPS;
  }
  return p;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
