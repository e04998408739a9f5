/**
 * What the nodes that run an ONNX model on camera images share (not a node itself): the `config`
 * and `execution_provider` parameters, and an image subscription that drops frames arriving while
 * one is being processed, so the output stays current instead of queueing behind inference. A
 * frame that fails is logged and skipped.
 */
import type { Node } from '../src/runtime/Node.ts';
import type { sensor_msgs } from '../src/messages/types.generated.ts';
import type { ExecutionProvider } from '../src/perception/onnxSession.ts';

export function declareModelParameters(
  node: Node,
  defaultConfig: string,
  what: string,
): { config: string; executionProvider: ExecutionProvider } {
  const config = node.declareParameter('config', {
    type: 'string',
    default: defaultConfig,
    description: what,
  });
  const provider = node.declareParameter('execution_provider', {
    type: 'string',
    default: 'cpu',
    description: "onnxruntime execution provider: 'cpu' or 'cuda'",
  });
  if (provider !== 'cpu' && provider !== 'cuda')
    throw new Error(`execution_provider must be 'cpu' or 'cuda', got '${provider}'`);
  return { config, executionProvider: provider };
}

export function subscribeLatestImages(
  node: Node,
  topic: string,
  handle: (image: sensor_msgs.msg.Image) => Promise<void>,
): void {
  let busy = false;
  const run = async (image: sensor_msgs.msg.Image) => {
    busy = true;
    try {
      await handle(image);
    } catch (error) {
      node.getLogger().warn(`skipping an image: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };
  node.createSubscription(
    'sensor_msgs/msg/Image',
    topic,
    { qos: { reliability: 'best_effort', depth: 1 } },
    (image) => {
      if (!busy) void run(image);
    },
  );
}

/**
 * A warning for a frame-by-frame condition, logged when its reason first appears or changes, not at
 * every frame of the camera's rate; `undefined` says the condition is gone.
 */
export function warnWhenReasonChanges(node: Node, prefix: string): (reason: string | undefined) => void {
  let last: string | undefined;
  return (reason) => {
    if (reason !== undefined && reason !== last) node.getLogger().warn(`${prefix}: ${reason}`);
    last = reason;
  };
}
