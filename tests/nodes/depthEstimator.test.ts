import { describe, expect, it } from 'vitest';
import depthEstimatorNode from '../../nodes/depthEstimator.ts';
import { renderSample } from '../../sim/dataset/renderSample.ts';
import type { sensor_msgs } from '../../src/runtime/messages/types.generated.ts';
import { testContext, until } from '../runtime/helpers.ts';

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
});
