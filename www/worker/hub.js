// A model folder from the Hugging Face hub (or any static folder URL), fetched in the worker and
// kept in the browser's Cache Storage so that the next visit loads it with no network at all.
//
// The hub serves a repository's files at https://huggingface.co/<owner>/<name>/resolve/<rev>/<file>;
// small files come straight back, large (LFS) ones as a 302 to a CDN, which fetch() follows. A file
// the repository does not have is a 404; a repository that does not exist (or is private or gated)
// is a 401 (older hub versions said 404), so both mean "no such model" for config.json.
// Repositories differ in what they ship: KoELECTRA has only pytorch_model.bin and vocab.txt +
// tokenizer_config.json, newer ones model.safetensors and tokenizer.json, so each kind of file is
// asked for in order of preference until one exists — the same order as transformers.
import { fail } from './fail.js';

export const HUB = 'https://huggingface.co/';
export const CACHE = 'nlp-playground-models-v1';
/** Stored beside the files after a successful load: which files make up the model. */
const MANIFEST = '.nlp-playground-files.json';

/** Each kind of file: the names to try in order, and whether the model needs one of them. */
export const CHOICES = [
  { names: ['config.json'], required: true },
  { names: ['tokenizer_config.json'], required: false },
  { names: ['vocab.txt', 'tokenizer.json'], required: true },
  { names: ['model.safetensors', 'pytorch_model.bin'], required: true },
];
const FILE_NAMES = CHOICES.flatMap((c) => c.names);
const ID = /^[\w.-]+(\/[\w.-]+)?$/;

/**
 * A model id ("owner/name", or a legacy one-part id like "bert-base-uncased") or a URL → the folder
 * URL the files are fetched from, ending in "/". Hub URLs may be a repository page
 * (https://huggingface.co/owner/name), a file (…/resolve/main/config.json, …/blob/main/…) or a
 * revision (…/tree/v1); other servers are taken as a folder holding the files (or one file in it).
 */
export function hubBase(input) {
  const s = String(input ?? '').trim();
  if (!s) throw fail('worker.hubEmpty');
  if (!/^https?:\/\//i.test(s)) {
    if (!ID.test(s)) throw fail('worker.hubId', { input: s });
    return `${HUB}${s}/resolve/main/`;
  }
  let url;
  try {
    url = new URL(s);
  } catch {
    throw fail('worker.hubUrl', { input: s });
  }
  url.search = '';
  url.hash = '';
  if (/^(www\.)?(huggingface\.co|hf\.co)$/i.test(url.hostname)) {
    const parts = url.pathname.split('/').filter(Boolean);
    const k = parts.findIndex((p) => ['resolve', 'blob', 'tree', 'raw'].includes(p));
    const repo = k < 0 ? parts : parts.slice(0, k);
    const rev = (k >= 0 && parts[k + 1]) || 'main';
    const id = repo.map(decodeURIComponent).join('/');
    if (['datasets', 'spaces'].includes(repo[0]) || !ID.test(id)) {
      throw fail('worker.hubNotModel', { input: s, hub: HUB });
    }
    return `${HUB}${id}/resolve/${rev}/`;
  }
  const path = url.pathname.split('/');
  if (FILE_NAMES.includes(path.at(-1))) path.pop();
  url.pathname = `${path.join('/').replace(/\/$/, '')}/`;
  return url.href;
}

/**
 * Reads a response body into one Uint8Array, calling report(loaded, total) as it goes. With a known
 * size the bytes go straight into one buffer: a 400 MB checkpoint then takes 400 MB here, not
 * twice that while chunks are joined.
 */
