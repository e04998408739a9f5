/**
 * The web viewer's HTTP server on 127.0.0.1: the page, its script (bundled from `src/viewer/web/` by
 * esbuild on first request, with three.js and the Foxglove client), the robot's URDF and the
 * control endpoint's URL. The page talks to the running graph only through that Foxglove
 * WebSocket endpoint.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HSR_URDF } from '../../sim/robot/urdf.ts';

export interface ViewerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** The control endpoint the page connects to (ws://127.0.0.1:N). */
  readonly controlUrl: string;
  /** The robot's URDF (default: the sim's robot). */
  readonly urdfFile?: string;
}

const WEB_DIR = fileURLToPath(new URL('../viewer/web/', import.meta.url));

let bundle: Promise<string> | undefined;

/** The page's script, built once per process (three.js and all: about a second). */
export function viewerBundle(): Promise<string> {
  // esbuild is loaded here, not at start-up: most commands never serve the page.
  bundle ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [`${WEB_DIR}main.ts`],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        write: false,
        logLevel: 'silent',
      }),
    )
    .then((result) => result.outputFiles[0]!.text);
  return bundle;
}

export class ViewerServer {
  private constructor(private readonly server: Server) {}

  static async start(options: ViewerOptions): Promise<ViewerServer> {
    const page = readFileSync(`${WEB_DIR}index.html`, 'utf8');
    const urdfFile = options.urdfFile ?? HSR_URDF;
    const routes: Record<string, () => Promise<{ type: string; body: string }>> = {
      '/': async () => ({ type: 'text/html; charset=utf-8', body: page }),
      '/viewer.js': async () => ({ type: 'text/javascript; charset=utf-8', body: await viewerBundle() }),
      '/robot.urdf': async () => ({ type: 'application/xml', body: readFileSync(urdfFile, 'utf8') }),
      '/config.json': async () => ({
        type: 'application/json',
        body: JSON.stringify({ controlUrl: options.controlUrl }),
      }),
    };
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const route = routes[path];
      if (path === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      if (!route || request.method !== 'GET') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`no ${path} here`);
        return;
      }
      route().then(
        ({ type, body }) => response.writeHead(200, { 'content-type': type }).end(body),
        (error: Error) =>
          response.writeHead(500, { 'content-type': 'text/plain' }).end(`viewer: ${error.message}`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(new Error(`the viewer cannot listen on 127.0.0.1:${options.port}: ${error.message}`)),
      );
      server.listen(options.port, '127.0.0.1', resolve);
    });
    return new ViewerServer(server);
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the viewer is not listening');
    return `http://127.0.0.1:${address.port}/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
