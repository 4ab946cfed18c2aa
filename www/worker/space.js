// The 2-D picture of a model's vectors, computed in the worker: PCA (warm-started, so snapshots
// do not flip) or t-SNE (continued from its last layout as the vectors change). Shared by the
// Word2Vec and FastText handlers; the page side is views/vectorspace.js. A model here is anything
// with vocab() (words by descending count), dim() and vectors() (row-major, vocab order): the word-vector
// query surface both wasm classes share (src/wasm/vectors.rs).

const TSNE_ITERS_PER_SNAPSHOT = 15;
const TSNE_IDLE_ITERS = 700; // iterations run after training stops, so the layout settles
const TSNE_IDLE_STEP = 20;

export class Space {
  /** settings: the chapter's defaults ({method, topN, perplexity}) over PCA, 500 words, 20. */
  constructor(settings = {}) {
    this.settings = { method: 'pca', topN: 500, perplexity: 20, ...settings };
    this.pca = null;
    this.tsne = null;
    this.labels = [];
    this.idleId = 0;
  }

  /** Forgets layouts (a new model or new vocabulary). */
  reset() {
    this.idleId++;
    this.tsne?.free();
    this.tsne = null;
    this.pca?.free();
    this.pca = null;
    this.labels = [];
  }

  set(settings) {
    this.settings = { ...this.settings, ...settings };
    this.idleId++;
  }

  /** `{positions (n·2), labels, method, explained | iteration}` of the top-N words; `fresh` restarts t-SNE. */
  project(wasm, model, { fresh = false, iters = TSNE_ITERS_PER_SNAPSHOT, seed = 1 } = {}) {
    const words = model.vocab();
    const n = Math.min(words.length, this.settings.topN);
    const changed = n !== this.labels.length || words[0] !== this.labels[0];
    this.labels = words.slice(0, n);
    if (n === 0) return { positions: new Float32Array(0), labels: this.labels, method: this.settings.method };
    const dim = model.dim();
    const data = model.vectors().subarray(0, n * dim);
    if (this.settings.method === 'tsne') {
      if (!this.tsne || fresh || changed) {
        this.tsne?.free();
        // A shorter early exaggeration than the usual 250 iterations: the PCA start is already
        // sensible, and the class should see the layout open up within a second or two.
        this.tsne = new wasm.Tsne(data, n, dim, { perplexity: this.settings.perplexity, seed, metric: 'cosine', exaggerationIters: 100 });
      } else {
        this.tsne.setData(data, n, dim);
      }
      return { positions: this.tsne.step(iters), labels: this.labels, method: 'tsne', iteration: this.tsne.iteration() };
    }
    this.pca = this.pca ?? new wasm.Pca();
    return { positions: this.pca.fit(data, n, dim), labels: this.labels, method: 'pca', explained: this.pca.explained() };
  }

  /**
   * After training stops, keeps t-SNE iterating a while, posting `{...extra(), positions, …}` on
   * `topic`, so the layout settles. Stops when anything else calls set()/reset()/stopIdle().
   */
  async settle(w, model, topic, extra, isBusy) {
    const id = ++this.idleId;
    let done = 0;
    while (this.settings.method === 'tsne' && id === this.idleId && !isBusy() && done < TSNE_IDLE_ITERS) {
      const view = this.tsne ? { positions: this.tsne.step(TSNE_IDLE_STEP), labels: this.labels, method: 'tsne', iteration: this.tsne.iteration() }
        : this.project(w.wasm, model, { fresh: true, iters: TSNE_IDLE_STEP });
      done += TSNE_IDLE_STEP;
      w.post(topic, { ...extra(), ...view, idle: true }, [view.positions.buffer]);
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  stopIdle() {
    this.idleId++;
  }
}
