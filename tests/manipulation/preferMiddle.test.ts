import { describe, expect, it } from 'vitest';
import type { GraspCandidate } from '../../src/manipulation/analyticGrasp.ts';
import { preferMiddle } from '../../src/manipulation/preferMiddle.ts';

const grasp = (x: number, confidence: number, tool: GraspCandidate['tool'] = 'gripper'): GraspCandidate => ({
  tool,
  position: [x, 0, 0.043],
  approach: [0, 0, -1],
  ...(tool === 'gripper' ? { closing: [0, 1, 0] as const } : {}),
  openingM: 0.03,
  confidence,
});

describe('preferMiddle', () => {
  it('puts first the grasp nearest the middle of those about as likely to hold as the best, with its tool', () => {
    // A pencil along x centred at 0: the best grasp 6 cm off its middle, one at the middle 0.05 less sure.
    const end = grasp(0.06, 0.93);
    const middle = grasp(0.0, 0.88);
    const cup = grasp(0.001, 0.92, 'suction');
    const other = grasp(-0.06, 0.87);
    expect(preferMiddle([end, cup, middle, other], [0, 0])).toEqual([middle, end, cup, other]);
  });

  it('keeps the order where the grasps nearer the middle are much less likely to hold', () => {
    const end = grasp(0.06, 0.93);
    const middle = grasp(0.0, 0.7);
    expect(preferMiddle([end, middle], [0, 0])).toEqual([end, middle]);
    expect(preferMiddle([], [0, 0])).toEqual([]);
  });
});
