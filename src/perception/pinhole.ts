/** Pinhole camera intrinsics and their sensor_msgs/CameraInfo form (no distortion: plumb_bob zeros). */
import type { sensor_msgs } from '../messages/types.generated.ts';

export interface Pinhole {
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
}

/** Pinhole intrinsics from a CameraInfo's row-major K. */
export function pinholeFromK(k: ArrayLike<number>): Pinhole {
  const camera = { fx: k[0]!, fy: k[4]!, cx: k[2]!, cy: k[5]! };
  if (!(camera.fx > 0 && camera.fy > 0))
    throw new Error(`camera_info K has no focal length (fx ${camera.fx}, fy ${camera.fy})`);
  return camera;
}

export function cameraInfoMessage(
  header: { stamp: { sec: number; nanosec: number }; frame_id: string },
  camera: Pinhole & { readonly width: number; readonly height: number },
): sensor_msgs.msg.CameraInfo {
  const { fx, fy, cx, cy } = camera;
  return {
    header,
    height: camera.height,
    width: camera.width,
    distortion_model: 'plumb_bob',
    d: [0, 0, 0, 0, 0],
    k: [fx, 0, cx, 0, fy, cy, 0, 0, 1],
    r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    p: [fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0],
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  };
}
