/**
 * Binary min-heap of (key, value) number pairs in typed arrays that double when full, so the
 * hot loops that use it (A*, orderings) allocate nothing per element once it has grown. Stale
 * entries are the caller's to skip (lazy deletion).
 */
export class MinHeap {
  #keys: Float64Array;
  #values: Int32Array;
  #size = 0;

  constructor(capacity = 64) {
    this.#keys = new Float64Array(Math.max(capacity, 1));
    this.#values = new Int32Array(Math.max(capacity, 1));
  }

  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#size = 0;
  }

  /** Makes room for `capacity` entries up front. */
  reserve(capacity: number): void {
    if (capacity <= this.#keys.length) return;
    const keys = new Float64Array(capacity);
    const values = new Int32Array(capacity);
    keys.set(this.#keys.subarray(0, this.#size));
    values.set(this.#values.subarray(0, this.#size));
    this.#keys = keys;
    this.#values = values;
  }

  push(key: number, value: number): void {
    if (this.#size === this.#keys.length) this.reserve(2 * this.#size);
    const keys = this.#keys;
    const values = this.#values;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** The smallest key without removing it. */
  peekKey(): number {
    if (this.#size === 0) throw new Error('heap is empty');
    return this.#keys[0]!;
  }

  /** Removes the entry with the smallest key and returns its value (its key: `peekKey` before). */
  pop(): number {
    if (this.#size === 0) throw new Error('heap is empty');
    const keys = this.#keys;
    const values = this.#values;
    const top = values[0]!;
    const n = --this.#size;
    const key = keys[n]!;
    const value = values[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      values[i] = values[child]!;
      i = child;
    }
    keys[i] = key;
    values[i] = value;
    return top;
  }
}
