/**
 * `katazuke`: the command line, shaped after `ros2`. `launch` and `run` start nodes; `topic`,
 * `node`, `param` and `service` talk to a running launch through its control endpoint
 * (KATAZUKE_CONTROL_URL, default ws://127.0.0.1:8765); `interface` shows message types.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Grounder, type GroundingResult } from '../language/Grounder.ts';
import { parseScene } from '../language/scene.ts';
import { prepareJapanese } from '../language/japaneseAnalyzer.ts';
import { parse as parseYaml, Scalar, stringify } from 'yaml';
import { Context } from '../runtime/Context.ts';
import { HubTransport } from '../runtime/backends/hub/HubTransport.ts';
import { FoxgloveBridge } from '../runtime/foxglove/FoxgloveBridge.ts';
import { ViewerServer } from './ViewerServer.ts';
import { nodesFromServices } from '../runtime/foxglove/parameterNames.ts';
import { Launcher } from '../runtime/launch/Launcher.ts';
import { messageRegistry } from '../runtime/messages/MessageRegistry.ts';
import { parseParameterText } from '../runtime/rosArgs.ts';
import type { ExportOptions } from '../../sim/dataset/exportDataset.ts';
import { ControlClient, controlUrl } from './ControlClient.ts';
import { packageIndex } from './packages.ts';
import { formatMessage, toPlain } from './format.ts';
import { bag } from './bag.ts';
import { out, positiveNumber, UsageError, waitForSignal } from './terminal.ts';

const USAGE = `usage: katazuke <command> ...

  launch FILE [name:=value ...] [--isolated] [--backend local|ros2] [--control-port N|off]
                                        [--viewer-port N|off]  (the web viewer; default 8766)
  run PKG EXEC [--ros-args ...]
  topic list [-t] | echo TOPIC [--once] [--count N] [--full-length] | hz TOPIC [--duration S]
  topic pub TOPIC TYPE [YAML] [--once | --times N] [--rate HZ]
  node list
  param list NODE | get NODE NAME | set NODE NAME VALUE | dump NODE
  service list [-t] | call NAME [YAML]
  interface list | show TYPE
  bag record [-o DIR] [TOPIC ... | --all] [--duration S]   (rosbag2 MCAP, until Ctrl-C)
  bag info BAG | play BAG [--rate R] [--loop] [--clock]
  say TEXT                              (a typed instruction to the running robot; prints its reply)
  ground --scene SCENE.json [--lang en|ja] TURN...
  listen FILE.wav [--scene SCENE.json [--acoustic-adaptation DIR]]
                                        (without --scene: to the running robot, prints its reply;
                                        with: pocketsphinx with the scene's grammar, then grounding)
  sim dataset --split train|heldout --n N --out DIR [--width W --height H] [--first-seed S] [--jobs J]
  sim house [--seed N] [--split train|heldout] [--out FILE]
  sim tidy [name:=value ...]            (the tidy-up in the simulated room: launch/sim.launch.yaml
                                        with the world's house description; what npm start runs)

The control commands talk to a running launch at KATAZUKE_CONTROL_URL (default ws://127.0.0.1:8765).`;

async function launch(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      isolated: { type: 'boolean' },
      backend: { type: 'string' },
      'control-port': { type: 'string', default: '8765' },
      'viewer-port': { type: 'string', default: '8766' },
    },
  });
  const [file, ...assignments] = positionals;
  const controlPort = portOption(values['control-port'], '--control-port');
  const viewerPort = portOption(values['viewer-port'], '--viewer-port');
  if (!file) throw new UsageError('launch needs a launch file');
  const args = new Map<string, string>();
  for (const assignment of assignments) {
    const at = assignment.indexOf(':=');
    if (at <= 0) throw new UsageError(`launch arguments are name:=value, got '${assignment}'`);
    args.set(assignment.slice(0, at), assignment.slice(at + 2));
  }
  const launcher = await Launcher.start(file, {
    mode: values.isolated ? 'isolated' : 'composed',
    ...(values.backend ? { backend: values.backend as 'local' | 'ros2' } : {}),
    args,
    packages: packageIndex(),
  });
  let bridge: FoxgloveBridge | undefined;
  let viewer: ViewerServer | undefined;
  if (controlPort !== undefined) {
    bridge = await FoxgloveBridge.start(launcher.context, { port: controlPort });
    out(
      `[launch] control endpoint ${bridge.url} (Foxglove WebSocket; the katazuke CLI and Foxglove Studio can connect)`,
    );
    if (viewerPort !== undefined) {
      // The robot runs without its viewer: a port in use is reported, not fatal.
      viewer = await ViewerServer.start({ port: viewerPort, controlUrl: bridge.url }).catch(
        (error: Error) => {
          out(`[launch] no viewer: ${error.message} (--viewer-port N or off)`);
          return undefined;
        },
      );
      if (viewer) out(`[launch] viewer ${viewer.url} (open it in a browser)`);
    }
  } else if (viewerPort !== undefined) out('[launch] no viewer: it needs the control endpoint');
  out(`[launch] running ${file}; Ctrl-C to stop`);
  const signal = await waitForSignal();
  out(`[launch] ${signal}: shutting down`);
  await viewer?.close();
  await bridge?.close();
  await launcher.shutdown();
  return 0;
}

/** A `--*-port` option: a TCP port, or undefined for 'off'. */
function portOption(text: string | undefined, flag: string): number | undefined {
  if (text === 'off') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${flag} must be a port number or 'off', got '${text}'`);
  return port;
}

async function run(argv: string[]): Promise<number> {
  const rosArgsAt = argv.indexOf('--ros-args');
  const [pkg, exec] = rosArgsAt >= 0 ? argv.slice(0, rosArgsAt) : argv;
  if (!pkg || !exec) throw new UsageError('run needs PKG and EXEC');
  const context = await Context.create({ argv });
  const executable = await packageIndex().load(pkg, exec);
  await executable.start(context, { arguments: [] });
  if (context.transport instanceof HubTransport) {
    context.transport.onDisconnect(() => {
      process.stderr.write('[katazuke run] the launcher went away; exiting\n');
      process.exit(1);
    });
  }
  context.spin();
  await waitForSignal();
  await context.shutdown();
  return 0;
}

async function withClient<T>(action: (client: ControlClient) => Promise<T>): Promise<T> {
  const client = await ControlClient.connect(controlUrl());
  try {
    return await action(client);
  } finally {
    client.close();
  }
}

async function topic(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      t: { type: 'boolean', short: 't' },
      once: { type: 'boolean' },
      count: { type: 'string' },
      times: { type: 'string' },
      rate: { type: 'string', short: 'r' },
      duration: { type: 'string' },
      'full-length': { type: 'boolean' },
    },
  });
  switch (verb) {
    case 'list':
      return withClient(async (client) => {
        const channels = [...client.channels.values()].sort((a, b) => a.topic.localeCompare(b.topic));
        for (const c of channels) out(values.t ? `${c.topic} [${c.schemaName}]` : c.topic);
        return 0;
      });
    case 'echo': {
      const name = positionals[0];
      if (!name) throw new UsageError('topic echo needs a TOPIC');
      const limit = values.once ? 1 : positiveNumber(values.count, '--count');
      const client = await ControlClient.connect(controlUrl());
      let seen = 0;
      await new Promise<void>((resolve, reject) => {
        void client
          .subscribe(name, (message) => {
            if (limit !== undefined && seen >= limit) return;
            out(formatMessage(message, values['full-length'] ? 'full' : 'truncate'));
            if (limit !== undefined && ++seen >= limit) resolve();
          })
          .catch(reject);
        void waitForSignal().then(() => resolve());
      });
      client.close();
      return 0;
    }
    case 'hz': {
      const name = positionals[0];
      if (!name) throw new UsageError('topic hz needs a TOPIC');
      const durationS = positiveNumber(values.duration, '--duration');
      const client = await ControlClient.connect(controlUrl());
      const stamps: bigint[] = [];
      await client.subscribe(name, (_message, receiveNs) => stamps.push(receiveNs));
      const report = setInterval(() => {
        if (stamps.length < 2) return out('no new messages');
        const window = stamps.slice(-1000);
        const spanS = Number(window[window.length - 1]! - window[0]!) / 1e9;
        const periods = window.slice(1).map((t, i) => Number(t - window[i]!) / 1e9);
        const mean = spanS / periods.length;
        const std = Math.sqrt(periods.reduce((s, p) => s + (p - mean) ** 2, 0) / periods.length);
        out(
          `average rate: ${(1 / mean).toFixed(3)}\n\tmin: ${Math.min(...periods).toFixed(3)}s max: ${Math.max(...periods).toFixed(3)}s std dev: ${std.toFixed(5)}s window: ${window.length}`,
        );
      }, 1000);
      await (durationS ? new Promise((resolve) => setTimeout(resolve, durationS * 1000)) : waitForSignal());
      clearInterval(report);
      client.close();
      return 0;
    }
    case 'pub': {
      const [name, type, yamlText] = positionals;
      if (!name || !type) throw new UsageError('topic pub needs TOPIC and TYPE');
      const registry = messageRegistry();
      const values_ = yamlText ? (parseYaml(yamlText) as Record<string, unknown> | null) : {};
      if (values_ !== null && (typeof values_ !== 'object' || Array.isArray(values_)))
        throw new UsageError(`the message must be a YAML map, got '${yamlText}'`);
      const message = registry.create(type, values_ ?? {});
      registry.validate(type, message);
      const times = values.once ? 1 : positiveNumber(values.times, '--times');
      const rateHz = positiveNumber(values.rate, '--rate') ?? 1;
      return withClient(async (client) => {
        const publish = client.advertise(name, type);
        await new Promise((resolve) => setTimeout(resolve, 100));
        let sent = 0;
        const stop = waitForSignal();
        for (;;) {
          publish(message);
          out(`publishing #${++sent}: ${JSON.stringify(toPlain(message))}`);
          if (times !== undefined && sent >= times) break;
          const next = new Promise((resolve) => setTimeout(resolve, 1000 / rateHz));
          if ((await Promise.race([next.then(() => 'tick'), stop])) !== 'tick') break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
        const errors = client.takeErrors();
        for (const error of errors) process.stderr.write(`error: ${error}\n`);
        return errors.length ? 1 : 0;
      });
    }
    default:
      throw new UsageError(`unknown topic verb '${verb ?? ''}' (list, echo, hz, pub)`);
  }
}

