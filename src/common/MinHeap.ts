/** Binary min-heap of (key, value) number pairs. Stale entries are the caller's to skip (lazy deletion). */
export class MinHeap {
  #keys: number[] = [];
  #values: number[] = [];

  get size(): number {
    return this.#keys.length;
  }

  clear(): void {
    this.#keys.length = 0;
    this.#values.length = 0;
  }

  push(key: number, value: number): void {
    const keys = this.#keys;
    const values = this.#values;
    let i = keys.length;
    keys.push(key);
    values.push(value);
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
    if (this.#keys.length === 0) throw new Error('heap is empty');
    return this.#keys[0]!;
  }

  /** Removes the entry with the smallest key and returns its value (its key: `peekKey` before). */
  pop(): number {
    const keys = this.#keys;
    const values = this.#values;
    if (keys.length === 0) throw new Error('heap is empty');
    const top = values[0]!;
    const lastKey = keys.pop()!;
    const lastValue = values.pop()!;
    if (keys.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= keys.length) break;
        const right = left + 1;
        const child = right < keys.length && keys[right]! < keys[left]! ? right : left;
        if (keys[child]! >= lastKey) break;
        keys[i] = keys[child]!;
        values[i] = values[child]!;
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return top;
  }
}
