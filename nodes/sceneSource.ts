/**
 * Where language nodes get the world from: a `scene_file` parameter (JSON, the format of
 * `katazuke ground --scene`) and the latched `/world/scene` topic (std_msgs/String holding the
 * same JSON), which replaces it. A malformed scene is logged and the previous one kept.
 */
import { readFileSync } from 'node:fs';
import { parseScene, type Scene } from '../src/language/scene.ts';
import type { Node } from '../src/runtime/Node.ts';

export function watchScene(node: Node, onScene: (scene: Scene) => void): void {
  const file = node.declareParameter('scene_file', {
    type: 'string',
    default: '',
    description: 'scene JSON to start from (optional)',
  });
  const accept = (text: string, source: string) => {
    try {
      onScene(parseScene(JSON.parse(text)));
      node.getLogger().info(`world model from ${source}`);
    } catch (error) {
      node.getLogger().error(`ignoring the scene from ${source}: ${(error as Error).message}`);
    }
  };
  if (file) {
    try {
      accept(readFileSync(file, 'utf8'), file);
    } catch (error) {
      node.getLogger().error(`cannot read scene_file '${file}': ${(error as Error).message}`);
    }
  }
  node.createSubscription(
    'std_msgs/msg/String',
    '/world/scene',
    { qos: { durability: 'transient_local', depth: 1 } },
    (message) => accept(message.data, '/world/scene'),
  );
}
