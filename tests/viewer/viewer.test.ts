/**
 * The web viewer in real headless Chromium (Debian's, WebGL2 on SwiftShader) against a fixed
 * graph served through a real control endpoint: what it draws, clicking an object, a typed
 * command and push-to-talk reaching the graph. The screenshot reference is regenerated with
 * UPDATE_VIEWER_REFERENCE=1 (look at it before committing it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/viewer/headlessChromium.ts';
import { bagFile } from '../../src/runtime/bag/BagReader.ts';
import { CLI_ENTRY } from '../../src/runtime/launch/Launcher.ts';
import { ViewerServer } from '../../src/cli/ViewerServer.ts';
import { QUESTION, startViewerFixture, type ViewerFixture } from './viewerFixture.ts';

const REFERENCE = new URL('./viewer_reference.jpg', import.meta.url);

interface ViewerState {
  connected: boolean;
  mapCells: number;
  robotPosed: boolean;
  items: number;
  furniture: number;
  pathPoints: number;
  cameraImages: number;
}

/** Evaluates `window.katazukeViewer.<call>` in the page (the page's test hook). */
function viewer<T>(call: string): Promise<T> {
  return page.evaluate(`window.katazukeViewer.${call}`) as Promise<T>;
}

let fixture: ViewerFixture;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fixture = await startViewerFixture();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.goto(fixture.viewer.url);
  await page.waitForFunction(
    `(() => {
      const state = window.katazukeViewer?.state();
      return state?.robotPosed && state.items === 3 && state.mapCells > 0 && state.cameraImages > 0;
    })()`,
    null,
    { timeout: 30_000 },
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

describe('the viewer', () => {
  it('draws the map, the robot, the furniture, the items, the path and the camera', async () => {
    const state = await viewer<ViewerState>('state()');
    expect(state).toMatchObject({
      connected: true,
      mapCells: 80 * 60,
      robotPosed: true,
      items: 3,
      furniture: 2,
      pathPoints: 5,
    });
    expect(await page.locator('#task').textContent()).toBe(
      '1 of 3 items put away · now: PickItem, sock (obj_1, loose)',
    );
    // The camera panel shows the image (a red ramp) with the detector's box and class name.
    const camera = (await page.evaluate(`(() => {
      const canvas = document.getElementById('camera');
      const context = canvas.getContext('2d');
      const pixel = (x, y) => [...context.getImageData(x, y, 1, 1).data];
      return { size: [canvas.width, canvas.height], left: pixel(2, 110), right: pixel(157, 110), boxEdge: pixel(80, 50) };
    })()`)) as { size: number[]; left: number[]; right: number[]; boxEdge: number[] };
    expect(camera.size).toEqual([160, 120]);
    expect(camera.right[0]! - camera.left[0]!).toBeGreaterThan(100);
    expect(camera.boxEdge.slice(0, 3)).toEqual([0xff, 0xd2, 0x4a]);
  });

  it('looks like the reference screenshot', async () => {
    await page.mouse.move(0, 0);
    const shot = await page.screenshot({ type: 'jpeg', quality: 90 });
    if (process.env.UPDATE_VIEWER_REFERENCE) writeFileSync(REFERENCE, shot);
    const actual = jpeg.decode(shot);
    const reference = jpeg.decode(readFileSync(REFERENCE));
    expect([actual.width, actual.height]).toEqual([reference.width, reference.height]);
    let sum = 0;
    let far = 0;
    for (let i = 0; i < actual.data.length; i += 4)
      for (let c = 0; c < 3; c++) {
        const difference = Math.abs(actual.data[i + c]! - reference.data[i + c]!);
        sum += difference;
        if (difference > 48) far++;
      }
    const values = (actual.data.length / 4) * 3;
    expect(sum / values).toBeLessThan(3);
    expect(far / values).toBeLessThan(0.01);
  });

  it('shows an object’s class hypotheses and history when it is clicked', async () => {
    await viewer('lookAt(2.6, 0.8, 1.2)');
    await page.waitForTimeout(200);
    const at = await viewer<{ x: number; y: number } | undefined>("screenPosition('obj_1')");
    expect(at).toBeDefined();
    await page.mouse.click(at!.x, at!.y);
    const selection = page.locator('#selection');
    await expect
      .poll(() => page.locator('#selection [data-item-id]').getAttribute('data-item-id'))
      .toBe('obj_1');
    const text = await selection.textContent();
    expect(text).toContain('sock0.80');
    expect(text).toContain('toy0.15');
    expect(text).toContain('loose');
    expect(text).toContain('12.0 s: first seen');
    // A click on the floor clears the selection.
    await page.mouse.click(5, 590);
    await expect.poll(() => selection.textContent()).toBe('click an object');
  });

  it('sends a typed command to /instruction', async () => {
    await page.fill('#command-text', 'put the socks in the laundry basket');
    await page.press('#command-text', 'Enter');
    await expect.poll(() => fixture.instructions).toEqual(['put the socks in the laundry basket']);
    expect(await page.inputValue('#command-text')).toBe('');
    // The conversation shows what was said (as heard back on /instruction) and the question back.
    await expect
      .poll(() => page.locator('#log').textContent())
      .toBe(`“put the socks in the laundry basket”${QUESTION}`);
    expect(await page.locator('#log .question').textContent()).toBe(QUESTION);
  });

  it('sends what the microphone heard while the talk button was held to /speech/audio', async () => {
    const talk = page.locator('#talk');
    const box = (await talk.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    expect(await talk.textContent()).toBe('Listening…');
    await page.waitForTimeout(1500);
    await page.mouse.up();
    await expect.poll(() => fixture.audioClips.length, { timeout: 10_000 }).toBe(1);
    expect(fixture.audioClips[0]!.sampleRate).toBe(16000);
    // The fake device's tone while the button was held (headless audio runs late: not all of it).
    expect(fixture.audioClips[0]!.samples).toBeGreaterThan(4000);
  });

  it('plays a recording made by bag record, and what is intact of a truncated one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-viewer-bag-'));
    // Asynchronously: the fixture's graph answers the recorder from this process.
    const recorder = spawn(
      process.execPath,
      [CLI_ENTRY, 'bag', 'record', '--all', '-o', join(dir, 'run'), '--duration', '2'],
      { env: { ...process.env, KATAZUKE_CONTROL_URL: fixture.controlUrl } },
    );
    let recorderErrors = '';
    recorder.stderr.on('data', (d) => (recorderErrors += d));
    const code = await new Promise((resolve) => recorder.once('exit', resolve));
    expect(code, recorderErrors).toBe(0);
    const file = bagFile(join(dir, 'run'));
    const bytes = readFileSync(file);
    const truncated = join(dir, 'cut.mcap');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    // A viewer with no live graph to reach: whatever it draws comes from the recording.
    const offline = await ViewerServer.start({ port: 0, controlUrl: 'ws://127.0.0.1:9' });
    const recordingPage = await browser.newPage({ viewport: { width: 800, height: 500 } });
    try {
      await recordingPage.goto(offline.url);
      const state = () =>
        recordingPage.evaluate('window.katazukeViewer?.state()') as Promise<
          ViewerState & { recording: { done: boolean; durationS: number } | null }
        >;
      await expect.poll(async () => (await state())?.connected, { timeout: 10_000 }).toBe(false);
      await recordingPage.setInputFiles('#open-recording', file);
      await expect.poll(async () => (await state()).recording?.done, { timeout: 20_000 }).toBe(true);
      expect(await state()).toMatchObject({
        connected: true,
        robotPosed: true,
        items: 3,
        furniture: 2,
        mapCells: 4800,
      });
      expect((await state()).recording!.durationS).toBeGreaterThan(1);
      expect(await recordingPage.locator('#connection').textContent()).toBe('recording run_0.mcap');

      await recordingPage.setInputFiles('#open-recording', truncated);
      await expect
        .poll(() => recordingPage.locator('#connection').textContent(), { timeout: 20_000 })
        .toMatch(/^recording cut\.mcap \(cut\.mcap: (truncated|unreadable)/);
      await expect.poll(async () => (await state()).recording?.done, { timeout: 20_000 }).toBe(true);
      expect((await state()).items).toBe(3);
    } finally {
      await recordingPage.close();
      await offline.close();
    }
  }, 60_000);

  it('starts afresh when the launch it showed is started again', async () => {
    const first = await startViewerFixture();
    const restartPage = await browser.newPage({ viewport: { width: 800, height: 500 } });
    try {
      await restartPage.goto(first.viewer.url);
      await restartPage.waitForFunction('window.katazukeViewer?.state().robotPosed', null, {
        timeout: 20_000,
      });
      await restartPage.evaluate('window.beforeRestart = true');
      const ports = {
        control: Number(new URL(first.controlUrl).port),
        viewer: Number(new URL(first.viewer.url).port),
      };
      await first.close();
      await expect.poll(() => restartPage.locator('#connection').getAttribute('class')).toBe('down');
      const again = await startViewerFixture(ports);
      try {
        // The page reloads itself once the launch serves it again, and draws the new one.
        await restartPage.waitForFunction(
          'window.beforeRestart === undefined && window.katazukeViewer?.state().robotPosed',
          null,
          { timeout: 20_000 },
        );
        expect(await restartPage.evaluate('window.katazukeViewer.state().items')).toBe(3);
      } finally {
        await again.close();
      }
    } finally {
      await restartPage.close();
    }
  }, 60_000);
});
