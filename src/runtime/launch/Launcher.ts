/**
 * Runs the nodes of a launch file: composed in this process (default) or each as its own
 * process (`isolated`). Isolated processes meet through a hub this launcher hosts (or through
 * ROS 2 itself on the ros2 backend); a process that dies is restarted when its entity says
 * `respawn`. In composed mode a node that fails to start is logged and the others run on; a
 * throwing callback is contained by the executor. `shutdown()` stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Context, chooseBackend, type BackendName } from '../Context.ts';
import type { LogSink } from '../Logger.ts';
import type { Node } from '../Node.ts';
import { HubServer } from '../backends/hub/HubServer.ts';
import type { PackageIndex } from './PackageIndex.ts';
import { nodeArguments, parseLaunchFile, type NodeSpec } from './launchFile.ts';

export const CLI_ENTRY = fileURLToPath(new URL('../../../bin/katazuke.mjs', import.meta.url));

export interface LaunchOptions {
  readonly mode: 'composed' | 'isolated';
  readonly backend?: BackendName;
  readonly args?: ReadonlyMap<string, string>;
  /** Where the launch file's packages and their executables are found. */
  readonly packages: PackageIndex;
  readonly logSinks?: readonly LogSink[];
  /** Where isolated processes' output goes (default: this process' stdout, line-prefixed). */
  readonly output?: (line: string) => void;
}

interface Managed {
  readonly spec: NodeSpec;
  readonly label: string;
  child?: ChildProcess;
  restarts: number;
}

export class Launcher {
  readonly context: Context;
  readonly nodes: Node[] = [];
  readonly #managed: Managed[] = [];
  #hub: HubServer | undefined;
  #hubDir: string | undefined;
  #stopping = false;

  private constructor(
    context: Context,
    private readonly options: LaunchOptions,
  ) {
    this.context = context;
  }

  static async start(file: string, options: LaunchOptions): Promise<Launcher> {
    const description = parseLaunchFile(file, options.args ?? new Map(), options.packages);
    const backend = chooseBackend(options.backend);
    const logSinks = options.logSinks ? { logSinks: options.logSinks } : {};
    if (options.mode === 'composed') {
      const context = await Context.create({ backend, ...logSinks });
      const launcher = new Launcher(context, options);
      for (const spec of description.nodes) await launcher.#startComposed(spec);
      context.spin();
      return launcher;
    }
    let hub: HubServer | undefined;
    let hubDir: string | undefined;
    let context: Context;
    if (backend === 'ros2') {
      context = await Context.create({ backend, ...logSinks });
    } else {
      hubDir = mkdtempSync(join(tmpdir(), 'katazuke-launch-'));
      hub = await HubServer.listen(join(hubDir, 'hub.sock'));
      context = await Context.create({ backend: 'hub', hubAddress: hub.address, ...logSinks });
    }
    const launcher = new Launcher(context, options);
    launcher.#hub = hub;
    launcher.#hubDir = hubDir;
    context.spin();
    for (const spec of description.nodes)
      launcher.#spawn({ spec, label: spec.name ?? spec.exec, restarts: 0 });
    return launcher;
  }

  async #startComposed(spec: NodeSpec): Promise<void> {
    try {
      const executable = await this.options.packages.load(spec.pkg, spec.exec, spec.baseDir);
      this.nodes.push(await executable.start(this.context, { arguments: nodeArguments(spec) }));
    } catch (error) {
      this.context.warn(
        `${spec.source}: node '${spec.name ?? spec.exec}' failed to start and is left out: ${(error as Error).message}`,
      );
    }
  }

  #spawn(managed: Managed): void {
    const { spec } = managed;
    const env = {
      ...process.env,
      ...(this.#hub
        ? { KATAZUKE_HUB: this.#hub.address, KATAZUKE_BACKEND: 'hub' }
        : { KATAZUKE_BACKEND: 'ros2' }),
    };
    const child = spawn(
      process.execPath,
      [CLI_ENTRY, 'run', spec.pkg, spec.exec, '--ros-args', ...nodeArguments(spec)],
      {
        env,
        cwd: spec.baseDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    managed.child = child;
    if (!this.#managed.includes(managed)) this.#managed.push(managed);
    const prefix = `[${managed.label}-${child.pid ?? '?'}] `;
    const write = this.options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) write(prefix + line);
      });
    }
    child.on('exit', (code, signal) => {
      if (this.#stopping) return;
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      if (spec.respawn === 'respawn') {
        managed.restarts++;
        write(
          `[launch] process ${managed.label} (pid ${child.pid}) died with ${how}; respawning in ${spec.respawnDelayS} s (restart ${managed.restarts})`,
        );
        setTimeout(() => !this.#stopping && this.#spawn(managed), spec.respawnDelayS * 1000);
      } else {
        write(`[launch] process ${managed.label} (pid ${child.pid}) has finished with ${how}`);
      }
    });
  }

  /** Per isolated process: its label, pid and how often it was restarted. */
  processes(): Array<{ label: string; pid: number | undefined; restarts: number; running: boolean }> {
    return this.#managed.map((m) => ({
      label: m.label,
      pid: m.child?.pid,
      restarts: m.restarts,
      running: m.child?.exitCode === null && m.child.signalCode === null,
    }));
  }

  async shutdown(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    const exits = this.#managed.map(({ child }) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGINT');
      });
    });
    await Promise.all(exits);
    await this.context.shutdown();
    await this.#hub?.close();
    if (this.#hubDir) rmSync(this.#hubDir, { recursive: true, force: true });
  }
}
