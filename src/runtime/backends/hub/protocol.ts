/** Control messages between hub clients and the hub (JSON in CONTROL frames). */
import type { QoSProfile } from '../../Qos.ts';
import type { GraphSnapshot } from '../../Transport.ts';

export type ClientControl =
  | { op: 'hello'; pid: number; dataAddress: string }
  | { op: 'addNode'; name: string }
  | { op: 'removeNode'; name: string }
  | { op: 'advertise'; id: number; topic: string; type: string; node: string; qos: QoSProfile }
  | { op: 'unadvertise'; id: number }
  | { op: 'subscribe'; id: number; topic: string; type: string; node: string; qos: QoSProfile }
  | { op: 'unsubscribe'; id: number }
  | { op: 'advertiseService'; name: string; type: string; node: string }
  | { op: 'unadvertiseService'; name: string };

/**
 * The graph as the hub sees it; each endpoint carries the id of the client that owns it (and
 * subscriptions their client-local id), and each client the socket its messages go to.
 */
export interface HubGraph {
  readonly clients: Array<{ id: number; dataAddress: string }>;
  readonly nodes: Array<{ name: string; client: number }>;
  readonly publishers: Array<GraphSnapshot['publishers'][number] & { client: number }>;
  readonly subscriptions: Array<GraphSnapshot['subscriptions'][number] & { client: number; id: number }>;
  readonly services: Array<GraphSnapshot['services'][number] & { client: number }>;
}

export type HubControl = { op: 'welcome'; client: number } | { op: 'graph'; graph: HubGraph };

/** Header of a CALL frame: a request (`service` set) or a reply (`error` set on failure). */
export interface CallHeader {
  readonly callId: number;
  readonly service?: string;
  readonly type?: string;
  readonly error?: string;
}
