// A stand-in for the Hugging Face hub for end-to-end tests (no network in CI): an HTTPS server on
// 127.0.0.1 that answers like huggingface.co does, and the Chromium flags that send the real host
// names to it — so the page fetches the production URLs (https://huggingface.co/<id>/resolve/main/…)
// unchanged, and real redirects, CORS and streaming happen. (Playwright's page.route cannot stand in
// for it: it sees the worker's first request but not the one after a redirect.)
//
// What it imitates, per https://huggingface.co/<owner>/<name>/resolve/<rev>/<file>:
// - a renamed repository (a legacy one-part id such as "bert-base-uncased", now
//   "google-bert/bert-base-uncased") → 307 with a relative Location to the new name;
// - an unknown repository → 401 "Repository not found" (what the hub answers today, so that
//   private repositories do not leak; older versions answered 404);
// - a file the repository does not have → 404 "Entry not found";
// - small files → 200 with the bytes; weights (LFS files: *.safetensors, *.bin) → 302 to a CDN host
//   (cdn-lfs.hf.co), which streams them in chunks with pauses, so a download takes visible time;
// - every answer carries Access-Control-Allow-Origin: * (the hub's does; the page is another origin).
// The certificate in tests/fixtures/fakehub/ is self-signed, for this test only; Chromium is told
// to ignore certificate errors. Made with:
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout key.pem \
//     -out cert.pem -days 36500 -subj "/CN=huggingface.co (test only)" \
//     -addext "subjectAltName=DNS:huggingface.co,DNS:hf.co,DNS:*.hf.co,DNS:*.huggingface.co"
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

const FIX = new URL('../fixtures/fakehub/', import.meta.url);
const LFS = /\.(safetensors|bin)$/;
const CDN = 'cdn-lfs.hf.co';

/**
 * Starts the fake hub. `repos`: {"owner/name": {"file name": absolute path or bytes}}; `aliases`:
 * {"old-id": "owner/name"} (renamed repositories); `cut`: repositories whose weights download
 * breaks off halfway (the connection is dropped, as on bad Wi-Fi). `chunks`, `pauseMs`:
 * how the CDN streams a file. Returns {args, hits, close()}: `args` are the Chromium flags that
 * route huggingface.co and the CDN here; `hits` lists every request as "host /path → status".
 */
export async function startFakeHub(repos, { aliases = {}, cut = [], chunks = 10, pauseMs = 40 } = {}) {
  const blobs = new Map(); // sha256 → bytes, for the CDN
  const broken = new Set(); // sha256 of the blobs whose download is cut
  const hits = [];
  const cors = { 'access-control-allow-origin': '*' };
  const server = createServer({ key: readFileSync(new URL('key.pem', FIX)), cert: readFileSync(new URL('cert.pem', FIX)) }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = decodeURIComponent(new URL(req.url, 'https://x').pathname);
    const answer = (status, headers, body) => {
      hits.push(`${host} ${path} → ${status}`);
      res.writeHead(status, { ...cors, ...headers });
      return body;
    };
    if (host === CDN) {
      const sha = path.split('/').pop();
      const bytes = blobs.get(sha);
      if (!bytes) return res.end(answer(404, {}, 'not found'));
      answer(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
      const step = Math.ceil(bytes.length / chunks);
      let o = 0;
      const next = () => {
        if (res.destroyed) return;
        res.write(bytes.subarray(o, o + step));
        o += step;
        if (broken.has(sha) && o >= bytes.length / 2) return res.destroy();
        if (o >= bytes.length) res.end();
        else setTimeout(next, pauseMs);
      };
      return next();
    }
    const m = /^\/(.+)\/resolve\/([^/]+)\/([^/]+)$/.exec(path);
    if (m && aliases[m[1]]) return res.end(answer(307, { location: `/${aliases[m[1]]}/resolve/${m[2]}/${m[3]}` }, ''));
    const repo = m && repos[m[1]];
    if (!m || !repo || m[2] !== 'main') {
      return res.end(answer(401, { 'content-type': 'text/plain', 'x-error-code': 'RepoNotFound' }, 'Repository not found'));
    }
    const file = repo[m[3]];
    if (!file) return res.end(answer(404, { 'content-type': 'text/plain', 'x-error-code': 'EntryNotFound' }, 'Entry not found'));
    const bytes = typeof file === 'string' ? readFileSync(file) : Buffer.from(file);
    if (LFS.test(m[3])) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      blobs.set(sha, bytes);
      if (cut.includes(m[1])) broken.add(sha);
      return res.end(answer(302, { location: `https://${CDN}/repos/ab/cd/${sha}`, 'x-linked-size': String(bytes.length) }, ''));
    }
    res.end(answer(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(bytes.length) }, bytes));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const port = server.address().port;
  return {
    args: [`--host-resolver-rules=MAP huggingface.co 127.0.0.1:${port}, MAP ${CDN} 127.0.0.1:${port}`, '--ignore-certificate-errors'],
    hits,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}
