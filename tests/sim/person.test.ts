import { describe, expect, it } from 'vitest';
import { furnitureFootprint, overlapsFootprint } from '../../sim/world/furnitureFootprint.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { generatePerson, PERSON } from '../../sim/world/person.ts';
import { LASER, Simulation } from '../../sim/Simulation.ts';

const SEEDS = [1, 2, 3, 4, 5, 6];

describe('walking person', () => {
  it('walks a loop on free floor at 0.5-1.2 m/s, never through furniture', () => {
    for (const seed of SEEDS) {
      const world = generateWorld(seed, 'train');
      const person = generatePerson(world, seed);
      expect(person).toBeDefined();
      expect(person!.speedMps).toBeGreaterThanOrEqual(0.5);
      expect(person!.speedMps).toBeLessThanOrEqual(1.2);
      const footprints = world.furniture.map(furnitureFootprint);
      const pose = new Float64Array(3);
      for (let t = 0; t < 60; t += 0.1) {
        person!.pose(t, pose);
        expect(footprints.some((f) => overlapsFootprint(f, pose[0]!, pose[1]!, PERSON.radiusM, 0))).toBe(
          false,
        );
        expect(pose[0]).toBeGreaterThan(PERSON.radiusM);
        expect(pose[0]).toBeLessThan(world.room.width - PERSON.radiusM);
      }
      // Moving at its speed: 1 s apart, at most speed·1 s apart (less at a corner).
      const a = person!.pose(10, new Float64Array(3));
      const b = person!.pose(11, new Float64Array(3));
      expect(Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!)).toBeLessThanOrEqual(person!.speedMps + 1e-9);
    }
  });

  it('stands away from where the robot starts until the stack is up, then walks its loop', () => {
    for (const seed of SEEDS) {
      const world = generateWorld(seed, 'train');
      const start = { x: world.room.width / 2, y: world.room.depth / 2 - 0.6 };
      const walk = generatePerson(world, seed, start)!;
      const free = generatePerson(world, seed)!;
      expect(walk.waypoints).toEqual(free.waypoints);
      const first = walk.pose(0, new Float64Array(3));
      const later = walk.pose(2.9, new Float64Array(3));
      expect(Math.hypot(later[0]! - first[0]!, later[1]! - first[1]!)).toBe(0);
      // The farthest point of its loop from the start, on samples every 0.2 m.
      let farthest = 0;
      const pose = new Float64Array(3);
      for (let t = 0; t < free.loopM / free.speedMps; t += 0.2 / free.speedMps) {
        free.pose(t, pose);
        farthest = Math.max(farthest, Math.hypot(pose[0]! - start.x, pose[1]! - start.y));
      }
      expect(Math.hypot(first[0]! - start.x, first[1]! - start.y)).toBeGreaterThan(farthest - 0.2);
      const walking = walk.pose(5, new Float64Array(3));
      expect(Math.hypot(walking[0]! - first[0]!, walking[1]! - first[1]!)).toBeGreaterThan(0.3);
    }
  });

  it('is seen by the laser where it stands, and appears only when asked', async () => {
    const sim = await Simulation.create({ seed: 3, layout: 'empty', people: 1 });
    const none = await Simulation.create({ seed: 3, layout: 'empty', people: 0 });
    expect(none.person).toBeUndefined();
    expect(sim.person).toBeDefined();
    for (let k = 0; k < 240; k++) sim.step(1 / 240);
    const ranges = sim.laserScan();
    const sensor = sim.linkPose('base_range_sensor_link');
    const yaw = sim.base[2]!;
    const sx = sim.base[0]! + Math.cos(yaw) * sensor[0]! - Math.sin(yaw) * sensor[1]!;
    const sy = sim.base[1]! + Math.sin(yaw) * sensor[0]! + Math.cos(yaw) * sensor[1]!;
    const bearing = Math.atan2(sim.personPose[1]! - sy, sim.personPose[0]! - sx) - yaw;
    const wrapped = Math.atan2(Math.sin(bearing), Math.cos(bearing));
    if (Math.abs(wrapped) < LASER.fovRad / 2 - 0.05) {
      const beam = Math.round(((wrapped + LASER.fovRad / 2) / LASER.fovRad) * (LASER.beams - 1));
      const distance = Math.hypot(sim.personPose[0]! - sx, sim.personPose[1]! - sy);
      expect(ranges[beam]).toBeCloseTo(distance - PERSON.radiusM, 1);
    } else {
      // Behind the base, in the laser's blind spot: the beams beside it see the walls only.
      expect(Math.min(...ranges)).toBeGreaterThan(0.3);
    }
    sim.physics.free();
    none.physics.free();
  });
});