export async function readBody(stream, total, report) {
  const reader = stream.getReader();
  let buf = total > 0 ? new Uint8Array(total) : null;
  const chunks = [];
  let loaded = 0;
  let last = 0;
  report(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (buf && loaded + value.length <= buf.length) buf.set(value, loaded);
    else {
      // No size given, or more bytes than it said: collect the chunks and join them at the end.
      if (buf) chunks.push(buf.subarray(0, loaded));
      buf = null;
      chunks.push(value);
    }
    loaded += value.length;
    // At most ~12 reports a second: enough for a smooth bar, few messages for a 400 MB file.
    if (performance.now() - last > 80) {
      last = performance.now();
      report(loaded, total);
    }
  }
  report(loaded, total);
  if (buf) return loaded === buf.length ? buf : buf.slice(0, loaded);
  const out = new Uint8Array(loaded);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const isHub = (base) => base.startsWith(HUB);

/** The model's files from the cache, if an earlier load stored all of them; else null. */
async function fromCache(base, cache, progress) {
  const m = await cache.match(base + MANIFEST);
  if (!m) return null;
  let names;
  try {
    names = (await m.json()).files;
  } catch {
    return null;
  }
  const files = {};
  for (const name of names) {
    const res = await cache.match(base + name);
    if (!res) return null;
    const total = Number(res.headers.get('content-length')) || 0;
    files[name] = await readBody(res.body, total, (loaded, tot) => progress({ phase: 'download', file: name, loaded, total: tot, cached: true }));
  }
  return files;
}

/** GET with a readable error when the network is down (fetch only says "Failed to fetch"). */
async function get(url, id) {
  try {
    return await fetch(url);
  } catch {
    const offline = globalThis.navigator?.onLine === false;
    throw offline ? fail('worker.offline', { id }) : fail('worker.unreachable', { host: new URL(url).host, id });
  }
}

/** The model's files from the server, trying the alternatives of each kind in order. */
export async function fetchFolder(base, id, progress) {
  const files = {};
  for (const { names, required } of CHOICES) {
    let found = false;
    for (const name of names) {
      const res = await get(base + name, id);
      if (name === 'config.json' && [401, 403, 404].includes(res.status)) {
        throw isHub(base) ? fail('worker.hubNoModel', { id, status: res.status }) : fail('worker.noConfig', { base, status: res.status });
      }
      if (res.status === 404) continue;
      if (!res.ok) throw fail('worker.http', { name, status: res.status, url: base + name });
      const total = Number(res.headers.get('content-length')) || 0;
      let got = 0;
      try {
        files[name] = await readBody(res.body, total, (loaded, tot) => {
          got = loaded;
          progress({ phase: 'download', file: name, loaded, total: tot, cached: false });
        });
      } catch (err) {
        throw fail('worker.brokeOff', { name, got, total: total || '?', detail: err?.message ?? err });
      }
      found = true;
      break;
    }
    if (required && !found) throw fail('worker.noneOf', { id, names: names.join(', ') });
  }
  return files;
}

/** Stores the files and their manifest; returns null, or why the cache refused (quota, …). */
async function store(cache, base, files) {
  try {
    for (const [name, bytes] of Object.entries(files)) {
      await cache.put(base + name, new Response(bytes, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) } }));
    }
    // The manifest goes last: a load interrupted while storing is fetched again next time.
    const bytes = Object.values(files).reduce((n, b) => n + b.length, 0);
    const manifest = { files: Object.keys(files), bytes, stored: new Date().toISOString() };
    await cache.put(base + MANIFEST, new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/json' } }));
    return null;
  } catch (err) {
    return String(err?.message ?? err);
  }
}

/**
 * Fetches a model folder: `{files: {name: Uint8Array}, base, fromCache, save()}`. `save()` stores the
 * files for offline use (call it once the model has loaded, so a broken download is not kept) and
 * resolves to null or the reason the browser would not store them.
 */
export async function hubFiles(input, { cache, progress }) {
  const base = hubBase(input);
  const id = String(input).trim();
  const cached = cache ? await fromCache(base, cache, progress) : null;
  if (cached) return { files: cached, base, fromCache: true, save: async () => null };
  const files = await fetchFolder(base, id, progress);
  return { files, base, fromCache: false, save: async () => (cache ? store(cache, base, files) : 'Cache Storage is not available here') };
}

/** A folder URL as people write it: "owner/name" on the hub (with "@rev" when not main), else the URL. */
export function folderName(base) {
  const m = base.startsWith(HUB) && /^(.+)\/resolve\/([^/]+)\/$/.exec(base.slice(HUB.length));
  if (!m) return base;
  return m[2] === 'main' ? m[1] : `${m[1]}@${decodeURIComponent(m[2])}`;
}

/** The models kept in the cache: [{name, base, bytes, stored}], newest first. */
export async function cachedModels(cache) {
  const out = [];
  for (const req of await cache.keys()) {
    if (!req.url.endsWith(MANIFEST)) continue;
    const base = req.url.slice(0, -MANIFEST.length);
    try {
      const m = await (await cache.match(req)).json();
      out.push({ name: folderName(base), base, bytes: m.bytes ?? 0, stored: m.stored ?? '' });
    } catch {
      // An unreadable manifest: the model is fetched again next time; nothing to list.
    }
  }
  return out.sort((a, b) => b.stored.localeCompare(a.stored));
}

/** Deletes one cached model (its manifest first, so a half-deleted model is never used). */
export async function forget(cache, base) {
  const m = await cache.match(base + MANIFEST);
  const names = m ? (await m.json().catch(() => ({ files: [] }))).files ?? [] : [];
  await cache.delete(base + MANIFEST);
  for (const name of new Set([...names, ...FILE_NAMES])) await cache.delete(base + name);
}

/** Opens the model cache, or null where Cache Storage is missing (insecure origin, some private modes). */
export async function openCache() {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(CACHE);
  } catch {
    return null;
  }
}
