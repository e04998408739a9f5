/**
 * npm run bench:stack [-- --seconds S --seed N]
 *
 * CPU the robot's stack needs, without the sim: the tidy-up (`launch/sim.launch.yaml`: the sim
 * bridge at real time with its sensors at their nominal rates, and tidy.launch.yaml's nodes)
 * launched with one process per node, the robot tidying the simulated room. Each process's CPU
 * time (user + system, worker threads and the tools it ran included, from /proc) over the run, divided by the sim
 * seconds that passed, is the share of one core that node needs at real time. The sim bridge's
 * process is left out; the launcher's (which relays messages between the processes, as a ROS 2
 * middleware would) is counted. Last line: JSON with `stackCores` and one entry per node.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageIndex } from '../../src/cli/packages.ts';
import { Launcher } from '../../src/runtime/launch/Launcher.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { houseDescriptionYaml } from '../../sim/world/houseDescription.ts';
import { table } from './stats.ts';

const LAUNCH = fileURLToPath(new URL('../../launch/sim.launch.yaml', import.meta.url));
const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string', default: '9400001' } },
});
const seconds = Number(values.seconds);
const seed = Number(values.seed);
if (!(seconds > 5)) throw new Error(`--seconds must be more than 5, got '${values.seconds}'`);
if (!Number.isInteger(seed) || seed < 1)
  throw new Error(`--seed must be a positive integer, got '${values.seed}'`);

/** CPU of a process, its threads and the tools it ran (pocketsphinx, sox): utime + stime + cutime + cstime, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_S;
}

/** The launcher's child processes: pid → the executable each runs (its `exec` in the launch file). */
function children(): Map<number, string> {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  const map = new Map<number, string>();
  for (const line of out.trim().split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    // Node processes carry their name (and namespace) as ROS arguments; others (tsx's compiler service) are not the stack.
    const name = /__node:=(\S+)/.exec(match[2]!)?.[1];
    if (!name) continue;
    const namespace = /__ns:=(\S+)/.exec(match[2]!)?.[1];
    map.set(Number(match[1]), namespace && namespace !== '/' ? `${namespace}/${name}` : name);
  }
  return map;
}

const world = generateWorld(seed, 'heldout');
const dir = mkdtempSync(join(tmpdir(), 'katazuke-stack-'));
writeFileSync(join(dir, 'house.yaml'), houseDescriptionYaml(world));
const launcher = await Launcher.start(LAUNCH, {
  packages: packageIndex(),
  mode: 'isolated',
  args: new Map([
    ['seed', String(seed)],
    ['split', 'heldout'],
    ['house_file', join(dir, 'house.yaml')],
    ['real_time_factor', '1'],
    ['people', '0'],
    ['status_period_s', '0'],
    ['rules_save_file', join(dir, 'rules.yaml')],
  ]),
  logSinks: [],
});
const probe = launcher.context.createNode('stack_benchmark', {
  arguments: ['--ros-args', '-p', 'use_sim_time:=true'],
});
let simS = 0;
probe.createSubscription(
  'rosgraph_msgs/msg/Clock',
  '/clock',
  (m) => (simS = m.clock.sec + m.clock.nanosec * 1e-9),
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Past start-up (model loading, the first map) before measuring.
while (simS < 10) await sleep(100);
const processes = children();
const startCpu = new Map<number, number>();
for (const [pid] of processes) {
  try {
    startCpu.set(pid, cpuSeconds(pid));
  } catch {
    processes.delete(pid); // gone already (the `ps` that listed them)
  }
}
const startSelf = process.cpuUsage();
const startSimS = simS;
const startWall = performance.now();
while (simS - startSimS < seconds) {
  await sleep(1000);
  process.stderr.write(`  ${(simS - startSimS).toFixed(0)}/${seconds} s sim\r`);
}
const simElapsed = simS - startSimS;
const wallElapsed = (performance.now() - startWall) / 1000;
const rows: Array<{ node: string; cores: number }> = [];
for (const [pid, name] of processes) {
  let cpu: number;
  try {
    cpu = cpuSeconds(pid) - startCpu.get(pid)!;
  } catch {
    continue;
  }
  rows.push({ node: name, cores: cpu / simElapsed });
}
const self = process.cpuUsage(startSelf);
rows.push({ node: 'launcher (message relay)', cores: (self.user + self.system) / 1e6 / simElapsed });
await launcher.shutdown();

const stack = rows.filter((r) => !/sim_bridge|simBridge/.test(r.node));
const total = stack.reduce((sum, r) => sum + r.cores, 0);
console.log(
  table(
    [...rows]
      .sort((a, b) => b.cores - a.cores)
      .map((r) => ({
        node: r.node,
        'cores at real time': r.cores.toFixed(3),
        counted: /sim_bridge|simBridge/.test(r.node) ? 'no (the sim)' : 'yes',
      })),
  ),
);
console.log(
  `\n${simElapsed.toFixed(0)} s sim in ${wallElapsed.toFixed(0)} s wall (${(simElapsed / wallElapsed).toFixed(2)}× real time; cores are CPU seconds per sim second); world ${seed} (heldout).`,
);
console.log(
  JSON.stringify({
    stackCores: Number(total.toFixed(3)),
    ...Object.fromEntries(stack.map((r) => [r.node, Number(r.cores.toFixed(3))])),
  }),
);
