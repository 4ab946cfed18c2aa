// The page side of benches/browser_bench.mjs, imported by a benchmark page's module script.

/** The page side: `window.run(arg)` posts `arg` to a new module worker at `workerUrl` and resolves
 * with its one answer (`{error}` rejects). */
export function serveWorker(workerUrl) {
  window.run = (arg) => new Promise((resolve, reject) => {
    const w = new Worker(workerUrl, { type: 'module' });
    w.onmessage = (e) => { w.terminate(); e.data?.error ? reject(new Error(e.data.error)) : resolve(e.data); };
    w.onerror = (e) => { w.terminate(); reject(new Error(e.message)); };
    w.postMessage(arg);
  });
  document.body.dataset.ready = 'true';
}
