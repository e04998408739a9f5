/**
 * The ROS 2 graph as rcl sees it, in katazuke's terms: every node, every publisher and
 * subscription with its node and offered QoS, every service with its node. Read on demand,
 * and watched by polling (rclnodejs has no graph event) so listeners hear of endpoints that
 * appear or go, katazuke's own or any other ROS 2 process'.
 */
import type { Durability, QoSProfile, Reliability } from '../../Qos.ts';
import type { GraphSnapshot, TopicEndpoint } from '../../Transport.ts';
import { RMW, type RclEndpointInfo, type RclNode } from './rclnodejsApi.ts';

const POLL_MS = 500;

function fullName(namespace: string, name: string): string {
  return namespace === '/' ? `/${name}` : `${namespace}/${name}`;
}

function qosOf(info: RclEndpointInfo): QoSProfile {
  const reliability: Reliability =
    info.qos_profile.reliability === RMW.BEST_EFFORT ? 'best_effort' : 'reliable';
  const durability: Durability =
    info.qos_profile.durability === RMW.TRANSIENT_LOCAL ? 'transient_local' : 'volatile';
  return { depth: Math.max(1, info.qos_profile.depth), reliability, durability };
}

function endpoints(topic: string, infos: object[]): TopicEndpoint[] {
  return (infos as RclEndpointInfo[]).map((info) => ({
    topic,
    type: info.topic_type,
    node: fullName(info.node_namespace, info.node_name),
    qos: qosOf(info),
  }));
}

export function readGraph(node: RclNode): GraphSnapshot {
  const nodes = node.getNodeNamesAndNamespaces();
  const publishers: TopicEndpoint[] = [];
  const subscriptions: TopicEndpoint[] = [];
  for (const { name } of node.getTopicNamesAndTypes()) {
    publishers.push(...endpoints(name, node.getPublishersInfoByTopic(name, false)));
    subscriptions.push(...endpoints(name, node.getSubscriptionsInfoByTopic(name, false)));
  }
  const services = nodes.flatMap(({ name, namespace }) =>
    node
      .getServiceNamesAndTypesByNode(name, namespace)
      .flatMap((service) =>
        service.types.map((type) => ({ name: service.name, type, node: fullName(namespace, name) })),
      ),
  );
  return {
    nodes: nodes.map(({ name, namespace }) => fullName(namespace, name)).sort(),
    publishers,
    subscriptions,
    services,
  };
}

/** Calls `changed` whenever the graph differs from the last look; returns a stop function. */
export function watchGraph(read: () => GraphSnapshot | undefined, changed: () => void): () => void {
  let last = '';
  const timer = setInterval(() => {
    const graph = read();
    if (!graph) return;
    const key = JSON.stringify(graph);
    if (key === last) return;
    last = key;
    changed();
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
