// Fixed-capacity time series in columns (typed arrays): memory per series never grows with
// uptime. Pure.

export class Series {
  /** @param {number} capacity points kept; @param {string[]} columns value names */
  constructor(capacity, columns) {
    this.capacity = capacity;
    this.columns = columns;
    this.t = new Float64Array(capacity);
    this.cols = Object.fromEntries(columns.map((c) => [c, new Float64Array(capacity)]));
    this.start = 0;
    this.length = 0;
  }

  /** The newest time, or -Infinity. */
  last() {
    return this.length ? this.t[(this.start + this.length - 1) % this.capacity] : -Infinity;
  }

  /** Appends a point; a time not after the newest one replaces the newest (a resent tick). */
  push(t, values) {
    let i;
    if (this.length && t <= this.last()) {
      i = (this.start + this.length - 1) % this.capacity;
    } else if (this.length < this.capacity) {
      i = (this.start + this.length) % this.capacity;
      this.length++;
    } else {
      i = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.t[i] = t;
    for (const c of this.columns) {
      const v = values[c];
      this.cols[c][i] = v === undefined || v === null ? NaN : v;
    }
  }

  /** Points with time >= from, oldest first: {t: number[], [column]: number[]}. */
  since(from, columns = this.columns) {
    const out = { t: [] };
    for (const c of columns) out[c] = [];
    for (let k = 0; k < this.length; k++) {
      const i = (this.start + k) % this.capacity;
      if (this.t[i] < from) continue;
      out.t.push(this.t[i]);
      for (const c of columns) {
        const v = this.cols[c][i];
        out[c].push(Number.isNaN(v) ? null : v);
      }
    }
    return out;
  }
}
