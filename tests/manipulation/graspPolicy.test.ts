import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GraspPolicy, graspFrame, graspProposals } from '../../src/manipulation/index.ts';
import * as quaternion from '../../src/geometry/quaternion.ts';
import {
  HEIGHT_MAP,
  HEIGHT_MAP_VALUES,
  SHAPE_FEATURES,
  writeGraspFeatures,
} from '../../src/manipulation/graspFeatures.ts';
import { JAW_TURNS } from '../../src/manipulation/graspProposals.ts';
import { boxPoints } from './boxPoints.ts';

const HAND = { maxOpeningM: 0.13, padLengthM: 0.08 };
const POLICY = fileURLToPath(new URL('../../models/katazuke_grasp_policy.json', import.meta.url));

describe('grasp proposals', () => {
  it('turns the jaws all round over the middle and both halves of a long item, opened to what lies between the pads', () => {
    const proposals = graspProposals(boxPoints(1, 2, 0.2, 0.05, 0.08, 0), 0, HAND)!;
    const jaws = proposals.candidates.filter((c) => c.tool === 'gripper');
    expect(jaws).toHaveLength(3 * JAW_TURNS);
    const across = jaws.find((c) => Math.abs(c.closing![1]) > 0.999 && Math.abs(c.position[0] - 1) < 1e-3)!;
    // 5 cm across plus 1.5 cm of room each side.
    expect(across.openingM).toBeCloseTo(0.08, 2);
    const along = jaws.find((c) => Math.abs(c.closing![0]) > 0.999 && Math.abs(c.position[0] - 1) < 1e-3)!;
    expect(along.openingM).toBe(HAND.maxOpeningM);
    // A quarter of the footprint's length (its 5–95 % span) either side of the middle.
    const xs = [...new Set(jaws.map((c) => Number(c.position[0].toFixed(3))))].sort();
    expect(xs).toHaveLength(3);
    expect(xs[0]).toBeCloseTo(0.955, 2);
    expect(xs[1]).toBeCloseTo(1, 3);
    expect(xs[2]).toBeCloseTo(1.045, 2);
    const cups = proposals.candidates.filter((c) => c.tool === 'suction');
    expect(cups.length).toBeGreaterThan(0);
    for (const cup of cups) expect(cup.position[2]).toBeCloseTo(0.08, 2);
  });

  it('puts the cup towards the ends and sides of a top only where its rim stays well inside the edge', () => {
    // A remote 18 × 4.5 cm: the cup along its length, never a quarter of its width off the middle.
    const remote = graspProposals(boxPoints(1, 2, 0.18, 0.045, 0.022, 0), 0, HAND)!;
    const cups = remote.candidates.filter((c) => c.tool === 'suction');
    expect(cups).toHaveLength(3);
    for (const cup of cups) expect(Math.abs(cup.position[1] - 2)).toBeLessThan(0.002);
    expect(Math.max(...cups.map((c) => Math.abs(c.position[0] - 1)))).toBeGreaterThan(0.03);
    // A book 20 × 12 cm: both ways, each point with its rim 1 cm inside the footprint.
    const book = graspProposals(boxPoints(1, 2, 0.2, 0.12, 0.03, 0), 0, HAND)!;
    const bookCups = book.candidates.filter((c) => c.tool === 'suction');
    expect(bookCups).toHaveLength(5);
    const { lengthM, widthM } = book.footprint;
    for (const cup of bookCups) {
      expect(Math.abs(cup.position[0] - 1)).toBeLessThanOrEqual(lengthM / 2 - 0.025 + 1e-9);
      expect(Math.abs(cup.position[1] - 2)).toBeLessThanOrEqual(widthM / 2 - 0.025 + 1e-9);
    }
  });

  it('grips a tall item at its top and also as low as the fingertips allow', () => {
    const proposals = graspProposals(boxPoints(0, 0, 0.06, 0.06, 0.15, 0), 0, HAND)!;
    const heights = new Set(
      proposals.candidates.filter((c) => c.tool === 'gripper').map((c) => c.position[2].toFixed(3)),
    );
    // 3.5 cm below the 15 cm top; the pads' middle 4 cm above 3 mm of clearance.
    expect(heights).toEqual(new Set(['0.115', '0.043']));
  });

  it('pinches a crumpled cloth across its fold, fingertips above the layer, where the jaws cannot span it', () => {
    // A 40 × 30 cm cloth 1.2 cm thick with a fold 3 cm wide and 5 cm high running along y at x = 1.05.
    // The layer as the camera sees it from above: its top.
    const slab = boxPoints(1, 2, 0.4, 0.3, 0.012, 0);
    const layer: number[] = [];
    for (let k = 0; k < slab.length; k += 3)
      if (slab[k + 2] === 0.012) layer.push(slab[k]!, slab[k + 1]!, 0.012);
    const fold = boxPoints(1.05, 2, 0.03, 0.25, 0.05, 0);
    const proposals = graspProposals(Float64Array.from([...layer, ...fold]), 0, HAND)!;
    const jaws = proposals.candidates.filter((c) => c.tool === 'gripper');
    expect(jaws).toHaveLength(9);
    for (const c of jaws) {
      expect(c.position[0]).toBeCloseTo(1.05, 2);
      // Closing across the fold (along x, within 15°), opened to its width plus room.
      expect(Math.abs(c.closing![0])).toBeGreaterThan(Math.cos(Math.PI / 12) - 1e-3);
      expect(c.openingM).toBeGreaterThan(0.05);
      expect(c.openingM).toBeLessThan(0.07);
      // The pads' middle half their length above the fingertips, 3 mm over the 1.2 cm layer.
      expect(c.position[2]).toBeCloseTo(0.012 + 0.003 + HAND.padLengthM / 2, 3);
    }
    // A plain box's top is no fold: only the jaws over the item itself.
    const box = graspProposals(boxPoints(1, 2, 0.2, 0.05, 0.08, 0), 0, HAND)!;
    expect(box.candidates.filter((c) => c.tool === 'gripper')).toHaveLength(3 * JAW_TURNS);
  });

  it('proposes nothing from too few points', () => {
    expect(graspProposals(Float64Array.of(1, 2, 0.05, 1, 2, 0.06), 0, HAND)).toBeUndefined();
  });
});