async function node(argv: string[]): Promise<number> {
  if (argv[0] !== 'list') throw new UsageError(`unknown node verb '${argv[0] ?? ''}' (list)`);
  return withClient(async (client) => {
    for (const name of nodesFromServices([...client.services.values()].map((s) => s.name))) out(name);
    return 0;
  });
}

function withSlash(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}

async function param(argv: string[]): Promise<number> {
  const [verb, nodeName, name, value] = argv;
  if (!nodeName) throw new UsageError(`param ${verb ?? ''} needs a NODE`);
  const nodeFqn = withSlash(nodeName);
  return withClient(async (client) => {
    const nodeParameters = async () =>
      (await client.getParameters([])).filter((p) => p.name.startsWith(`${nodeFqn}.`));
    switch (verb) {
      case 'list':
        for (const p of await nodeParameters()) out(`  ${p.name.slice(nodeFqn.length + 1)}`);
        return client.takeErrors().length ? 1 : 0;
      case 'get': {
        if (!name) throw new UsageError('param get needs NODE NAME');
        const [found] = await client.getParameters([`${nodeFqn}.${name}`]);
        const errors = client.takeErrors();
        if (!found || errors.length) {
          process.stderr.write(`${errors[0] ?? `parameter '${name}' of node '${nodeFqn}' not found`}\n`);
          return 1;
        }
        const kind =
          typeof found.value === 'string'
            ? 'String'
            : Array.isArray(found.value)
              ? 'Array'
              : typeof found.value === 'boolean'
                ? 'Boolean'
                : found.type === 'float64'
                  ? 'Double'
                  : 'Integer';
        // As `ros2 param get` prints it: a double keeps its decimal point (20.0).
        const shown =
          kind === 'Double' && Number.isInteger(found.value)
            ? (found.value as number).toFixed(1)
            : JSON.stringify(found.value);
        out(`${kind} value is: ${shown}`);
        return 0;
      }
      case 'set': {
        if (!name || value === undefined) throw new UsageError('param set needs NODE NAME VALUE');
        const updated = await client.setParameters([
          { name: `${nodeFqn}.${name}`, value: parseParameterText(value) as never },
        ]);
        const errors = client.takeErrors();
        if (errors.length || updated.length === 0) {
          process.stderr.write(`Setting parameter failed: ${errors.join('; ') || 'no such parameter'}\n`);
          return 1;
        }
        out('Set parameter successful');
        return 0;
      }
      case 'dump': {
        const parameters: Record<string, unknown> = {};
        // A double is written as one (20.0, not 20), so a ROS 2 node reading the file back does not take it for an integer.
        const double = (v: unknown) => Object.assign(new Scalar(v), { minFractionDigits: 1 });
        for (const p of await nodeParameters())
          parameters[p.name.slice(nodeFqn.length + 1)] =
            p.type === 'float64'
              ? double(p.value)
              : p.type === 'float64_array'
                ? (p.value as number[]).map(double)
                : p.value;
        out(stringify({ [nodeFqn]: { ros__parameters: parameters } }).trimEnd());
        return client.takeErrors().length ? 1 : 0;
      }
      default:
        throw new UsageError(`unknown param verb '${verb ?? ''}' (list, get, set, dump)`);
    }
  });
}

