/**
 * npm run sim:snapshot [-- --seed N --split train|heldout] — renders one head-camera RGB frame,
 * its depth, and one ceiling-camera frame of the simulated room into docs/*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Simulation } from '../../sim/Simulation.ts';
import { buildSceneMesh } from '../../sim/render/meshes.ts';
import { depthToGray, encodePng } from '../../sim/render/png.ts';
import { Rasterizer } from '../../sim/render/Rasterizer.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '3' },
    split: { type: 'string', default: 'train' },
    out: { type: 'string', default: 'docs' },
  },
});
const sim = await Simulation.create({
  seed: Number(values.seed),
  split: values.split as 'train' | 'heldout',
});
sim.setCommand({ vx: 0.1, vy: 0, wz: 0.4 });
for (let k = 0; k < 240 * 2; k++) sim.step(1 / 240);
const head = sim.renderHead();
const { width, height } = sim.headIntrinsics;
mkdirSync(values.out!, { recursive: true });
writeFileSync(`${values.out}/head_rgb.png`, encodePng(width, height, head.rgb, 3));
writeFileSync(`${values.out}/head_depth.png`, encodePng(width, height, depthToGray(head.depth), 1));
const ceiling = new Rasterizer({ width: 640, height: 480, fx: 450, fy: 450, cx: 319.5, cy: 239.5 });
const frame = ceiling.render(
  buildSceneMesh(sim.world, sim.physics.itemShapePoses()),
  sim.ceilingCameraPose(0),
  sim.world.lighting,
);
writeFileSync(`${values.out}/ceiling_rgb.png`, encodePng(640, 480, frame.rgb, 3));
console.log(
  `wrote ${values.out}/head_rgb.png, head_depth.png, ceiling_rgb.png (seed ${values.seed}, ${values.split})`,
);
sim.physics.free();
