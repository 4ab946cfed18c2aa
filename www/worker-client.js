// Promise-based calls into the worker, and subscriptions to the snapshots it posts.
export class WorkerClient {
  constructor(url = new URL('./worker.js', import.meta.url)) {
    // `?soak` in the page's address (scripts/soak.mjs) names the worker "soak": it then logs each
    // growth of its wasm memory (worker.js); without it the worker keeps no such log.
    const soak = new URLSearchParams(globalThis.location?.search ?? '').has('soak');
    this.worker = new Worker(url, { type: 'module', name: soak ? 'soak' : 'nlp-playground' });
    this.pending = new Map();
    this.topics = new Map();
    this.nextId = 1;
    this.worker.onmessage = (e) => this.#receive(e.data);
    this.worker.onerror = (e) => {
      const err = new Error(e.message || 'the worker failed to start');
      for (const { reject } of this.pending.values()) reject(err);
      this.pending.clear();
      this.onfatal?.(err);
    };
  }

  /** Calls a handler in the worker; resolves with its result, rejects with an Error carrying the
   * worker's message and, for coded errors, its code, params, kind and problems. */
  call(type, payload, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, payload }, transfer);
    });
  }

  /** Subscribes to snapshots of a topic; returns the unsubscribe function. */
  on(topic, fn) {
    if (!this.topics.has(topic)) this.topics.set(topic, new Set());
    this.topics.get(topic).add(fn);
    return () => this.topics.get(topic)?.delete(fn);
  }

  #receive(msg) {
    if (msg.topic) {
      for (const fn of this.topics.get(msg.topic) ?? []) fn(msg.data);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else {
      const { message, ...coded } = typeof msg.error === 'string' ? { message: msg.error } : msg.error;
      p.reject(Object.assign(new Error(message), coded));
    }
  }
}
