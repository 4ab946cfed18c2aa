//! 2-D projections for JS: `pca2`, a warm-starting `Pca`, and `Tsne` stepped in slices; and
//! `senseScore`, how well the drawn vectors group by sense (the homonym view's printed line), and
//! `cosineMatrix`, the cosines it is computed from.

use super::args::{count_arg, settings_from, to_js, MAX_COUNT};
use super::JsResult;

/// Most t-SNE iterations per `step` call.
const MAX_STEP: usize = 1000;
use crate::embed::project;
use wasm_bindgen::prelude::*;

/// `pca2(vectors, n, dim)`: `(n, dim)` row-major → `(n, 2)` positions on the two leading principal
/// components.
#[wasm_bindgen]
pub fn pca2(vectors: &[f32], n: f64, dim: f64) -> JsResult<Vec<f32>> {
    let (n, dim) = (count_arg("n", n, 0, MAX_COUNT)?, count_arg("dim", dim, 0, MAX_COUNT)?);
    project::pca2(vectors, n, dim)
}

/// `senseScore(vectors, dim, groups)`: `groups` (`Uint32Array`) gives each of the
/// `(groups.length, dim)` row-major vectors its sense group → `{nn, n, within, across}`: `nn` of
/// `n` vectors have their nearest other (by cosine) in their own group; `within` / `across` are the
/// mean cosines of same-group / cross-group pairs, `null` without such a pair.
#[wasm_bindgen(js_name = senseScore)]
pub fn sense_score(vectors: &[f32], dim: f64, groups: &[u32]) -> JsResult<JsValue> {
    let dim = count_arg("dim", dim, 0, MAX_COUNT)?;
    to_js(&crate::embed::senses::sense_score(vectors, dim, groups)?)
}

/// `cosineMatrix(vectors, n, dim)`: the `(n, n)` cosines between the `(n, dim)` row-major vectors,
/// as a `Float32Array` (row-major).
#[wasm_bindgen(js_name = cosineMatrix)]
pub fn cosine_matrix(vectors: &[f32], n: f64, dim: f64) -> JsResult<Vec<f32>> {
    let (n, dim) = (count_arg("n", n, 0, MAX_COUNT)?, count_arg("dim", dim, 0, MAX_COUNT)?);
    crate::embed::senses::cosine_matrix(vectors, n, dim)
}

/// PCA that starts each fit from its previous components and keeps their signs, so successive
/// snapshots of a training model do not flip or jump.
#[wasm_bindgen(js_name = Pca)]
#[derive(Default)]
pub struct JsPca(project::Pca);

#[wasm_bindgen(js_class = Pca)]
impl JsPca {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsPca {
        JsPca::default()
    }

    /// `(n, dim)` → `(n, 2)`.
    pub fn fit(&mut self, vectors: &[f32], n: f64, dim: f64) -> JsResult<Vec<f32>> {
        let (n, dim) = (count_arg("n", n, 0, MAX_COUNT)?, count_arg("dim", dim, 0, MAX_COUNT)?);
        self.0.fit_transform(vectors, n, dim)
    }

    /// `[share of variance on PC1, on PC2]` of the last fit.
    pub fn explained(&self) -> Vec<f64> {
        self.0.explained().to_vec()
    }
}

/// `new Tsne(vectors, n, dim, {perplexity, seed, metric: "euclidean"|"cosine", init: "pca"|"random",
/// earlyExaggeration, exaggerationIters, learningRate, angle, exactMax})`.
#[wasm_bindgen(js_name = Tsne)]
pub struct JsTsne(project::Tsne);

#[wasm_bindgen(js_class = Tsne)]
impl JsTsne {
    #[wasm_bindgen(constructor)]
    pub fn new(vectors: &[f32], n: f64, dim: f64, config: JsValue) -> JsResult<JsTsne> {
        let (n, dim) = (count_arg("n", n, 0, MAX_COUNT)?, count_arg("dim", dim, 0, MAX_COUNT)?);
        let cfg: project::TsneConfig = settings_from(config)?;
        project::Tsne::new(vectors, n, dim, cfg).map(JsTsne)
    }

    /// Runs `iters` (0–1000) more iterations; returns the `(n, 2)` positions. Call it again to go
    /// on: one call never runs longer than 1000 iterations, so a worker stays responsive.
    pub fn step(&mut self, iters: f64) -> JsResult<Vec<f32>> {
        self.0.step(count_arg("iters", iters, 0, MAX_STEP)?);
        Ok(self.0.positions())
    }

    /// New vectors for the same points (keeps positions; a different `n` starts over).
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data(&mut self, vectors: &[f32], n: f64, dim: f64) -> JsResult<()> {
        let (n, dim) = (count_arg("n", n, 0, MAX_COUNT)?, count_arg("dim", dim, 0, MAX_COUNT)?);
        self.0.set_data(vectors, n, dim)
    }

    pub fn positions(&self) -> Vec<f32> {
        self.0.positions()
    }

    /// KL(P‖Q) at the current positions (approximate on the Barnes–Hut path).
    pub fn error(&mut self) -> f64 {
        self.0.kl_divergence()
    }

    pub fn iteration(&self) -> usize {
        self.0.iteration()
    }

    /// The perplexity in use (capped at (n − 1)/3 for small sets).
    pub fn perplexity(&self) -> f64 {
        self.0.perplexity()
    }

    /// Whether the exact O(n²) algorithm runs (else Barnes–Hut).
    #[wasm_bindgen(js_name = isExact)]
    pub fn is_exact(&self) -> bool {
        self.0.is_exact()
    }
}