async function service(argv: string[]): Promise<number> {
  const [verb, name, yamlText] = argv;
  return withClient(async (client) => {
    switch (verb) {
      case 'list':
        for (const s of [...client.services.values()].sort((a, b) => a.name.localeCompare(b.name)))
          out(argv.includes('-t') ? `${s.name} [${s.type}]` : s.name);
        return 0;
      case 'call': {
        if (!name) throw new UsageError('service call needs NAME');
        const found = [...client.services.values()].find((s) => s.name === name);
        if (!found) throw new Error(`service '${name}' does not exist (see \`katazuke service list\`)`);
        const request = client.registry.create(
          `${found.type}_Request`,
          (yamlText ? parseYaml(yamlText) : {}) ?? {},
        );
        out(`requester: making request: ${JSON.stringify(toPlain(request))}\n`);
        out(`response:\n${formatMessage(await client.callService(name, request), 'full')}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown service verb '${verb ?? ''}' (list, call)`);
    }
  });
}

function interfaceCommand(argv: string[]): number {
  const registry = messageRegistry();
  switch (argv[0]) {
    case 'list':
      for (const type of registry.types()) out(type);
      return 0;
    case 'show':
      if (!argv[1]) throw new UsageError('interface show needs a TYPE');
      out(registry.schema(argv[1]));
      return 0;
    default:
      throw new UsageError(`unknown interface verb '${argv[0] ?? ''}' (list, show)`);
  }
}

async function ground(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { scene: { type: 'string' }, lang: { type: 'string', default: 'en' } },
  });
  if (!values.scene) throw new UsageError('ground needs --scene SCENE.json');
  if (values.lang !== 'en' && values.lang !== 'ja')
    throw new UsageError(`--lang must be en or ja, got '${values.lang}'`);
  if (positionals.length === 0) throw new UsageError('ground needs at least one TURN (the instruction)');
  let sceneJson: unknown;
  try {
    sceneJson = JSON.parse(readFileSync(values.scene, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read scene '${values.scene}': ${(error as Error).message}`);
  }
  if (values.lang === 'ja') await prepareJapanese();
  const grounder = new Grounder(parseScene(sceneJson), values.lang);
  let result: GroundingResult | undefined;
  let question: string | null = null;
  for (const turn of positionals) {
    result = grounder.turn(turn);
    question = result.question ?? (result.status === 'asking' ? result.reply : question);
  }
  const { intent, targets, destination, reply } = result!;
  out(
    JSON.stringify({
      intent,
      targets,
      destination,
      question: result!.status === 'asking' ? result!.question : question,
      reply,
    }),
  );
  return 0;
}

/** Sends a typed instruction to a running launch (/instruction) and prints the robot's reply. */
async function say(argv: string[]): Promise<number> {
  const text = argv.join(' ').trim();
  if (!text) throw new UsageError('say needs the instruction, e.g. katazuke say "put the socks away first"');
  return sendToRobot('/instruction', 'std_msgs/msg/String', { data: text });
}

/** Publishes one message to a running launch and prints the robot's spoken reply (/speech/reply). */
async function sendToRobot(topic: string, type: string, message: unknown): Promise<number> {
  const client = await ControlClient.connect(controlUrl());
  try {
    const reply = new Promise<string>((resolve) => {
      void client.subscribe('/speech/reply', (m) => resolve((m as { data: string }).data));
    });
    const publish = client.advertise(topic, type);
    await new Promise((resolve) => setTimeout(resolve, 100));
    publish(message);
    const answer = await Promise.race([
      reply,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000)),
    ]);
    out(
      answer === undefined
        ? '(no reply within 5 s: is the robot (a launch with the grounder) running?)'
        : answer,
    );
    return answer === undefined ? 1 : 0;
  } finally {
    client.close();
  }
}

async function listen(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { scene: { type: 'string' }, 'acoustic-adaptation': { type: 'string' } },
  });
  const [file] = positionals;
  if (!file) throw new UsageError('listen needs FILE.wav (and --scene SCENE.json to ground it here)');
  const { decodeWav } = await import('../speech/audio.ts');
  const { run: runTool } = await import('../speech/tools.ts');
  // sox turns any WAV (stereo, 8/24-bit, other rates) into mono 16-bit first.
  const { stdout } = await runTool('sox', [
    file,
    '-t',
    'wav',
    '-e',
    'signed-integer',
    '-b',
    '16',
    '-c',
    '1',
    '-',
  ]);
  if (!values.scene) {
    // No scene: the running robot hears it, on /speech/audio, and answers on /speech/reply.
    const clip = decodeWav(stdout);
    return sendToRobot('/speech/audio', 'katazuke_msgs/msg/AudioClip', {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'microphone' },
      sample_rate: clip.sampleRate,
      samples: Array.from(clip.samples),
    });
  }
  const scene = parseScene(JSON.parse(readFileSync(values.scene, 'utf8')));
  const { PocketSphinxRecognizer } = await import('../speech/PocketSphinxRecognizer.ts');
  const grounder = new Grounder(scene, 'en');
  const recognizer = await PocketSphinxRecognizer.create(grounder.vocabulary, scene, {
    acousticAdaptation: values['acoustic-adaptation'],
  });
  try {
    const hypotheses = await recognizer.recognize(decodeWav(stdout));
    const heard = hypotheses[0]?.text ?? '';
    const { intent, targets, destination, question, reply } = grounder.turn(heard);
    out(
      JSON.stringify({
        heard,
        confidence: hypotheses[0]?.confidence ?? 0,
        intent,
        targets,
        destination,
        question,
        reply,
      }),
    );
  } finally {
    await recognizer.close();
  }
  return 0;
}

/** Writes a generated world's house description (its furniture, never its items) as YAML. */
async function simHouse(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string', default: '1' },
      split: { type: 'string', default: 'train' },
      out: { type: 'string' },
    },
  });
  if (values.split !== 'train' && values.split !== 'heldout')
    throw new UsageError(`--split must be train or heldout, got '${values.split}'`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 1)
    throw new UsageError(`--seed must be a positive integer, got '${values.seed}'`);
  const { generateWorld } = await import('../../sim/world/generateWorld.ts');
  const { houseDescriptionYaml } = await import('../../sim/world/houseDescription.ts');
  const text = houseDescriptionYaml(generateWorld(seed, values.split));
  if (values.out) {
    writeFileSync(values.out, text);
    out(`wrote the house description of world ${seed} (${values.split}) to ${values.out}`);
  } else process.stdout.write(text);
  return 0;
}

/** The tidy-up in the simulated room: writes the world's house description, then launches it. */
async function simTidy(argv: string[]): Promise<number> {
  const value = (name: string, fallback: string) =>
    argv.find((a) => a.startsWith(`${name}:=`))?.slice(name.length + 2) ?? fallback;
  const dir = mkdtempSync(join(tmpdir(), 'katazuke-house-'));
  const houseFile = join(dir, 'house.yaml');
  const code = await simHouse([
    '--seed',
    value('seed', '1'),
    '--split',
    value('split', 'train'),
    '--out',
    houseFile,
  ]);
  if (code !== 0) return code;
  const launchFile = fileURLToPath(new URL('../../launch/sim.launch.yaml', import.meta.url));
  return launch([
    launchFile,
    ...argv.filter((a) => !a.startsWith('house_file:=')),
    `house_file:=${houseFile}`,
  ]);
}

async function simCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'house') return simHouse(rest);
  if (verb === 'tidy') return simTidy(rest);
  if (verb !== 'dataset') throw new UsageError(`unknown sim verb '${verb ?? ''}' (dataset, house, tidy)`);
  const { values } = parseArgs({
    args: rest,
    options: {
      split: { type: 'string', default: 'train' },
      n: { type: 'string' },
      out: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      'first-seed': { type: 'string' },
      jobs: { type: 'string', default: '1' },
    },
  });
  if (values.split !== 'train' && values.split !== 'heldout')
    throw new UsageError(`--split must be train or heldout, got '${values.split}'`);
  const count = Number(values.n);
  if (!Number.isInteger(count) || count < 1) throw new UsageError('--n must be a positive integer');
  if (!values.out) throw new UsageError('sim dataset needs --out DIR');
  const firstSeed = values['first-seed'] === undefined ? undefined : Number(values['first-seed']);
  if (firstSeed !== undefined && !(Number.isInteger(firstSeed) && firstSeed >= 1))
    throw new UsageError(`--first-seed must be a positive integer, got '${values['first-seed']}'`);
  const jobs = Number(values.jobs);
  if (!(Number.isInteger(jobs) && jobs >= 1))
    throw new UsageError(`--jobs must be a positive integer, got '${values.jobs}'`);
  let reported = 0;
  const options: ExportOptions = {
    split: values.split,
    count,
    outDir: values.out,
    ...(values.width ? { width: Number(values.width) } : {}),
    ...(values.height ? { height: Number(values.height) } : {}),
    ...(firstSeed ? { firstSeed } : {}),
    onProgress: (done, total) => {
      if (done - reported < 25 && done !== total) return;
      reported = done;
      process.stderr.write(`  ${done}/${total} images\n`);
    },
  };
  const result =
    jobs > 1
      ? await (
          await import('../../sim/dataset/exportDatasetParallel.ts')
        ).exportDatasetParallel({ ...options, jobs })
      : await (await import('../../sim/dataset/exportDataset.ts')).exportDataset(options);
  out(
    `wrote ${result.images} images and ${result.annotations} annotations to ${values.out} (COCO: ${values.out}/annotations.json)`,
  );
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'launch':
        return await launch(rest);
      case 'run':
        return await run(rest);
      case 'topic':
        return await topic(rest);
      case 'node':
        return await node(rest);
      case 'param':
        return await param(rest);
      case 'service':
        return await service(rest);
      case 'interface':
        return interfaceCommand(rest);
      case 'ground':
        return await ground(rest);
      case 'listen':
        return await listen(rest);
      case 'say':
        return await say(rest);
      case 'sim':
        return await simCommand(rest);
      case 'bag':
        return await bag(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`katazuke: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`katazuke: ${(error as Error).message}\n`);
    return 1;
  }
}
