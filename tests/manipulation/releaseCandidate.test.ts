import { describe, expect, it } from 'vitest';
import { releaseCandidate, restoringRelease } from '../../src/manipulation/index.ts';

const HAND = { maxOpeningM: 0.13, padLengthM: 0.08 };
const cup = { tool: 'gripper' as const, heightM: 0.07, halfWidthM: 0.04 };

describe('releaseCandidate', () => {
  it("points down over the release point with the item's bottom the given height above the top", () => {
    const c = releaseCandidate(cup, [1, 2, 0.9], 0, 0.3, 0.03, HAND);
    expect(c.approach[2]).toBeCloseTo(-1, 12);
    expect(c.position[0]).toBeCloseTo(1, 12);
    expect(c.position[1]).toBeCloseTo(2, 12);
    expect(c.position[2]).toBeCloseTo(0.9 + 0.07 + 0.03, 12);
    expect(c.openingM).toBe(HAND.maxOpeningM);
  });

  it('tipped towards the furniture: the tool stands back along its axis and high enough for the lowest corner', () => {
    const tilt = Math.PI / 6;
    const c = releaseCandidate(cup, [1, 2, 0.9], tilt, Math.PI / 2, 0.01, HAND);
    // Tipped along +y: the approach leans that way and the tool stands back towards the robot.
    expect(c.approach[0]).toBeCloseTo(0, 12);
    expect(c.approach[1]).toBeCloseTo(Math.sin(tilt), 12);
    expect(c.position[1]).toBeCloseTo(2 - 0.07 * Math.sin(tilt), 12);
    // The item's bottom centre lands on the release point's vertical line.
    expect(c.position[1] + c.approach[1] * cup.heightM).toBeCloseTo(2, 12);
    expect(c.position[2]).toBeCloseTo(0.9 + 0.07 * Math.cos(tilt) + 0.04 * Math.sin(tilt) + 0.01, 12);
  });

  it("closes the jaws in the arm's plane, square to the approach; the cup has no closing direction", () => {
    const tilt = Math.PI / 6;
    const c = releaseCandidate(cup, [1, 2, 0.9], tilt, Math.PI / 2, 0.01, HAND);
    const closing = c.closing!;
    expect(Math.hypot(...closing)).toBeCloseTo(1, 12);
    expect(closing[0] * c.approach[0] + closing[1] * c.approach[1] + closing[2] * c.approach[2]).toBeCloseTo(
      0,
      12,
    );
    // In the vertical plane through the robot and the release point (here x = 1): no x component.
    expect(closing[0]).toBeCloseTo(0, 12);
    expect(
      releaseCandidate({ ...cup, tool: 'suction' }, [1, 2, 0.9], 0, 0, 0.03, HAND).closing,
    ).toBeUndefined();
  });

  it('turns an elongated item on the cup to lie along the side it is put down from', () => {
    // Its long axis 30° from the palm's y axis; put down reaching along +x, so the side runs along y.
    const shoe = {
      tool: 'suction' as const,
      heightM: 0.08,
      halfWidthM: 0.12,
      axisInPalm: { rad: Math.PI / 6, halfShortM: 0.05 },
    };
    const c = releaseCandidate(shoe, [1, 2, 0.6], 0, 0, 0.03, HAND);
    const palmY = Math.atan2(c.closing![1], c.closing![0]);
    // The long axis (palm y + 30°) lies along y, either way round.
    expect(Math.abs(Math.cos(palmY + Math.PI / 6))).toBeCloseTo(0, 12);
    expect(c.closing![2]).toBe(0);
    // Tipped over a high top it is left as it hangs.
    expect(releaseCandidate(shoe, [1, 2, 0.9], Math.PI / 6, 0, 0.01, HAND).closing).toBeUndefined();
  });

  it('sets an item taken by a leaned grasp down as it stood: the jaws leaned as at the grasp, turned to face the place', () => {
    // Taken from the side, leaned 75° along +x, the jaws closing along y.
    const lean = (75 * Math.PI) / 180;
    const jawsAtGrasp = {
      approach: [Math.sin(lean), 0, -Math.cos(lean)] as const,
      closing: [0, 1, 0] as const,
    };
    const c = restoringRelease({ ...cup, jawsAtGrasp }, [1, 2, 0.9], Math.PI / 2, 0.03, HAND)!;
    // Leaned as far, now along +y (towards the place); the jaws turned with it, along −x.
    expect(c.approach[0]).toBeCloseTo(0, 12);
    expect(c.approach[1]).toBeCloseTo(Math.sin(lean), 12);
    expect(c.approach[2]).toBeCloseTo(-Math.cos(lean), 12);
    expect(c.closing![0]).toBeCloseTo(-1, 12);
    expect(c.closing![2]).toBeCloseTo(0, 12);
    // The grip point as high over the item's bottom as at the pick, that bottom just over the top.
    expect(c.position).toEqual([1, 2, 0.9 + 0.07 + 0.03]);
    // Straight down, or nearly, or not taken with the jaws, the hand-down release does it.
    const nearlyDown = { approach: [0.1, 0, -Math.sqrt(0.99)] as const, closing: [0, 1, 0] as const };
    expect(restoringRelease({ ...cup, jawsAtGrasp: nearlyDown }, [1, 2, 0.9], 0, 0.03, HAND)).toBeUndefined();
    expect(restoringRelease(cup, [1, 2, 0.9], 0, 0.03, HAND)).toBeUndefined();
  });
});
