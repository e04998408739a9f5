/**
 * The viewer as a user meets it: `katazuke launch` of the simulated room prints the viewer's
 * address, and the page there, in headless Chromium, connects and draws SLAM's map and the
 * robot posed by tf as the sim drives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../src/runtime/launch/Launcher.ts';
import { launchChromium } from '../../scripts/viewer/headlessChromium.ts';

const SIM = fileURLToPath(new URL('../../launch/sim_navigation.launch.yaml', import.meta.url));

let launch: ChildProcess;
let viewerUrl = '';
let browser: Browser;

beforeAll(async () => {
  launch = spawn(process.execPath, [
    CLI_ENTRY,
    'launch',
    SIM,
    'real_time_factor:=1',
    'people:=0',
    '--control-port',
    '0',
    '--viewer-port',
    '0',
  ]);
  let output = '';
  launch.stderr!.on('data', (d) => (output += d));
  viewerUrl = await new Promise<string>((resolve, reject) => {
    launch.stdout!.on('data', (d) => {
      output += d;
      const match = /\[launch\] viewer (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve(match[1]!);
    });
    launch.on('exit', (code) => reject(new Error(`launch exited early with ${code}: ${output}`)));
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  const exited = new Promise((resolve) => launch.once('exit', resolve));
  launch.kill('SIGINT');
  await exited;
});

describe('the viewer of a launched sim', () => {
  it('connects and draws the map and the robot', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 500 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(viewerUrl);
    await page.waitForFunction(
      `(() => {
        const state = window.katazukeViewer?.state();
        return state?.connected && state.robotPosed && state.mapCells > 0;
      })()`,
      null,
      { timeout: 45_000 },
    );
    expect(await page.locator('#connection').textContent()).toMatch(
      /^connected \(ws:\/\/127\.0\.0\.1:\d+\)$/,
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
