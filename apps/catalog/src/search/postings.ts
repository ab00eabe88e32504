/*
 * Posting lists of the in-process search index (memory-search.engine.ts): for each key, the document slots that
 * hold it. A list starts as a sorted array of slots and becomes a bitset once it holds more than one slot in 32
 * (where a bit per slot costs less than 32 bits per entry): a word every listing has costs 1 bit a listing, a rare
 * word 4 bytes a match. Slots are mostly added in rising order (a bulk load, a new listing at the end); a slot the
 * index reuses (its free list) is inserted in its place, and a changed or removed document's slot is taken out.
 */

const DENSE = 32;
/** A sparse list this many times longer than the slots it is to keep is searched, not merged. */
const MERGE_RATIO = 8;

export class Posting {
  /** Sorted slots, the first `size` of `slots` (null once dense). */
  private slots: Uint32Array | null = new Uint32Array(4);
  /** Bit s of word s >>> 5 is set when slot s holds the key (null while sparse). */
  private bits: Uint32Array | null = null;
  size = 0;
  private last = -1;

  /** Adds a slot (a slot already held is ignored); a slot above every other is appended. */
  add(slot: number): void {
    if (slot === this.last) {
      return;
    }
    if (slot < this.last) {
      this.insert(slot);
      return;
    }
    this.last = slot;
    this.size++;
    if (this.bits) {
      const word = slot >>> 5;
      if (word >= this.bits.length) {
        const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
        grown.set(this.bits);
        this.bits = grown;
      }
      this.bits[word] |= 1 << (slot & 31);
      return;
    }
    const slots = this.slots!;
    if (this.size > slots.length) {
      if (this.size * DENSE > slot + 1) {
        this.toBits(slot);
        this.bits![slot >>> 5] |= 1 << (slot & 31);
        return;
      }
      const grown = new Uint32Array(slots.length * 2);
      grown.set(slots);
      this.slots = grown;
    }
    this.slots![this.size - 1] = slot;
  }

  /** A slot below the highest: set its bit, or move the higher slots up by one. */
  private insert(slot: number): void {
    if (this.bits) {
      const word = slot >>> 5;
      const bit = 1 << (slot & 31);
      if ((this.bits[word] & bit) === 0) {
        this.bits[word] |= bit;
        this.size++;
      }
      return;
    }
    let slots = this.slots!;
    const at = lowerBound(slots, slot, this.size);
    if (at < this.size && slots[at] === slot) {
      return;
    }
    if (this.size === slots.length) {
      const grown = new Uint32Array(Math.max(4, slots.length * 2));
      grown.set(slots);
      this.slots = slots = grown;
    }
    slots.copyWithin(at + 1, at, this.size);
    slots[at] = slot;
    this.size++;
  }

  /** Takes a slot out (a slot not held is ignored). */
  delete(slot: number): void {
    if (this.bits) {
      const word = slot >>> 5;
      const bit = 1 << (slot & 31);
      if (word < this.bits.length && (this.bits[word] & bit) !== 0) {
        this.bits[word] &= ~bit;
        this.size--;
      }
    } else {
      const slots = this.slots!;
      const at = lowerBound(slots, slot, this.size);
      if (at === this.size || slots[at] !== slot) {
        return;
      }
      slots.copyWithin(at, at + 1, this.size);
      this.size--;
    }
    if (slot === this.last) {
      this.last = this.highest();
    }
  }

  /** The highest slot held, -1 when none. */
  private highest(): number {
    if (this.slots) {
      return this.size > 0 ? this.slots[this.size - 1] : -1;
    }
    const bits = this.bits!;
    for (let word = Math.min(bits.length - 1, this.last >>> 5); word >= 0; word--) {
      if (bits[word] !== 0) {
        return (word << 5) | (31 - Math.clz32(bits[word]));
      }
    }
    return -1;
  }

  private toBits(upTo: number): void {
    const bits = new Uint32Array((upTo >>> 5) + 1 + (upTo >>> 6));
    for (let index = 0; index < this.size - 1; index++) {
      const slot = this.slots![index];
      bits[slot >>> 5] |= 1 << (slot & 31);
    }
    this.bits = bits;
    this.slots = null;
  }

  /** Gives back what a sparse list reserved beyond its size (after a bulk load). */
  trim(): void {
    if (this.slots && this.slots.length > this.size) {
      this.slots = this.slots.slice(0, this.size);
    }
  }

  has(slot: number): boolean {
    if (this.bits) {
      const word = slot >>> 5;
      return word < this.bits.length && (this.bits[word] & (1 << (slot & 31))) !== 0;
    }
    return sortedHas(this.slots!, slot, this.size);
  }

