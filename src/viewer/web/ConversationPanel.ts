/**
 * What was said to the robot and what it said back: typed instructions (/instruction), what the
 * recognizer heard (/speech/transcript), the robot's replies (/speech/reply, also spoken by the
 * browser) and which of them are questions it asks back (/instruction/grounded). Instructions are given from the
 * page by the command box or push-to-talk (the microphone, as 16 kHz PCM on /speech/audio).
 */
import type { katazuke_msgs, std_msgs } from '../../messages/types.generated.ts';
import type { GraphConnection, TopicSource } from './GraphConnection.ts';

const SAMPLE_RATE = 16000;
const LOG_LINES = 60;

export class ConversationPanel {
  lastInstruction = '';
  lastReply = '';

  constructor(
    private readonly log: HTMLElement,
    topics: TopicSource,
    /** Where instructions go (a recording takes none). */
    private readonly graph: GraphConnection,
  ) {
    topics.on('/instruction', (m) => this.#add('said', `“${(m as std_msgs.msg.String).data}”`));
    topics.on('/speech/transcript', (m) => {
      const { text } = m as katazuke_msgs.msg.Transcript;
      this.#add('heard', text ? `heard “${text}”` : 'heard nothing it knows');
    });
    // The grounder publishes the instruction it grounded, with any question it asks back,
    // just before saying it on /speech/reply.
    let question = '';
    topics.on(
      '/instruction/grounded',
      (m) => (question = (m as katazuke_msgs.msg.GroundedInstruction).question),
    );
    topics.on('/speech/reply', (m) => {
      const { data } = m as std_msgs.msg.String;
      this.lastReply = data;
      this.#add(question && data === question ? 'question' : 'reply', data);
      if ('speechSynthesis' in window) speechSynthesis.speak(new SpeechSynthesisUtterance(data));
    });
  }

  /** Sends a typed instruction as `katazuke say` does. */
  send(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.lastInstruction = trimmed;
    try {
      this.graph.publish('/instruction', 'std_msgs/msg/String', { data: trimmed });
    } catch (error) {
      this.#add('question', `not sent: ${(error as Error).message}`);
    }
  }

  /** Push-to-talk on `button`: records while held, then sends the clip to the recognizer. */
  attachTalkButton(button: HTMLButtonElement): void {
    let recording: Promise<(() => Int16Array) | undefined> | undefined;
    button.addEventListener('pointerdown', (event) => {
      // Captured, so the release ends the recording wherever the pointer has gone.
      button.setPointerCapture(event.pointerId);
      button.textContent = 'Listening…';
      recording = record().catch((error: Error) => {
        this.#add('question', `no microphone: ${error.message}`);
        return undefined;
      });
    });
    const release = () => {
      const started = recording;
      recording = undefined;
      button.textContent = 'Hold to talk';
      // A release before the microphone opened still ends that recording once it has.
      void started?.then((stop) => stop && this.#sendAudio(stop()));
    };
    button.addEventListener('pointerup', release);
    button.addEventListener('pointercancel', release);
  }

  #sendAudio(samples: Int16Array): void {
    const now = Date.now();
    try {
      this.graph.publish('/speech/audio', 'katazuke_msgs/msg/AudioClip', {
        header: { stamp: { sec: Math.floor(now / 1000), nanosec: (now % 1000) * 1e6 }, frame_id: '' },
        sample_rate: SAMPLE_RATE,
        samples,
      });
    } catch (error) {
      this.#add('question', `not sent: ${(error as Error).message}`);
    }
  }

  #add(kind: 'said' | 'heard' | 'reply' | 'question', text: string): void {
    const line = document.createElement('div');
    line.className = kind;
    line.textContent = text;
    this.log.append(line);
    while (this.log.childElementCount > LOG_LINES) this.log.firstElementChild?.remove();
    this.log.scrollTop = this.log.scrollHeight;
  }
}

/** Starts recording the microphone; the returned function stops it and gives the samples. */
async function record(): Promise<() => Int16Array> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 } });
  const audio = new AudioContext({ sampleRate: SAMPLE_RATE });
  const source = audio.createMediaStreamSource(stream);
  // ScriptProcessor: deprecated, but it needs no separate worklet file and is enough for speech.
  const processor = audio.createScriptProcessor(4096, 1, 1);
  const chunks: Float32Array[] = [];
  processor.onaudioprocess = (event) => chunks.push(new Float32Array(event.inputBuffer.getChannelData(0)));
  source.connect(processor);
  processor.connect(audio.destination);
  return () => {
    processor.disconnect();
    source.disconnect();
    stream.getTracks().forEach((track) => track.stop());
    void audio.close();
    const samples = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks)
      for (const v of chunk) samples[at++] = Math.round(Math.max(-1, Math.min(1, v)) * 32767);
    return samples;
  };
}
