/**
 * npm run bench:viewer [-- --seconds S --seed N]
 *
 * The viewer and the recorder against the tidy-up as `npm start` runs it (`katazuke sim tidy`:
 * the sim at real time with all its sensors at their nominal rates, the robot's whole stack),
 * on heldout world N. Two phases of S wall seconds each, one after the other so they do not
 * compete: (1) the viewer's page in headless Chromium (Debian's, WebGL2 on SwiftShader: no GPU),
 * frames drawn per second while the view turns around the room as a user looking around
 * would (the page draws only when something changes); (2) `katazuke bag record --all` in its own process, its CPU time
 * (from /proc) per second. The sim's achieved real-time factor is given for each phase.
 * Last line: JSON with `viewerFps` and `recorderCores`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ControlClient } from '../../src/cli/ControlClient.ts';
import { CLI_ENTRY } from '../../src/runtime/launch/Launcher.ts';
import { launchChromium } from '../viewer/headlessChromium.ts';
import { table } from './stats.ts';

const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, seed: { type: 'string', default: '9400001' } },
});
const seconds = Number(values.seconds);
const seed = Number(values.seed);
if (!(seconds >= 5)) throw new Error(`--seconds must be at least 5, got '${values.seconds}'`);
if (!Number.isInteger(seed) || seed < 1)
  throw new Error(`--seed must be a positive integer, got '${values.seed}'`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Spawns the katazuke CLI and resolves when `pattern` appears in its output (its first group). */
function startCli(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const scan = (data: Buffer) => {
      output += data;
      const match = pattern.exec(output);
      if (match) resolve(match[1] ?? '');
    };
    child.stdout.on('data', scan);
    child.stderr.on('data', scan);
    child.on('exit', (code) =>
      reject(new Error(`katazuke ${args[0]} exited with ${code}: ${output.slice(-2000)}`)),
    );
  });
  return { child, ready, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

process.stderr.write(`starting the tidy-up on heldout world ${seed} at real time…\n`);
const sim = startCli(
  [
    'sim',
    'tidy',
    `seed:=${seed}`,
    'split:=heldout',
    'status_period_s:=0',
    '--control-port',
    '0',
    '--viewer-port',
    '0',
  ],
  /\[launch\] viewer (http:\S+)/,
);
const viewerUrl = await sim.ready;
const controlUrl = /control endpoint (ws:\S+)/.exec(sim.output())![1]!;
const clock = await ControlClient.connect(controlUrl);
let simS = 0;
await clock.subscribe('/clock', (message) => {
  const { clock: t } = message as { clock: { sec: number; nanosec: number } };
  simS = t.sec + t.nanosec * 1e-9;
});
/** Runs `measure` for `seconds` of wall time; gives what it returns and the sim's real-time factor. */
async function phase<T>(
  name: string,
  measure: () => Promise<T>,
): Promise<{ value: T; realTimeFactor: number }> {
  const startSim = simS;
  const startWall = performance.now();
  const value = await measure();
  const realTimeFactor = (simS - startSim) / ((performance.now() - startWall) / 1000);
  process.stderr.write(`  ${name}: done\n`);
  return { value, realTimeFactor };
}
async function countdown(name: string): Promise<void> {
  for (let s = 0; s < seconds; s++) {
    process.stderr.write(`  ${name}: ${s}/${seconds} s\r`);
    await sleep(1000);
  }
}
// Past start-up (models, the first map) before measuring.
while (simS < 10) await sleep(200);

const viewer = await phase('viewer', async () => {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(viewerUrl);
  await page.waitForFunction('window.katazukeViewer?.state().robotPosed', null, { timeout: 60_000 });
  // A user looking around: the view turns all the time, so every frame is drawn.
  await page.evaluate('window.katazukeViewer.orbit(true)');
  await sleep(3000);
  const frames = () => page.evaluate('window.katazukeViewer.frames()') as Promise<number>;
  const startFrames = await frames();
  const start = performance.now();
  await countdown('viewer');
  const fps = ((await frames()) - startFrames) / ((performance.now() - start) / 1000);
  const state = {
    ...((await page.evaluate('window.katazukeViewer.state()')) as Record<string, unknown>),
    pixelRatio: Number(((await page.evaluate('window.katazukeViewer.pixelRatio()')) as number).toFixed(2)),
    drawn: await page.evaluate('window.katazukeViewer.drawn()'),
  };
  await browser.close();
  return { fps, state };
});

const bagDir = join(mkdtempSync(join(tmpdir(), 'katazuke-bench-bag-')), 'bag');
const recorder = await phase('recorder', async () => {
  const record = startCli(['bag', 'record', '--all', '-o', bagDir], /(recording \/clock)/, {
    ...process.env,
    KATAZUKE_CONTROL_URL: controlUrl,
  });
  await record.ready;
  await sleep(2000);
  const startCpu = cpuSeconds(record.child.pid!);
  const start = performance.now();
  await countdown('recorder');
  const cores = (cpuSeconds(record.child.pid!) - startCpu) / ((performance.now() - start) / 1000);
  await stop(record.child);
  const summary = /wrote (\d+) messages on (\d+) topics/.exec(record.output());
  return { cores, messages: Number(summary?.[1] ?? 0), topics: Number(summary?.[2] ?? 0) };
});
clock.close();
await stop(sim.child);

console.log(
  table([
    {
      measure: 'viewer frame rate (headless Chromium, SwiftShader)',
      value: `${viewer.value.fps.toFixed(1)} fps`,
      'sim real-time factor': viewer.realTimeFactor.toFixed(2),
    },
    {
      measure: 'recorder CPU (bag record --all)',
      value: `${recorder.value.cores.toFixed(3)} cores`,
      'sim real-time factor': recorder.realTimeFactor.toFixed(2),
    },
  ]),
);
console.log(
  `\n${seconds} s per phase, heldout world ${seed}; the page had ${JSON.stringify(viewer.value.state)}; the recorder wrote ${recorder.value.messages} messages on ${recorder.value.topics} topics (${bagDir}).`,
);
console.log(
  JSON.stringify({
    viewerFps: Number(viewer.value.fps.toFixed(1)),
    recorderCores: Number(recorder.value.cores.toFixed(3)),
  }),
);