  /**
   * The slots of a sorted array that this list holds: a bit test each when dense; when sparse, one merge of the two
   * when they are of a size, else a binary search each, from where the last one ended.
   */
  keep(sorted: Uint32Array): Uint32Array {
    const out = new Uint32Array(sorted.length);
    let count = 0;
    if (this.bits) {
      const bits = this.bits;
      for (let index = 0; index < sorted.length; index++) {
        const slot = sorted[index];
        const word = slot >>> 5;
        if (word < bits.length && (bits[word] & (1 << (slot & 31))) !== 0) {
          out[count++] = slot;
        }
      }
      return out.subarray(0, count);
    }
    const slots = this.slots!;
    const size = this.size;
    let at = 0;
    if (size > sorted.length * MERGE_RATIO) {
      for (let index = 0; index < sorted.length && at < size; index++) {
        const slot = sorted[index];
        at = lowerBound(slots, slot, size, at);
        if (at < size && slots[at] === slot) {
          out[count++] = slot;
        }
      }
    } else {
      for (let index = 0; index < sorted.length && at < size; index++) {
        const slot = sorted[index];
        while (at < size && slots[at] < slot) {
          at++;
        }
        if (at < size && slots[at] === slot) {
          out[count++] = slot;
        }
      }
    }
    return out.subarray(0, count);
  }

  /** Every slot, in order. */
  toArray(): Uint32Array {
    if (this.slots) {
      return this.slots.subarray(0, this.size);
    }
    const out = new Uint32Array(this.size);
    let count = 0;
    const bits = this.bits!;
    for (let word = 0; word < bits.length; word++) {
      let value = bits[word];
      while (value !== 0) {
        const low = value & -value;
        out[count++] = (word << 5) | (31 - Math.clz32(low));
        value ^= low;
      }
    }
    return out;
  }

  /** Bytes held (for the memory figures). */
  get bytes(): number {
    return (this.slots ?? this.bits!).byteLength;
  }
}

/** The slots of `first` (sorted) that every other list holds too (`first` should be the shortest). */
export function intersect(first: Uint32Array, others: Posting[]): Uint32Array {
  let slots = first;
  for (const other of others) {
    if (slots.length === 0) {
      break;
    }
    slots = other.keep(slots);
  }
  return slots;
}

/** Slots in both sorted arrays. */
export function intersectSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let count = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out[count++] = a[i];
      i++;
      j++;
    } else if (a[i] < b[j]) {
      i++;
    } else {
      j++;
    }
  }
  return out.subarray(0, count);
}

/** The slots of sorted `all` that sorted `some` (taken from it) does not hold. */
export function differenceSorted(all: Uint32Array, some: Uint32Array): Uint32Array {
  const out = new Uint32Array(all.length - some.length);
  let count = 0;
  let j = 0;
  for (let i = 0; i < all.length; i++) {
    if (j < some.length && all[i] === some[j]) {
      j++;
    } else {
      out[count++] = all[i];
    }
  }
  return out.subarray(0, count);
}

/** Slots in any of the sorted arrays, sorted, each once: merged two by two, shortest first (no sort). */
export function unionSorted(lists: Uint32Array[]): Uint32Array {
  const pending = lists.filter((list) => list.length > 0).sort((a, b) => a.length - b.length);
  if (pending.length <= 1) {
    return pending[0] ?? new Uint32Array(0);
  }
  let merged = pending[0];
  for (let next = 1; next < pending.length; next++) {
    merged = mergeSorted(merged, pending[next]);
  }
  return merged;
}

/** The slots of two sorted arrays (each slot once within each), sorted, each once. */
export function mergeSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let count = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x <= y) {
      out[count++] = x;
      i++;
      if (x === y) {
        j++;
      }
    } else {
      out[count++] = y;
      j++;
    }
  }
  while (i < a.length) {
    out[count++] = a[i++];
  }
  while (j < b.length) {
    out[count++] = b[j++];
  }
  return out.subarray(0, count);
}

/** The first position of a sorted array (its first `length` entries, from `from`) whose value is not below `slot`. */
export function lowerBound(list: Uint32Array, slot: number, length = list.length, from = 0): number {
  let low = from;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle] < slot) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Whether a sorted array (its first `length` entries) holds the slot. */
export function sortedHas(list: Uint32Array, slot: number, length = list.length): boolean {
  let low = 0;
  let high = length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = list[middle];
    if (value === slot) {
      return true;
    }
    if (value < slot) {
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return false;
}
