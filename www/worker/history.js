// The loss curve a training chapter draws: the last CAPACITY points of (words seen, loss), kept in
// one Float64Array allocated with the model's state, used as a ring. A curve kept as an array of
// [x, y] pairs grows the worker's heap by ~60 bytes a slice until its cap (800 points: ~50 KB per
// model, 10 % of the worker's whole heap, measured by scripts/soak.mjs --heap); this one is the
// same size from the first slice to the last, however long a lesson trains.

/** Points the page draws (views/linechart.js gets the last 400). */
export const CAPACITY = 400;

export class LossHistory {
  constructor(capacity = CAPACITY) {
    this.capacity = capacity;
    this.xy = new Float64Array(2 * capacity);
    this.start = 0;
    this.length = 0;
  }

  clear() {
    this.start = 0;
    this.length = 0;
  }

  /** Appends (x, y); when full, the oldest point makes room. */
  push(x, y) {
    let i;
    if (this.length < this.capacity) i = (this.start + this.length++) % this.capacity;
    else {
      i = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.xy[2 * i] = x;
    this.xy[2 * i + 1] = y;
  }

  /** The points, oldest first, as [[x, y], …] (what views/linechart.js draws; a fresh array to post). */
  points() {
    const out = new Array(this.length);
    for (let k = 0; k < this.length; k++) {
      const i = (this.start + k) % this.capacity;
      out[k] = [this.xy[2 * i], this.xy[2 * i + 1]];
    }
    return out;
  }
}
