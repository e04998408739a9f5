import { describe, expect, it } from 'vitest';
import type { GraspCandidate } from '../../src/manipulation/analyticGrasp.ts';
import { jawsFirst } from '../../src/manipulation/jawsFirst.ts';

const grasp = (x: number, confidence: number, tool: GraspCandidate['tool']): GraspCandidate => ({
  tool,
  position: [x, 0, 0.02],
  approach: [0, 0, -1],
  ...(tool === 'gripper' ? { closing: [0, 1, 0] as const } : {}),
  openingM: 0.03,
  confidence,
});

describe('jawsFirst', () => {
  it('after a cup that did not seal, tries the jaws before the other suction grasps, each in rank order', () => {
    const cupA = grasp(0.02, 0.8, 'suction');
    const cupB = grasp(-0.02, 0.75, 'suction');
    const jawsA = grasp(0, 0.6, 'gripper');
    const jawsB = grasp(0.05, 0.55, 'gripper');
    expect(jawsFirst([cupA, jawsA, cupB, jawsB])).toEqual([jawsA, jawsB, cupA, cupB]);
    expect(jawsFirst([cupA, cupB])).toEqual([cupA, cupB]);
    expect(jawsFirst([])).toEqual([]);
  });
});
