import { describe, expect, it } from 'vitest';
import { BlindSpotMemory } from '../../src/navigation/index.ts';

/** A laser at the base's centre seeing ±135° (the blind sector is behind, beyond ±135°). */
const VIEW = { x: 0, y: 0, yaw: 0, angleMin: (-3 * Math.PI) / 4, angleMax: (3 * Math.PI) / 4 };
const OPTIONS = { memoryS: 3, nearM: 0.6, cellM: 0.02 };

describe('BlindSpotMemory', () => {
  it('gives back a return the base has turned its back on, where it now lies, until the laser looks again', () => {
    const memory = new BlindSpotMemory(OPTIONS);
    // A counter's corner 0.4 m ahead, seen with the base at (1, 2) facing +x.
    memory.add(Float64Array.of(0.4, 0), 1, [1, 2, 0], 10);
    const out = new Float64Array(8);
    // Turned round: it is 0.4 m behind, in the blind sector, after the one live return already in `out`.
    expect(memory.appendBlind(out, 1, [1, 2, Math.PI], 11, VIEW)).toBe(2);
    expect(out[2]).toBeCloseTo(-0.4, 12);
    expect(out[3]).toBeCloseTo(0, 12);
    // Near the view's edge (130°) it still counts as unseen.
    expect(memory.appendBlind(out, 0, [1, 2, (-130 * Math.PI) / 180], 11, VIEW)).toBe(1);
    // Well in view again, the live scan says what is there: it is forgotten.
    expect(memory.appendBlind(out, 0, [1, 2, 0.5], 12, VIEW)).toBe(0);
    expect(memory.appendBlind(out, 0, [1, 2, Math.PI], 12, VIEW)).toBe(0);
  });

  it('forgets returns older than memoryS or left behind, keeps none beyond nearM, one per cell', () => {
    const memory = new BlindSpotMemory(OPTIONS);
    memory.add(Float64Array.of(0.4, 0, 0.9, 0), 2, [0, 0, 0], 10);
    const out = new Float64Array(64);
    expect(memory.appendBlind(out, 0, [0, 0, Math.PI], 12.9, VIEW)).toBe(1);
    expect(memory.appendBlind(out, 0, [0, 0, Math.PI], 13.1, VIEW)).toBe(0);
    // The base drives off 1 m and comes back: what it left behind is not brought back.
    memory.add(Float64Array.of(0.4, 0), 1, [0, 0, 0], 20);
    expect(memory.appendBlind(out, 0, [-1, 0, 0], 20, VIEW)).toBe(0);
    expect(memory.appendBlind(out, 0, [0, 0, Math.PI], 20, VIEW)).toBe(0);
    // The same spot seen again and again, and twice within a cell: kept once; a wall of returns
    // 2 cm apart, each; never past the room `out` has.
    for (let scan = 0; scan < 5; scan++)
      memory.add(Float64Array.of(0.3, 0.001, 0.305, 0.001), 2, [0, 0, 0], 30);
    expect(memory.appendBlind(out, 0, [0, 0, Math.PI], 30, VIEW)).toBe(1);
    const wall = new Float64Array(40);
    for (let k = 0; k < 20; k++) wall.set([0.3, -0.2 + 0.02 * k + 0.01], 2 * k);
    memory.add(wall, 20, [0, 0, 0], 31);
    expect(memory.appendBlind(out, 0, [0, 0, Math.PI], 31, VIEW)).toBe(20);
    expect(memory.appendBlind(new Float64Array(6), 0, [0, 0, Math.PI], 31, VIEW)).toBe(3);
  });

  it('remembers nothing with memoryS 0', () => {
    const none = new BlindSpotMemory({ ...OPTIONS, memoryS: 0 });
    none.add(Float64Array.of(0.3, 0), 1, [0, 0, 0], 1);
    expect(none.appendBlind(new Float64Array(8), 0, [0, 0, Math.PI], 1, VIEW)).toBe(0);
  });
});
