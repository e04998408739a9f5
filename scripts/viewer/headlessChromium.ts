/**
 * Debian's Chromium, headless, through playwright-core (never a downloaded browser): WebGL2 on
 * SwiftShader (the page's compositing in software), and a fake microphone (a tone) that needs no permission prompt, for push-to-talk.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.KATAZUKE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      // Without a GPU, the page's own compositing and raster are cheaper in Skia than in SwiftShader
      // (measured: 10–16 → 25 fps with the sim running); WebGL stays on SwiftShader.
      '--disable-gpu-rasterization',
      '--disable-gpu-compositing',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  });
}
