import { describe, expect, it } from 'vitest';
import { testContext } from './helpers.ts';

describe('services and clients', () => {
  it('a client call runs the server callback on the executor and returns its response', async () => {
    const { context } = testContext();
    const server = context.createNode('server');
    const client = context.createNode('client').createClient('std_srvs/srv/SetBool', 'enable');
    server.createService('std_srvs/srv/SetBool', 'enable', (request, response) => {
      response.success = request.data;
      response.message = request.data ? 'on' : 'off';
      return response;
    });
    expect(client.isServiceServerAvailable()).toBe(true);
    const pending = client.sendRequest({ data: true });
    context.spinSome();
    await expect(pending).resolves.toEqual({ success: true, message: 'on' });
  });

  it('a missing service, a bad request and a throwing callback give clear errors', async () => {
    const { context, logs } = testContext();
    const node = context.createNode('n');
    await expect(node.createClient('std_srvs/srv/Trigger', 'nobody').sendRequest({})).rejects.toThrow(
      /service '\/nobody' is not available/,
    );
    node.createService('std_srvs/srv/SetBool', 'broken', () => {
      throw new Error('hardware fault');
    });
    const client = node.createClient('std_srvs/srv/SetBool', 'broken');
    await expect(client.sendRequest({ data: 3 } as never)).rejects.toThrow(/field 'data' must be a boolean/);
    const failing = client.sendRequest({ data: true });
    context.spinSome();
    await expect(failing).rejects.toThrow('hardware fault');
    expect(logs.some((l) => l.level === 'error' && l.message.includes('hardware fault'))).toBe(true);
  });
});
