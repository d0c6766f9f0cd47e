// Audio worklet of the CallingBot emulator's softphone. Two processors:
// - "capture-16k": the microphone, resampled from the context's rate to 16 kHz mono, posted as 640-byte frames
//   (20 ms, 16-bit little-endian PCM) to the page, which sends them to the emulator.
// - "playback-16k": 16 kHz frames from the emulator (the bot's audio), resampled to the context's rate and played,
//   with a small jitter buffer (60 ms before starting, at most 1 s kept).
const TARGET_RATE = 16000;
const FRAME_SAMPLES = 320;

class Capture16k extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / TARGET_RATE;
    this.pending = new Float32Array(0);
    this.position = 0;
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.enabled = true;
    this.port.onmessage = (event) => { this.enabled = !!event.data.enabled; };
  }

  emit(value) {
    const clamped = Math.max(-1, Math.min(1, value));
    this.frame[this.filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.filled === FRAME_SAMPLES) {
      if (this.enabled) {
        this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
      }
      this.frame = new Int16Array(FRAME_SAMPLES);
      this.filled = 0;
    }
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0 || !input[0]) {
      return true;
    }
    const length = input[0].length;
    const mono = new Float32Array(length);
    for (let c = 0; c < input.length; c++) {
      const channel = input[c];
      for (let i = 0; i < length; i++) {
        mono[i] += channel[i] / input.length;
      }
    }
    const joined = new Float32Array(this.pending.length + length);
    joined.set(this.pending, 0);
    joined.set(mono, this.pending.length);
    let position = this.position;
    if (this.ratio >= 1) {
      // Downsampling: each output sample is the average of the input samples it covers (a box filter against aliasing).
      while (position + this.ratio <= joined.length) {
        const start = Math.floor(position);
        const end = Math.min(joined.length, Math.ceil(position + this.ratio));
        let sum = 0;
        for (let j = start; j < end; j++) {
          sum += joined[j];
        }
        this.emit(sum / Math.max(1, end - start));
        position += this.ratio;
      }
    } else {
      // Upsampling (a context slower than 16 kHz): linear interpolation.
      while (position + 1 < joined.length) {
        const index = Math.floor(position);
        const fraction = position - index;
        this.emit(joined[index] + (joined[index + 1] - joined[index]) * fraction);
        position += this.ratio;
      }
    }
    const consumed = Math.min(Math.floor(position), joined.length);
    this.pending = joined.slice(consumed);
    this.position = position - consumed;
    return true;
  }
}

class Playback16k extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = TARGET_RATE / sampleRate;
    this.buffer = new Float32Array(TARGET_RATE * 2);
    this.read = 0;
    this.write = 0;
    this.available = 0;
    this.playing = false;
    this.port.onmessage = (event) => this.push(new Int16Array(event.data));
  }

  push(samples) {
    const capacity = this.buffer.length;
    for (let i = 0; i < samples.length; i++) {
      this.buffer[this.write] = samples[i] / 0x8000;
      this.write = (this.write + 1) % capacity;
    }
    this.available += samples.length;
    const max = TARGET_RATE; // keep at most 1 s: drop the oldest beyond it
    if (this.available > max) {
      const drop = this.available - max;
      this.read = (this.read + drop) % capacity;
      this.available = max;
    }
  }

  process(inputs, outputs) {
    const output = outputs[0];
    const channel = output[0];
    if (!this.playing && this.available >= TARGET_RATE * 0.06) {
      this.playing = true;
    }
    const capacity = this.buffer.length;
    for (let i = 0; i < channel.length; i++) {
      if (!this.playing || this.available < 2) {
        channel[i] = 0;
        this.playing = false;
        continue;
      }
      const index = Math.floor(this.read);
      const fraction = this.read - index;
      const a = this.buffer[index % capacity];
      const b = this.buffer[(index + 1) % capacity];
      channel[i] = a + (b - a) * fraction;
      const next = this.read + this.step;
      const advanced = Math.floor(next) - index;
      this.available -= advanced;
      this.read = next % capacity;
    }
    for (let c = 1; c < output.length; c++) {
      output[c].set(channel);
    }
    return true;
  }
}

registerProcessor('capture-16k', Capture16k);
registerProcessor('playback-16k', Playback16k);
