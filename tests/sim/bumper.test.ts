import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/Simulation.ts';

const STEP_S = 1 / 240;

describe('bumper', () => {
  it('reports contact only while the base touches a wall, not while it drives or crawls in the open', async () => {
    const sim = await Simulation.create({ seed: 2, layout: 'empty', people: 0 });
    sim.setCommand({ vx: 0.002, vy: 0, wz: 0 });
    for (let k = 0; k < 240; k++) {
      sim.step(STEP_S);
      expect(sim.bumperPressed).toBe(false);
    }
    // Facing +y from the middle of the room: drive into the far wall.
    sim.setCommand({ vx: 0.3, vy: 0, wz: 0 });
    let pressedAt = -1;
    for (let k = 0; k < 240 * 30 && pressedAt < 0; k++) {
      sim.step(STEP_S);
      if (sim.bumperPressed) pressedAt = sim.base[1]!;
    }
    expect(pressedAt).toBeGreaterThan(sim.world.room.depth - 0.215 - 0.02);
    sim.setCommand({ vx: -0.3, vy: 0, wz: 0 });
    for (let k = 0; k < 240; k++) sim.step(STEP_S);
    expect(sim.bumperPressed).toBe(false);
    sim.physics.free();
  });
});
