// Checked only by `npm run typecheck:ros2`: rclnodejs' own typings must satisfy the
// adapter's view of them, so the adapter cannot drift from the real API.
import * as rclnodejs from 'rclnodejs';
import type { RclnodejsModule } from './rclnodejsApi.ts';

export const conformance: RclnodejsModule<
  InstanceType<typeof rclnodejs.NodeOptions>,
  InstanceType<typeof rclnodejs.Context>,
  InstanceType<typeof rclnodejs.Node>
> = rclnodejs;
export const nodeShape: InstanceType<RclnodejsModule['Node']> = new rclnodejs.Node('n');
