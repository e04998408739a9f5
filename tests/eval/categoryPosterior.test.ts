import { describe, expect, it } from 'vitest';
import { CATEGORY_NAMES, categoryPosterior } from '../../scripts/eval/harness/categoryPosterior.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { RANDOMIZATION } from '../../sim/world/randomization.ts';
import { Random } from '../../src/common/random.ts';

const probability = (posterior: Float64Array, name: string) => posterior[CATEGORY_NAMES.indexOf(name)]!;

describe('categoryPosterior', () => {
  it('is certain where only one category fits (a long black capsule is an umbrella)', () => {
    const posterior = categoryPosterior(
      { shape: 'capsule', dimensions: [0.03, 0.65], color: [25, 25, 25] },
      RANDOMIZATION.heldout,
    );
    expect(probability(posterior, 'umbrella')).toBeCloseTo(1, 9);
  });

  it('splits between categories whose sizes and colours overlap (a blue slipper-sized box)', () => {
    const posterior = categoryPosterior(
      { shape: 'box', dimensions: [0.25, 0.1, 0.045], color: [40, 80, 200] },
      RANDOMIZATION.train,
    );
    expect(probability(posterior, 'slipper')).toBeGreaterThan(0.2);
    expect(probability(posterior, 'sandal')).toBeGreaterThan(0.2);
    expect(probability(posterior, 'shoe')).toBe(0); // shoes are at least 8 cm tall
    expect(posterior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('treats cloth as the box it renders as', () => {
    const posterior = categoryPosterior(
      { shape: 'box', dimensions: [0.6, 0.5, 0.06], color: [128, 128, 128] },
      RANDOMIZATION.train,
    );
    expect(probability(posterior, 'blanket')).toBeCloseTo(1, 9);
  });

  it('names the most probable category right for most generated items', () => {
    let right = 0;
    let total = 0;
    for (let seed = 1; seed <= 20; seed++)
      for (const item of generateWorld(seed, 'heldout').items) {
        const posterior = categoryPosterior(item, RANDOMIZATION.heldout);
        right += posterior.indexOf(Math.max(...posterior)) === CATEGORY_NAMES.indexOf(item.category) ? 1 : 0;
        total++;
      }
    expect(right / total).toBeGreaterThan(0.9);
  });

  it('matches the exact posterior when the measurement error is tiny', () => {
    const item = { shape: 'box' as const, dimensions: [0.25, 0.1, 0.045], color: [40, 80, 200] };
    const exact = categoryPosterior(item, RANDOMIZATION.train);
    const measured = categoryPosterior(item, RANDOMIZATION.train, { dimensionsM: 1e-5, colorFraction: 1e-3 });
    exact.forEach((p, c) => expect(measured[c]).toBeCloseTo(p, 2));
    expect(() =>
      categoryPosterior(item, RANDOMIZATION.train, { dimensionsM: 0, colorFraction: 0.1 }),
    ).toThrow(/measurement errors must be positive .* got size 0 m and colour 0.1/);
  });

  it('leaves categories open that a measurement error could have turned into the reading', () => {
    // 6 cm tall: no shoe (7.6 cm at least) exactly, but a possible one when heights are read to ±2 cm.
    const item = { shape: 'box' as const, dimensions: [0.25, 0.1, 0.06], color: [40, 80, 200] };
    expect(probability(categoryPosterior(item, RANDOMIZATION.train), 'shoe')).toBe(0);
    const measured = categoryPosterior(item, RANDOMIZATION.train, { dimensionsM: 0.02, colorFraction: 0.1 });
    expect(probability(measured, 'shoe')).toBeGreaterThan(0.05);
    expect(measured.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('names fewer generated items right the less precisely they are measured', () => {
    const random = new Random(3);
    const namedRight = (sizeError: number) => {
      let right = 0;
      let total = 0;
      for (let seed = 1; seed <= 10; seed++)
        for (const item of generateWorld(seed, 'heldout').items) {
          const measured = {
            shape: item.shape,
            dimensions: item.dimensions.map((d) => d + sizeError * random.gaussian()),
            color: item.color.map((c) => c * (1 + 0.1 * random.gaussian())),
          };
          const posterior = categoryPosterior(measured, RANDOMIZATION.heldout, {
            dimensionsM: sizeError,
            colorFraction: 0.1,
          });
          right +=
            posterior.indexOf(Math.max(...posterior)) === CATEGORY_NAMES.indexOf(item.category) ? 1 : 0;
          total++;
        }
      return right / total;
    };
    const fine = namedRight(0.002);
    const coarse = namedRight(0.02);
    expect(fine).toBeGreaterThan(0.9);
    expect(coarse).toBeLessThan(fine - 0.1);
  });

  it('says what it was given when no category could have produced it', () => {
    expect(() =>
      categoryPosterior({ shape: 'sphere', dimensions: [2], color: [128, 128, 128] }, RANDOMIZATION.train),
    ).toThrow(/sphere of 2 m/);
  });
});