describe('grasp features', () => {
  it("maps the item's heights in the candidate's frame, with the jaws' closing direction along x", () => {
    // A long thin box along map y: in the frame of jaws closing along map x it lies along the map's v axis.
    const points = boxPoints(0, 0, 0.03, 0.2, 0.05, 0);
    const proposals = graspProposals(points, 0, HAND)!;
    const candidate = proposals.candidates.find(
      (c) =>
        c.tool === 'gripper' &&
        Math.abs(c.closing![0]) > 0.999 &&
        Math.hypot(c.position[0], c.position[1]) < 1e-3,
    )!;
    const maps = new Float32Array(HEIGHT_MAP_VALUES);
    const classes = Float32Array.of(0, 1);
    const vector = new Float32Array(SHAPE_FEATURES + 2);
    writeGraspFeatures(
      proposals.points,
      0,
      proposals.footprint,
      candidate,
      classes,
      HAND,
      maps,
      0,
      vector,
      0,
    );
    const { cells } = HEIGHT_MAP;
    const middle = cells / 2;
    // Along v (map y) the item fills the map; along u (map x) only its 3 cm.
    expect(maps[(middle - 10) * cells + middle]).toBeCloseTo(0.25, 2);
    expect(maps[middle * cells + middle + 6]).toBe(0);
    expect(maps[cells * cells + (middle + 10) * cells + middle]).toBe(1);
    expect(vector[0]).toBe(1);
    expect(vector[1]).toBe(0);
    expect(vector[SHAPE_FEATURES + 1]).toBe(1);
  });
});

describe('grasp policy', () => {
  it('ranks distinct candidates by their predicted chance of holding', async () => {
    const policy = await GraspPolicy.open(POLICY);
    const points = boxPoints(1, 2, 0.2, 0.05, 0.08, Math.PI / 6);
    const ranked = await policy.rank(points, 0, [{ name: 'remote control', score: 1 }], HAND, 5);
    expect(ranked).toHaveLength(5);
    for (let k = 0; k < ranked.length; k++) {
      expect(ranked[k]!.confidence).toBeGreaterThanOrEqual(0);
      expect(ranked[k]!.confidence).toBeLessThanOrEqual(1);
      if (k > 0) expect(ranked[k]!.confidence).toBeLessThanOrEqual(ranked[k - 1]!.confidence);
      for (let j = 0; j < k; j++) {
        const [a, b] = [ranked[k]!, ranked[j]!];
        const same =
          a.tool === b.tool &&
          Math.hypot(a.position[0] - b.position[0], a.position[1] - b.position[1]) < 0.015 &&
          (!a.closing ||
            Math.abs(a.closing[0] * b.closing![0] + a.closing[1] * b.closing![1]) > Math.cos(0.35));
        expect(same).toBe(false);
      }
    }
    expect(policy.timings.inferenceMs).toBeGreaterThan(0);
  });

  it('names the file when its config is broken', async () => {
    await expect(GraspPolicy.open('/nonexistent/policy.json')).rejects.toThrow('/nonexistent/policy.json');
  });
});

describe('grasp frame', () => {
  it("is the palm's pose taking the grasp: z along the approach, y along the closing direction", () => {
    const closing = [Math.SQRT1_2, Math.SQRT1_2, 0] as const;
    const frame = graspFrame({
      tool: 'gripper',
      position: [1, 2, 0.05],
      approach: [0, 0, -1],
      closing,
      openingM: 0.1,
      confidence: 1,
    });
    expect(Array.from(frame.subarray(0, 3))).toEqual([1, 2, 0.05]);
    const q = frame.subarray(3);
    const y = quaternion.act(new Float64Array(3), q, [0, 1, 0]);
    const z = quaternion.act(new Float64Array(3), q, [0, 0, 1]);
    [0, 1, 2].forEach((k) => expect(y[k]).toBeCloseTo(closing[k]!, 9));
    [0, 1, 2].forEach((k) => expect(z[k]).toBeCloseTo([0, 0, -1][k]!, 9));
  });
});
