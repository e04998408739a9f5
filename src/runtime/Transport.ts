/**
 * What a backend provides: moving messages and service calls between nodes. Everything
 * above it (nodes, parameters, actions, lifecycle, tf, clocks) is built once on these
 * primitives, so every backend gets the same semantics.
 */
import type { QoSProfile } from './Qos.ts';

export interface TopicEndpoint {
  readonly topic: string;
  readonly type: string;
  readonly node: string;
  readonly qos: QoSProfile;
}

export interface GraphSnapshot {
  readonly nodes: string[];
  readonly publishers: TopicEndpoint[];
  readonly subscriptions: TopicEndpoint[];
  readonly services: Array<{ name: string; type: string; node: string }>;
}

export interface PublisherHandle {
  publish(message: unknown): void;
  subscriptionCount(): number;
  destroy(): void;
}

export interface Handle {
  destroy(): void;
}

export type ServiceHandler = (request: unknown) => Promise<unknown>;

/** The transport side of one node. */
export interface NodeTransport {
  advertise(topic: string, type: string, qos: QoSProfile): PublisherHandle;
  /** `deliver` is called once per message, in arrival order, from the transport. */
  subscribe(topic: string, type: string, qos: QoSProfile, deliver: (message: unknown) => void): Handle;
  advertiseService(name: string, type: string, handler: ServiceHandler): Handle;
  callService(name: string, type: string, request: unknown): Promise<unknown>;
  serviceAvailable(name: string, type: string): boolean;
  destroy(): void;
}

export interface Transport {
  readonly kind: 'local' | 'hub' | 'ros2';
  attachNode(fullyQualifiedName: string): NodeTransport;
  graph(): GraphSnapshot;
  /** Called whenever the graph changes (endpoints added or removed). */
  onGraphChange(listener: () => void): void;
  close(): Promise<void>;
}
