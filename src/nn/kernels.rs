//! The vector kernels of every model: `dot`, `axpy` and `axpy_pair` (Word2Vec, FastText, the BERT
//! attention, the recurrent layers' element-wise work). Matrix products live beside them in
//! [`super::matmul`], on the same lane type.
//!
//! The vector kernels are written once over the 4-lane type [`F4`] (SSE2 on x86-64, `simd128` on
//! wasm32, enabled in `.cargo/config.toml`; plain arrays elsewhere). f32 addition is not
//! associative, so the order of the operations is fixed and documented on each function: the
//! native build and the wasm build then give bit-identical results from the same seed (pinned by
//! `tests/word2vec_targets.rs`), and the speed does not depend on what the autovectoriser decides.
//! The slices are bounds-checked once; the inner loops read through raw pointers.

use super::f4::F4;

/// `Σ a[i]·b[i]` over the common length, in the same order on every target: lanes i mod 16 in
/// four 4-wide accumulators, a trailing 4-chunk into the first, the tree ((s0+s1)+(s2+s3)) and
/// ((l0+l1)+(l2+l3)), then the scalar tail in order.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let z = F4::splat(0.0);
    let (mut s0, mut s1, mut s2, mut s3) = (z, z, z, z);
    let mut i = 0;
    let (pa, pb) = (a.as_ptr(), b.as_ptr());
    // SAFETY: every 4-float load at i + k·4 has i + k·4 + 4 <= n, inside both slices.
    unsafe {
        while i + 16 <= n {
            s0 = s0.add(F4::load(pa.add(i)).mul(F4::load(pb.add(i))));
            s1 = s1.add(F4::load(pa.add(i + 4)).mul(F4::load(pb.add(i + 4))));
            s2 = s2.add(F4::load(pa.add(i + 8)).mul(F4::load(pb.add(i + 8))));
            s3 = s3.add(F4::load(pa.add(i + 12)).mul(F4::load(pb.add(i + 12))));
            i += 16;
        }
        while i + 4 <= n {
            s0 = s0.add(F4::load(pa.add(i)).mul(F4::load(pb.add(i))));
            i += 4;
        }
    }
    let l = s0.add(s1).add(s2.add(s3)).lanes();
    let mut sum = (l[0] + l[1]) + (l[2] + l[3]);
    while i < n {
        sum += a[i] * b[i];
        i += 1;
    }
    sum
}

/// `y += a·x` element-wise (the same rounding on every target: one multiply, one add).
#[inline]
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    let n = x.len().min(y.len());
    let av = F4::splat(a);
    let mut i = 0;
    let (px, py) = (x.as_ptr(), y.as_mut_ptr());
    // SAFETY: as in `dot`; x and y do not overlap (& and &mut).
    unsafe {
        while i + 4 <= n {
            F4::load(py.add(i)).add(av.mul(F4::load(px.add(i)))).store(py.add(i));
            i += 4;
        }
    }
    while i < n {
        y[i] += a * x[i];
        i += 1;
    }
}

/// `grad_h += g·o; o += g·h` in one pass (both read the old `o`, as word2vec.c's two loops do).
#[inline]
pub(crate) fn axpy_pair(g: f32, h: &[f32], o: &mut [f32], grad_h: &mut [f32]) {
    let n = h.len().min(o.len()).min(grad_h.len());
    let gv = F4::splat(g);
    let mut i = 0;
    let (ph, po, pg) = (h.as_ptr(), o.as_mut_ptr(), grad_h.as_mut_ptr());
    // SAFETY: as in `dot`; the three slices are distinct borrows.
    unsafe {
        while i + 4 <= n {
            let ov = F4::load(po.add(i));
            F4::load(pg.add(i)).add(gv.mul(ov)).store(pg.add(i));
            ov.add(gv.mul(F4::load(ph.add(i)))).store(po.add(i));
            i += 4;
        }
    }
    while i < n {
        grad_h[i] += g * o[i];
        o[i] += g * h[i];
        i += 1;
    }
}

/// `out = (Σᵣ m[r]) · (1/N)` over the `dim`-float rows `rows` of `m` (N = `rows.len()` > 0,
/// repeats count): CBOW's hidden vector. Each lane sums 0 + row₀ + row₁ + … in the order of `rows`,
/// then multiplies by the f32 reciprocal — the same operations, in the same order, as zeroing
/// `out`, `axpy(1.0, row, out)` per row (1·x is exact) and scaling, so the result is bit-identical
/// to that; but each 4-lane chunk of `out` is summed in a register across all rows and stored
/// once, instead of being loaded and stored once per row.
#[inline]
pub fn mean_rows(m: &[f32], rows: &[u32], dim: usize, out: &mut [f32]) {
    let out = &mut out[..dim];
    for &r in rows {
        assert!((r as usize + 1) * dim <= m.len(), "row {r} outside the matrix");
    }
    let inv = 1.0 / rows.len() as f32;
    let invv = F4::splat(inv);
    let (pm, po) = (m.as_ptr(), out.as_mut_ptr());
    let mut i = 0;
    // SAFETY: every row r satisfies (r + 1)·dim ≤ m.len() (checked above) and i + 4 ≤ dim, so each
    // load reads inside row r; the store is inside `out`, which has `dim` floats.
    unsafe {
        while i + 4 <= dim {
            let mut acc = F4::splat(0.0);
            for &r in rows {
                acc = acc.add(F4::load(pm.add(r as usize * dim + i)));
            }
            acc.mul(invv).store(po.add(i));
            i += 4;
        }
    }
    while i < dim {
        let mut acc = 0.0f32;
        for &r in rows {
            acc += m[r as usize * dim + i];
        }
        out[i] = acc * inv;
        i += 1;
    }
}

