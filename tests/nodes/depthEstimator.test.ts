import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import depthEstimatorNode from '../../nodes/depthEstimator.ts';
import { renderSample } from '../../sim/dataset/renderSample.ts';
import { DepthEstimator } from '../../src/perception/DepthEstimator.ts';
import { FloorDepthAligner } from '../../src/perception/FloorDepthAligner.ts';
import { cameraInfoMessage } from '../../src/perception/pinhole.ts';
import type { sensor_msgs } from '../../src/messages/types.generated.ts';
import { broadcastStaticPose, testContext, until } from '../runtime/helpers.ts';

describe('depth_estimator node', () => {
  it('publishes metric depth at the image size for a camera image, and skips an image it cannot read', async () => {
    const { context, logs } = testContext();
    await depthEstimatorNode.start(context, { arguments: [] });
    const probe = context.createNode('probe');
    const depths: sensor_msgs.msg.Image[] = [];
    probe.createSubscription(
      'sensor_msgs/msg/Image',
      '/depth',
      { qos: { reliability: 'best_effort' } },
      (m) => depths.push(m),
    );
    const camera = probe.createPublisher('sensor_msgs/msg/Image', '/image', {
      reliability: 'best_effort',
      depth: 1,
    });
    context.spin();
    const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: 'head_rgbd_sensor_rgb_frame' };
    camera.publish({
      header,
      height: 0,
      width: 0,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: 0,
      data: new Uint8Array(0),
    });
    await until(
      () => logs.some((l) => l.message.includes('skipping an image: image has no pixels: 0×0')),
      'a warning',
    );
    // The head camera's 640×480: the node answers at the image's size, not the model's 320×240.
    const sample = await renderSample('heldout', 7_000_001, 640, 480);
    camera.publish({
      header,
      height: 480,
      width: 640,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: 1920,
      data: sample.rgb,
    });
    await until(() => depths.length > 0, 'a depth image');
    const [depth] = depths;
    expect(depth).toMatchObject({ header, width: 640, height: 480, encoding: '32FC1', step: 2560 });
    const metres = new Float32Array(Uint8Array.from(depth!.data).buffer);
    // The middle of the image looks at the floor a metre or more away.
    const middle = metres[240 * 640 + 320]!;
    const truth = sample.trueDepthM[240 * 640 + 320]!;
    expect(Math.max(middle / truth, truth / middle)).toBeLessThan(1.5);
    await context.shutdown();
  });

  it("scales the depth by the floor once camera_info and the camera's pose are there, and publishes the network's scale before", async () => {
    const { context, logs } = testContext();
    await depthEstimatorNode.start(context, { arguments: [] });
    const probe = context.createNode('probe');
    const depths: Float32Array[] = [];
    const sensorQos = { reliability: 'best_effort', depth: 1 } as const;
    probe.createSubscription('sensor_msgs/msg/Image', '/depth', { qos: sensorQos }, (m) =>
      depths.push(new Float32Array(Uint8Array.from(m.data).buffer)),
    );
    const camera = probe.createPublisher('sensor_msgs/msg/Image', '/image', sensorQos);
    const info = probe.createPublisher('sensor_msgs/msg/CameraInfo', '/camera_info', sensorQos);
    context.spin();
    const sample = await renderSample('heldout', 7_000_002, 320, 240);
    const frame = 'head_rgbd_sensor_rgb_optical_frame';
    const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: frame };
    const image = {
      header,
      height: 240,
      width: 320,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: 960,
      data: sample.rgb,
    };
    camera.publish(image);
    await until(() => depths.length === 1, "the network's depth");
    expect(
      logs.some((l) => l.message.includes("publishing the network's depth scale: no camera_info yet")),
    ).toBe(true);
    info.publish(cameraInfoMessage(header, { ...sample.intrinsics, width: 320, height: 240 }));
    broadcastStaticPose(probe, 'map', frame, sample.pose);
    camera.publish(image);
    await until(() => depths.length === 2, 'the depth scaled by the floor');

    const estimator = await DepthEstimator.load(
      fileURLToPath(new URL('../../models/katazuke_depth.json', import.meta.url)),
    );
    const raw = (await estimator.estimate(image)).slice();
    expect(depths[0]).toEqual(raw);
    const aligned = raw.slice();
    const alignment = new FloorDepthAligner().align(aligned, 320, 240, sample.intrinsics, sample.pose)!;
    expect(Math.abs(Math.log(alignment.scale))).toBeGreaterThan(0.02);
    expect(depths[1]).toEqual(aligned);
    // On this frame the floor's scale brings more pixels within 25 % of the rendered depth.
    const within = (depth: Float32Array) =>
      depth.filter((d, p) => Math.max(d / sample.trueDepthM[p]!, sample.trueDepthM[p]! / d) < 1.25).length;
    expect(within(depths[1]!)).toBeGreaterThan(within(depths[0]!));
    await context.shutdown();
  });
});
