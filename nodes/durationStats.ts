/** Durations (ms) kept for percentiles, reported as diagnostic_msgs KeyValues. */
export class DurationStats {
  #values = new Float64Array(1024);
  #count = 0;

  add(ms: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(2 * this.#values.length);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = ms;
  }

  percentile(p: number): number {
    if (this.#count === 0) return NaN;
    const sorted = this.#values.slice(0, this.#count).sort();
    return sorted[Math.min(this.#count - 1, Math.floor((p / 100) * this.#count))]!;
  }

  keyValues(prefix: string): Array<{ key: string; value: string }> {
    return [
      { key: `${prefix}_p50`, value: this.percentile(50).toFixed(3) },
      { key: `${prefix}_p99`, value: this.percentile(99).toFixed(3) },
      { key: `${prefix}_count`, value: String(this.#count) },
    ];
  }
}
