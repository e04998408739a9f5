/**
 * Services and clients. A request is validated by the client, the server's callback runs on
 * its node's executor, and the response is validated before it is returned. A callback that
 * throws fails that one call (the client's promise rejects with the reason); the node goes on.
 */
import type { Executor } from './Executor.ts';
import type { Logger } from './Logger.ts';
import type { MessageRegistry } from './messages/MessageRegistry.ts';
import type { Handle, NodeTransport } from './Transport.ts';

export type ServiceCallback<Request, Response> = (
  request: Request,
  response: Response,
) => Response | Promise<Response>;

export class Service {
  constructor(
    readonly name: string,
    readonly type: string,
    private readonly handle: Handle,
  ) {}

  destroy(): void {
    this.handle.destroy();
  }
}

/** Wraps a service callback so that it runs on the executor and its response is validated. */
export function serviceHandler<Request, Response>(
  name: string,
  type: string,
  callback: ServiceCallback<Request, Response>,
  executor: Executor,
  logger: Logger,
  registry: MessageRegistry,
): (request: unknown) => Promise<unknown> {
  return (request) =>
    new Promise((resolve, reject) => {
      executor.enqueue({
        label: `service callback of '${name}'`,
        logger,
        run: async () => {
          try {
            const response = await callback(
              request as Request,
              registry.create<Response>(`${type}_Response`),
            );
            registry.validate(`${type}_Response`, response);
            resolve(response);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
            throw error;
          }
        },
      });
    });
}

export class Client<Request = unknown, Response = unknown> {
  constructor(
    readonly name: string,
    readonly type: string,
    private readonly transport: NodeTransport,
    private readonly registry: MessageRegistry,
  ) {}

  isServiceServerAvailable(): boolean {
    return this.transport.serviceAvailable(this.name, this.type);
  }

  /** Waits until a server is available; resolves false after `timeoutMs`. */
  async waitForService(timeoutMs = Infinity): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.isServiceServerAvailable()) {
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  /** Sends a request; rejects with a clear error when the service is missing or fails. */
  sendRequest(request: Request, options: { timeoutMs?: number } = {}): Promise<Response> {
    try {
      this.registry.validate(`${this.type}_Request`, request);
    } catch (error) {
      return Promise.reject(error);
    }
    const call = this.transport.callService(this.name, this.type, request) as Promise<Response>;
    if (options.timeoutMs === undefined) return call;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`service call to '${this.name}' timed out after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }
}
