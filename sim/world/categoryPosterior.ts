/**
 * The Bayes posterior over item categories for an observer who knows everything the catalog
 * draws for one item: its rendered shape, its exact dimensions and its exact colour. No detector
 * looking at pixels knows more, so categories this posterior cannot separate (a blue slipper and
 * a blue sandal of the same size) bound what any detector trained on the sim can reach; the
 * perception evaluation reports that ceiling next to the detector's mAP.
 *
 * Follows generateWorld: category uniform, dimensions = uniform draw per axis × one uniform
 * scale, colour = palette entry with each channel × a uniform jitter, rounded and clamped.
 */
import { COLOR_RGB, ITEM_CATEGORIES, type ItemShape, type Range } from './catalog.ts';
import type { RandomizationConfig } from './randomization.ts';

export const CATEGORY_NAMES: readonly string[] = Object.keys(ITEM_CATEGORIES);

/** Cloth renders as a thin box (sim/render/meshes.ts), so the two look the same. */
const renderedShape = (shape: ItemShape): ItemShape => (shape === 'cloth' ? 'box' : shape);

export interface ObservedItem {
  readonly shape: ItemShape;
  readonly dimensions: readonly number[];
  /** sRGB 0-255, after jitter. */
  readonly color: readonly number[];
}

/** Posterior probability per category, in CATEGORY_NAMES order; sums to 1. */
export function categoryPosterior(item: ObservedItem, config: RandomizationConfig): Float64Array {
  const posterior = new Float64Array(CATEGORY_NAMES.length);
  let total = 0;
  CATEGORY_NAMES.forEach((name, c) => {
    const category = ITEM_CATEGORIES[name]!;
    if (renderedShape(category.shape) !== renderedShape(item.shape)) return;
    const size = sizeLikelihood(item.dimensions, category.size, config.objectScale);
    if (size === 0) return;
    let color = 0;
    for (const colorName of category.colors)
      color += colorLikelihood(item.color, COLOR_RGB[colorName] ?? [128, 128, 128], config.colorJitter);
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
