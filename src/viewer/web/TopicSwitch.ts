/**
 * What the viewer's layers subscribe to: one source at a time (the live graph, or a recording
 * opened later), switched without the layers knowing. Messages from a source switched away
 * from are dropped.
 */
import type { MessageHandler, TopicSource } from './GraphConnection.ts';

export class TopicSwitch implements TopicSource {
  readonly #handlers = new Map<string, MessageHandler[]>();
  #source: TopicSource | undefined;

  get source(): TopicSource | undefined {
    return this.#source;
  }

  on(topic: string, handler: MessageHandler): void {
    const known = this.#handlers.get(topic);
    this.#handlers.set(topic, [...(known ?? []), handler]);
    if (!known && this.#source) this.#forward(this.#source, topic);
  }

  use(source: TopicSource): void {
    this.#source = source;
    for (const topic of this.#handlers.keys()) this.#forward(source, topic);
  }

  #forward(source: TopicSource, topic: string): void {
    source.on(topic, (message, from) => {
      if (this.#source !== source) return;
      for (const handler of this.#handlers.get(topic) ?? []) handler(message, from);
    });
  }
}
