/** A rendered sim sample as the perception stack's RGB-D frame (the sim knows nothing of perception's types). */
import type { RgbdFrame } from '../../../src/perception/itemCrop.ts';
import type { Sample } from '../../../sim/dataset/renderSample.ts';

/** The sample as the head camera's RGB-D frame: its RGB, its sensor depth in metres, intrinsics and orientation. */
export function sampleRgbdFrame(sample: Sample): RgbdFrame {
  return {
    width: sample.width,
    height: sample.height,
    rgb: sample.rgb,
    step: sample.width * 3,
    redOffset: 0,
    depthM: Float32Array.from(sample.sensorDepthMm, (mm) => mm / 1000),
    camera: sample.intrinsics,
    mapFromOptical: sample.pose.subarray(3),
  };
}
