/**
 * A node executable: what `katazuke run PKG EXEC` and a launch file's `node` start. The same
 * executable runs composed in a launcher's process, as its own process, and on rclnodejs.
 * Its per-instance arguments (`--ros-args -r __node:=... -p ...`) arrive as `arguments`.
 */
import type { Context } from '../Context.ts';
import type { Node } from '../Node.ts';

export interface NodeStartOptions {
  readonly arguments: readonly string[];
}

export interface NodeExecutable {
  readonly description: string;
  start(context: Context, options: NodeStartOptions): Node | Promise<Node>;
}

export function defineNode(executable: NodeExecutable): NodeExecutable {
  return executable;
}
