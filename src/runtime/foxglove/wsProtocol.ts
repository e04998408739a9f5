/**
 * `@foxglove/ws-protocol` is CommonJS whose named exports Node's ESM loader cannot detect,
 * so it is loaded with `require` here, once, with its own typings.
 */
import { createRequire } from 'node:module';

const wsProtocol = createRequire(import.meta.url)(
  '@foxglove/ws-protocol',
) as typeof import('@foxglove/ws-protocol');

export const { FoxgloveServer, FoxgloveClient } = wsProtocol;
export type FoxgloveServer = InstanceType<typeof wsProtocol.FoxgloveServer>;
export type FoxgloveClient = InstanceType<typeof wsProtocol.FoxgloveClient>;
export type { Channel, Parameter, ParameterValue, Service, ServerCapability } from '@foxglove/ws-protocol';
