/**
 * A recording (an MCAP bag, as `katazuke bag record` or `ros2 bag record -s mcap` writes it)
 * played into the viewer at its recorded timing: each message decoded with its own ros2msg
 * schema, only for topics the viewer draws. A damaged file plays what is intact in it.
 */
import { parse } from '@foxglove/rosmsg';
import { MessageReader } from '@foxglove/rosmsg2-serialization';
import { parseBag, type Bag } from '../../common/parseBag.ts';
import type { MessageHandler, TopicSource } from './GraphConnection.ts';

const TICK_MS = 20;

export class RecordingPlayer implements TopicSource {
  readonly #handlers = new Map<string, MessageHandler[]>();
  readonly #readers = new Map<number, MessageReader | null>();
  #next = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Recording time (ns since its first message) played so far. */
  #playedNs = 0n;

  private constructor(readonly bag: Bag) {}

  static async open(file: Blob & { name: string }): Promise<RecordingPlayer> {
    return new RecordingPlayer(parseBag(new Uint8Array(await file.arrayBuffer()), file.name));
  }

  get durationS(): number {
    const { messages } = this.bag;
    return messages.length === 0 ? 0 : Number(messages.at(-1)!.logTimeNs - messages[0]!.logTimeNs) / 1e9;
  }

  get positionS(): number {
    return Number(this.#playedNs) / 1e9;
  }

  get done(): boolean {
    return this.#next >= this.bag.messages.length;
  }

  on(topic: string, handler: MessageHandler): void {
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler]);
  }

  /** Plays from where it stands at `rate` × recorded speed. */
  play(rate = 1): void {
    this.pause();
    const first = this.bag.messages[0]?.logTimeNs ?? 0n;
    const startedMs = performance.now();
    const startNs = this.#playedNs;
    this.#timer = setInterval(() => {
      this.#playedNs = startNs + BigInt(Math.round((performance.now() - startedMs) * rate * 1e6));
      this.#deliverUntil(first + this.#playedNs);
      if (this.done) this.pause();
    }, TICK_MS);
  }

  pause(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #deliverUntil(logTimeNs: bigint): void {
    const { messages, topics } = this.bag;
    while (this.#next < messages.length && messages[this.#next]!.logTimeNs <= logTimeNs) {
      const message = messages[this.#next++]!;
      const topic = topics.get(message.topicId);
      const handlers = topic && this.#handlers.get(topic.topic);
      if (!topic || !handlers) continue;
      const reader = this.#reader(message.topicId);
      if (!reader) continue;
      let decoded: unknown;
      try {
        decoded = reader.readMessage(message.data);
      } catch (error) {
        console.warn(`skipping a malformed message on ${topic.topic}: ${(error as Error).message}`);
        continue;
      }
      for (const handler of handlers) handler(decoded, topic.topic);
    }
  }

  #reader(topicId: number): MessageReader | null {
    let reader = this.#readers.get(topicId);
    if (reader === undefined) {
      const topic = this.bag.topics.get(topicId)!;
      try {
        reader = new MessageReader(parse(topic.schema, { ros2: true }));
      } catch (error) {
        console.warn(`cannot read ${topic.topic} [${topic.type}]: ${(error as Error).message}`);
        reader = null;
      }
      this.#readers.set(topicId, reader);
    }
    return reader;
  }
}
