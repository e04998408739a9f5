/**
 * The int8 recipe end to end on the shipped float detector: models/quantize.py probes the
 * activations, scripts/models/calibrateActivations.ts calibrates them on training frames, and the
 * quantized model it writes loads and finds what the float model finds. Needs Debian's python3-onnx.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSample } from '../../sim/dataset/renderSample.ts';
import { Detector } from '../../src/perception/Detector.ts';
import { intersectionOverUnion } from '../../src/perception/nms.ts';

const path = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const FLOAT_CONFIG = path('models/katazuke_detector_float.json');

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: path('') });
  expect(result.status, `${command} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('int8 quantization recipe', () => {
  it('quantizes the float detector into an int8 model that finds what the float one finds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-quantize-'));
    const probe = join(dir, 'probe.onnx');
    const ranges = join(dir, 'ranges.json');
    const card = join(dir, 'card.json');
    copyFileSync(path('models/katazuke_detector.card.json'), card);
    expect(run('/usr/bin/python3', ['models/quantize.py', 'probe', FLOAT_CONFIG, probe])).toMatch(
      /activations to calibrate/,
    );
    run(process.execPath, [
      '--import',
      'tsx',
      'scripts/models/calibrateActivations.ts',
      FLOAT_CONFIG,
      probe,
      ranges,
      '--n',
      '4',
    ]);
    expect(JSON.parse(readFileSync(ranges, 'utf8')).__calibration__).toMatch(/^4 train-split frames/);
    const config = join(dir, 'detector_int8.json');
    expect(
      run('/usr/bin/python3', [
        'models/quantize.py',
        'quantize',
        FLOAT_CONFIG,
        ranges,
        config,
        '--card',
        card,
      ]),
    ).toMatch(/11 of 19 convolutions int8/);
    expect(JSON.parse(readFileSync(card, 'utf8')).int8).toMatchObject({
      model: 'detector_int8.onnx',
      convolutionsQuantized: 11,
    });
    expect(statSync(join(dir, 'detector_int8.onnx')).size).toBeLessThan(
      statSync(path('models/katazuke_detector_float.onnx')).size,
    );

    const int8 = await Detector.load(config);
    const float = await Detector.load(FLOAT_CONFIG);
    let confident = 0;
    let kept = 0;
    for (const seed of [7_000_002, 7_000_003]) {
      const sample = await renderSample('heldout', seed, 320, 240);
      const image = { width: 320, height: 240, encoding: 'rgb8', step: 960, data: sample.rgb };
      const quantized = await int8.detect(image);
      for (const d of await float.detect(image)) {
        if (d.score < 0.5) continue;
        confident++;
        if (quantized.some((q) => q.classId === d.classId && intersectionOverUnion(q, d) > 0.8)) kept++;
      }
    }
    expect(confident).toBeGreaterThan(3);
    expect(kept / confident).toBeGreaterThan(0.8);
  }, 60_000);

  it('says which activation a range file lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'katazuke-quantize-'));
    const ranges = join(dir, 'ranges.json');
    writeFileSync(ranges, '{}');
    const result = spawnSync(
      '/usr/bin/python3',
      ['models/quantize.py', 'quantize', FLOAT_CONFIG, ranges, join(dir, 'x.json')],
      {
        encoding: 'utf8',
        cwd: path(''),
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /no calibrated range for activation '[^']+' \(calibrate the probe model of this same config\)/,
    );
  });
});
