import { laserSlamDrive } from './sim/laserSlamDrive.ts';
const r = await laserSlamDrive({ seed: Number(process.argv[3] ?? 1), seconds: Number(process.argv[2]), onProgress: (t, k, l) => console.log(t.toFixed(0), k, l) });
console.log(r);
