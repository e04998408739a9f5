/**
 * npm run bench:sim — simulated seconds per wall second with every sensor at its nominal rate
 * (head RGB-D 640x480 at 5 Hz, two ceiling cameras 640x480 at 1 Hz, laser 1081 beams at 10 Hz,
 * physics at 240 Hz) while the base drives, for 10, 50 and 200 items; and per-sensor times.
 */
import { Simulation } from '../../sim/Simulation.ts';
import { buildSceneMesh } from '../../sim/render/meshes.ts';
import { Rasterizer } from '../../sim/render/Rasterizer.ts';
import { summarize, table } from './stats.ts';

const SIM_SECONDS = 20;
const STEP_S = 1 / 240;
const RATES = { headHz: 5, ceilingHz: 1, laserHz: 10 };
const CEILING = { width: 640, height: 480, fx: 450, fy: 450, cx: 319.5, cy: 239.5 };

async function run(items: number) {
  const sim = await Simulation.create({ seed: 11, itemCount: items });
  const ceiling = new Rasterizer(CEILING);
  const head: number[] = [];
  const laser: number[] = [];
  const ceilingMs: number[] = [];
  const physics: number[] = [];
  let nextHead = 0;
  let nextLaser = 0;
  let nextCeiling = 0;
  const start = performance.now();
  for (let k = 0; sim.timeS < SIM_SECONDS; k++) {
    if (k % 240 === 0) sim.setCommand({ vx: 0.25 * Math.cos(k / 500), vy: 0.1, wz: 0.5 * Math.sin(k / 700) });
    const t0 = performance.now();
    sim.step(STEP_S);
    physics.push(performance.now() - t0);
    if (sim.timeS >= nextLaser) {
      nextLaser += 1 / RATES.laserHz;
      const t = performance.now();
      sim.laserScan();
      laser.push(performance.now() - t);
    }
    if (sim.timeS >= nextHead) {
      nextHead += 1 / RATES.headHz;
      const t = performance.now();
      sim.renderHead();
      head.push(performance.now() - t);
    }
    if (sim.timeS >= nextCeiling) {
      nextCeiling += 1 / RATES.ceilingHz;
      const t = performance.now();
      const poses = sim.physics.itemShapePoses();
      const soup = buildSceneMesh(sim.world, poses);
      for (const index of [0, 1]) ceiling.render(soup, sim.ceilingCameraPose(index), sim.world.lighting);
      ceilingMs.push(performance.now() - t);
    }
  }
  const wallS = (performance.now() - start) / 1000;
  sim.physics.free();
  return {
    items: sim.world.items.length,
    realTimeFactor: SIM_SECONDS / wallS,
    head: summarize(Float64Array.from(head)),
    laser: summarize(Float64Array.from(laser)),
    ceiling: summarize(Float64Array.from(ceilingMs)),
    physicsStepMs: summarize(Float64Array.from(physics)).mean,
  };
}

const results = [];
for (const items of [10, 50, 200]) {
  process.stdout.write(`  ${items} items...\n`);
  results.push(await run(items));
}
console.log(
  `\n${table(
    results.map((r) => ({
      items: r.items,
      'real-time factor': r.realTimeFactor,
      'head RGB-D p50 ms': r.head.p50,
      'head p99 ms': r.head.p99,
      'laser p50 ms': r.laser.p50,
      '2 ceiling cams ms': r.ceiling.p50,
      'physics step ms': r.physicsStepMs,
    })),
  )}\n`,
);
console.log(
  `${SIM_SECONDS} s of sim time per run; physics at 240 Hz; head 640x480 at 5 Hz, 2 ceiling cameras at 1 Hz, laser 1081 beams at 10 Hz. Items are the number placed (the robot's start is kept clear).`,
);
const nominal = results[1]!;
console.log(
  JSON.stringify({
    realTimeFactor: Number(nominal.realTimeFactor.toFixed(2)),
    items: nominal.items,
    headRgbdRenderMs: Number(nominal.head.p50.toFixed(2)),
    laserMs: Number(nominal.laser.p50.toFixed(2)),
    scaling: Object.fromEntries(results.map((r) => [String(r.items), Number(r.realTimeFactor.toFixed(2))])),
  }),
);