/// In order, one float at a time: the reference the fast `dot` is tested against.
pub fn dot_slow(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The reference for `axpy`.
pub fn axpy_slow(a: f32, x: &[f32], y: &mut [f32]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn random(n: usize, rng: &mut Rng) -> Vec<f32> {
        (0..n).map(|_| rng.next_f32() * 2.0 - 1.0).collect()
    }

    #[test]
    fn mean_rows_is_bit_identical_to_axpy_then_scale() {
        let mut rng = Rng::new(5);
        for dim in [1, 3, 4, 7, 16, 21, 100] {
            let m = random(9 * dim, &mut rng);
            for rows in [&[3u32][..], &[0, 8], &[2, 5, 2, 7, 1, 0, 4]] {
                let mut want = vec![0.0f32; dim];
                for &r in rows {
                    axpy(1.0, &m[r as usize * dim..(r as usize + 1) * dim], &mut want);
                }
                let inv = 1.0 / rows.len() as f32;
                want.iter_mut().for_each(|x| *x *= inv);
                let mut got = vec![f32::NAN; dim];
                mean_rows(&m, rows, dim, &mut got);
                assert_eq!(
                    got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    "dim {dim}"
                );
            }
        }
    }

    #[test]
    fn dot_and_axpy_match_the_slow_versions_at_every_length() {
        let mut rng = Rng::new(3);
        // Lengths around the chunk sizes (4, 8, 16) and the usual dims.
        for n in (0..70).chain([99, 100, 101, 128, 300]) {
            let (a, b) = (random(n, &mut rng), random(n, &mut rng));
            let (fast, slow) = (dot(&a, &b), dot_slow(&a, &b));
            // Different summation order: equal up to rounding, bounded by n·ε·Σ|a·b|.
            let bound = 1e-6 * (n as f32 + 1.0) * a.iter().zip(&b).map(|(x, y)| (x * y).abs()).sum::<f32>().max(1e-6);
            assert!((fast - slow).abs() <= bound, "n={n}: {fast} vs {slow}");
            let (mut y1, mut y2) = (b.clone(), b.clone());
            axpy(0.37, &a, &mut y1);
            axpy_slow(0.37, &a, &mut y2);
            // Element-wise the same operations in the same order: bit-identical.
            assert_eq!(y1, y2, "n={n}");
        }
    }

    #[test]
    fn dot_of_known_vectors() {
        // 1·4 + 2·5 + 3·6 = 32, repeated 7 times over 21 elements = 224.
        let a: Vec<f32> = [1.0, 2.0, 3.0].repeat(7);
        let b: Vec<f32> = [4.0, 5.0, 6.0].repeat(7);
        assert_eq!(dot(&a, &b), 224.0);
    }

    /// The documented order, written out in scalar code: what every target must reproduce exactly.
    fn dot_reference(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        let mut acc = [0.0f32; 16];
        let mut i = 0;
        while i + 16 <= n {
            for l in 0..16 {
                acc[l] += a[i + l] * b[i + l];
            }
            i += 16;
        }
        while i + 4 <= n {
            for l in 0..4 {
                acc[l] += a[i + l] * b[i + l];
            }
            i += 4;
        }
        let s: Vec<f32> = (0..4).map(|l| (acc[l] + acc[4 + l]) + (acc[8 + l] + acc[12 + l])).collect();
        let mut sum = (s[0] + s[1]) + (s[2] + s[3]);
        while i < n {
            sum += a[i] * b[i];
            i += 1;
        }
        sum
    }

    #[test]
    fn kernels_follow_the_documented_order_bit_for_bit() {
        let mut rng = Rng::new(4);
        for n in (0..70).chain([99, 100, 101, 300]) {
            let (a, b) = (random(n, &mut rng), random(n, &mut rng));
            assert_eq!(dot(&a, &b).to_bits(), dot_reference(&a, &b).to_bits(), "n={n}");
            let (mut y, mut o, mut gh) = (b.clone(), b.clone(), a.clone());
            axpy(0.37, &a, &mut y);
            axpy_pair(-0.11, &a, &mut o, &mut gh);
            for i in 0..n {
                assert_eq!(y[i], b[i] + 0.37 * a[i]);
                assert_eq!(o[i], b[i] + -0.11 * a[i]);
                assert_eq!(gh[i], a[i] + -0.11 * b[i]);
            }
        }
    }
}
