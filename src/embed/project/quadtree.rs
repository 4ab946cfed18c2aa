//! The Barnes–Hut quadtree for t-SNE's repulsive forces (van der Maaten 2014, "Accelerating t-SNE
//! using tree-based algorithms", §4.2; Barnes & Hut 1986).
//!
//! With `w_ij = 1/(1 + ‖y_i − y_j‖²)`, the repulsion on `i` needs `Σ_j w_ij² (y_i − y_j)` and the
//! normaliser needs `Σ_j w_ij`. A cell of `N` points whose width is small seen from `y_i`
//! (`width / ‖y_i − c‖ < θ`, `c` its centre of mass) counts as `N` points at `c`: one term instead
//! of `N`, `O(n log n)` per iteration instead of `O(n²)`. `θ = 0` is exact.

const NONE: u32 = u32::MAX;
/// Points closer than the cells of this depth share a leaf (avoids unbounded splitting on
/// near-duplicates; at depth 48 a cell is 2⁻⁴⁸ of the picture).
const MAX_DEPTH: u32 = 48;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Cell centre and half width.
    cx: f64,
    cy: f64,
    hw: f64,
    /// Sum of the positions of the points inside (centre of mass = sum / count).
    sx: f64,
    sy: f64,
    count: u32,
    /// Index of the first of 4 children (0 = leaf; the root is never a child).
    child: u32,
    /// A leaf's point (all points of a leaf share its position).
    point: u32,
}

impl Node {
    fn new(cx: f64, cy: f64, hw: f64) -> Self {
        Node { cx, cy, hw, sx: 0.0, sy: 0.0, count: 0, child: 0, point: NONE }
    }

    fn quadrant(&self, x: f64, y: f64) -> u32 {
        (x >= self.cx) as u32 + 2 * (y >= self.cy) as u32
    }
}

/// A quadtree over `(n, 2)` points, rebuilt each iteration (allocation reused).
#[derive(Debug, Default, Clone)]
pub(crate) struct QuadTree {
    nodes: Vec<Node>,
    stack: Vec<u32>,
}

impl QuadTree {
    pub fn build(&mut self, y: &[f64]) {
        self.nodes.clear();
        let n = y.len() / 2;
        if n == 0 {
            return;
        }
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in y.chunks_exact(2) {
            for a in 0..2 {
                lo[a] = lo[a].min(p[a]);
                hi[a] = hi[a].max(p[a]);
            }
        }
        let hw = 0.5 * (hi[0] - lo[0]).max(hi[1] - lo[1]) * (1.0 + 1e-9) + 1e-12;
        self.nodes.push(Node::new(0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1]), hw));
        for i in 0..n {
            self.insert(i as u32, y[2 * i], y[2 * i + 1], y);
        }
    }

    fn insert(&mut self, i: u32, x: f64, yv: f64, y: &[f64]) {
        let mut at = 0usize;
        let mut depth = 0;
        loop {
            let node = &mut self.nodes[at];
            node.count += 1;
            node.sx += x;
            node.sy += yv;
            if node.child != 0 {
                at = (node.child + node.quadrant(x, yv)) as usize;
                depth += 1;
                continue;
            }
            if node.count == 1 {
                node.point = i;
                return;
            }
            let p = node.point as usize;
            let (px, py) = (y[2 * p], y[2 * p + 1]);
            if depth >= MAX_DEPTH || (px == x && py == yv) {
                return; // a duplicate (or near-duplicate) joins the leaf
            }
            // Split: the leaf's earlier points (all at (px, py)) move to one child.
            let old = node.count - 1;
            let (cx, cy, h) = (node.cx, node.cy, 0.5 * node.hw);
            let first = self.nodes.len() as u32;
            for q in 0..4 {
                let sx = if q & 1 == 1 { cx + h } else { cx - h };
                let sy = if q & 2 == 2 { cy + h } else { cy - h };
                self.nodes.push(Node::new(sx, sy, h));
            }
            let node = &mut self.nodes[at];
            node.child = first;
            node.point = NONE;
            let to = (first + node.quadrant(px, py)) as usize;
            let moved = &mut self.nodes[to];
            moved.count = old;
            moved.sx = old as f64 * px;
            moved.sy = old as f64 * py;
            moved.point = p as u32;
            at = (first + self.nodes[at].quadrant(x, yv)) as usize;
            depth += 1;
        }
    }

    /// For point `i` at `(x, y)`: `(Σ_j w_ij, [Σ_j w_ij² (y_i − y_j)])` over the other points, cells
    /// summarised when `width / distance < theta`.
    pub fn repulsion(&mut self, i: u32, x: f64, y: f64, theta: f64) -> (f64, [f64; 2]) {
        let (mut sum_w, mut f) = (0.0, [0.0; 2]);
        if self.nodes.is_empty() {
            return (sum_w, f);
        }
        self.stack.clear();
        self.stack.push(0);
        while let Some(at) = self.stack.pop() {
            let node = self.nodes[at as usize];
            if node.count == 0 {
                continue;
            }
            let leaf = node.child == 0;
            if leaf && node.count == 1 && node.point == i {
                continue; // no self-interaction
            }
            let m = node.count as f64;
            let (dx, dy) = (x - node.sx / m, y - node.sy / m);
            let d2 = dx * dx + dy * dy;
            let width = 2.0 * node.hw;
            if leaf || width * width < theta * theta * d2 {
                // A leaf at distance 0 holds `i` itself among its duplicates: count the others.
                let mass = if leaf && d2 == 0.0 { m - 1.0 } else { m };
                let w = 1.0 / (1.0 + d2);
                sum_w += mass * w;
                let fw = mass * w * w;
                f[0] += fw * dx;
                f[1] += fw * dy;
            } else {
                self.stack.extend(node.child..node.child + 4);
            }
        }
        (sum_w, f)
    }
}
