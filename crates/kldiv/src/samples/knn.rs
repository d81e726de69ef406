//! Exact k-nearest-neighbour distances: a kd-tree for small dimensions, a blocked brute force
//! beyond. Both compute every distance the same way (Σ (xᵢ − yᵢ)² in coordinate order), so
//! they agree with each other and with a direct double loop to the last bit.

use super::{Points, Progress};
use rayon::prelude::*;

/// Up to this dimension a kd-tree prunes well; beyond it a brute force over blocks is faster.
const KD_MAX_DIM: usize = 12;

/// The incremental cell distance carries a few roundings; a cell is pruned only when it is
/// farther than the bound by more than they could account for, so no point is lost to them.
const PRUNE_SLACK: f64 = 1.0 + 1e-12;

/// Points per kd-tree leaf.
const LEAF: usize = 16;

/// Squared Euclidean distance, in coordinate order.
#[inline]
pub(crate) fn dist2(a: &[f64], b: &[f64]) -> f64 {
    let mut s = 0.0;
    for (x, y) in a.iter().zip(b) {
        let d = x - y;
        s += d * d;
    }
    s
}

/// Counts a point at squared distance d2 into `acc` (how many within r2, the largest of them).
#[inline]
fn tally(acc: &mut (usize, f64), d2: f64, r2: f64) {
    if d2 <= r2 {
        acc.0 += 1;
        acc.1 = acc.1.max(d2);
    }
}

/// The k smallest squared distances seen so far, ascending (k is small: insertion).
#[derive(Clone)]
pub(crate) struct Nearest {
    d2: Vec<f64>,
    k: usize,
}

impl Nearest {
    fn new(k: usize) -> Nearest {
        Nearest {
            d2: Vec::with_capacity(k + 1),
            k,
        }
    }

    /// The current k-th smallest (∞ until k are held).
    #[inline]
    fn bound(&self) -> f64 {
        if self.d2.len() < self.k {
            f64::INFINITY
        } else {
            self.d2[self.k - 1]
        }
    }

    #[inline]
    fn offer(&mut self, d2: f64) {
        if d2 >= self.bound() {
            return;
        }
        let at = self.d2.partition_point(|&v| v <= d2);
        self.d2.insert(at, d2);
        self.d2.truncate(self.k);
    }

    /// The ascending squared distances.
    pub(crate) fn into_sorted(self) -> Vec<f64> {
        self.d2
    }
}

/// A kd-tree node, in preorder (a split's left child is the next node): a split on coordinate
/// `dim` at `value` with its right child at `right`, or a leaf (`dim` = [`LEAF_NODE`]) of the
/// points `start..end` in leaf order (`start` and `end` in `value`'s place would lose bits, so
/// a leaf keeps them in `right` and `end`).
#[derive(Clone, Copy)]
struct Node {
    value: f64,
    dim: usize,
    right: usize,
    end: usize,
}

const LEAF_NODE: usize = usize::MAX;

/// What a traversal does with the points it reaches: the k nearest, or a count within a
/// radius. `bound` is the squared radius beyond which a cell is pruned.
trait Visit {
    fn bound(&self) -> f64;
    fn point(&mut self, d2: f64);
}

impl Visit for Nearest {
    #[inline]
    fn bound(&self) -> f64 {
        Nearest::bound(self)
    }

    #[inline]
    fn point(&mut self, d2: f64) {
        self.offer(d2);
    }
}

/// How many points lie within squared distance r2, and the largest such squared distance.
struct Within {
    r2: f64,
    acc: (usize, f64),
}

impl Visit for Within {
    #[inline]
    fn bound(&self) -> f64 {
        self.r2
    }

    #[inline]
    fn point(&mut self, d2: f64) {
        tally(&mut self.acc, d2, self.r2);
    }
}

/// A kd-tree over the rows of a point set: median splits on the widest coordinate, the points
/// copied in leaf order so that a leaf is one contiguous run of memory. The search keeps, per
/// coordinate, how far the query lies outside the current cell (Arya & Mount's incremental
/// distance), so that pruning a subtree costs O(1). Dimensions 2 to 8 get traversals compiled
/// for their dimension (distances unrolled, the offsets on the stack).
pub(crate) struct KdTree {
    d: usize,
    /// Coordinates in leaf order.
    coords: Vec<f64>,
    /// The original row of each point in leaf order.
    ids: Vec<usize>,
    /// The leaf-order slot of each original row.
    slots: Vec<usize>,
    nodes: Vec<Node>,
}

impl KdTree {
    pub(crate) fn new(pts: Points<'_>) -> KdTree {
        let mut order: Vec<usize> = (0..pts.n).collect();
        let mut nodes = Vec::new();
        if pts.n > 0 {
            Self::build(pts, &mut order, 0, pts.n, &mut nodes);
        }
        let coords = order
            .iter()
            .flat_map(|&i| pts.row(i).iter().copied())
            .collect();
        let mut slots = vec![0; pts.n];
        for (slot, &row) in order.iter().enumerate() {
            slots[row] = slot;
        }
        KdTree {
            d: pts.d,
            coords,
            ids: order,
            slots,
            nodes,
        }
    }

    fn build(
        pts: Points<'_>,
        order: &mut [usize],
        start: usize,
        end: usize,
        nodes: &mut Vec<Node>,
    ) -> usize {
        let id = nodes.len();
        let leaf = Node {
            value: 0.0,
            dim: LEAF_NODE,
            right: start,
            end,
        };
        nodes.push(leaf);
        if end - start <= LEAF {
            return id;
        }
        let mut lo = vec![f64::INFINITY; pts.d];
        let mut hi = vec![f64::NEG_INFINITY; pts.d];
        for &i in &order[start..end] {
            for (c, &v) in pts.row(i).iter().enumerate() {
                lo[c] = lo[c].min(v);
                hi[c] = hi[c].max(v);
            }
        }
        let dim = (0..pts.d)
            .max_by(|&a, &b| (hi[a] - lo[a]).total_cmp(&(hi[b] - lo[b])))
            .unwrap_or(0);
        if hi[dim] <= lo[dim] {
            return id; // every point equal: one leaf, however large
        }
        let mid = start + (end - start) / 2;
        order[start..end].select_nth_unstable_by(mid - start, |&a, &b| {
            pts.row(a)[dim].total_cmp(&pts.row(b)[dim])
        });
        let value = pts.row(order[mid])[dim];
        Self::build(pts, order, start, mid, nodes);
        let right = Self::build(pts, order, mid, end, nodes);
        nodes[id] = Node {
            value,
            dim,
            right,
            end: 0,
        };
        id
    }

    /// The k nearest squared distances from q, leaving out the point `skip` (q's own row).
    pub(crate) fn nearest(&self, q: &[f64], k: usize, skip: Option<usize>) -> Nearest {
        let mut best = Nearest::new(k);
        self.visit(q, skip, &mut best);
        best
    }

    /// The number of points within squared distance r2 of q (skipping `skip`), and the largest
    /// squared distance among them.
    pub(crate) fn within(&self, q: &[f64], r2: f64, skip: Option<usize>) -> (usize, f64) {
        let mut w = Within { r2, acc: (0, 0.0) };
        self.visit(q, skip, &mut w);
        w.acc
    }

    /// Every point that `v`'s bound does not prune, through the traversal compiled for this
    /// dimension.
    fn visit<V: Visit>(&self, q: &[f64], skip: Option<usize>, v: &mut V) {
        if self.nodes.is_empty() {
            return;
        }
        let skip = skip.map_or(usize::MAX, |row| self.slots[row]);
        match self.d {
            2 => self.walk::<2, V>(0, 0.0, &mut [0.0; 2], q, skip, v),
            3 => self.walk::<3, V>(0, 0.0, &mut [0.0; 3], q, skip, v),
            4 => self.walk::<4, V>(0, 0.0, &mut [0.0; 4], q, skip, v),
            5 => self.walk::<5, V>(0, 0.0, &mut [0.0; 5], q, skip, v),
            6 => self.walk::<6, V>(0, 0.0, &mut [0.0; 6], q, skip, v),
            7 => self.walk::<7, V>(0, 0.0, &mut [0.0; 7], q, skip, v),
            8 => self.walk::<8, V>(0, 0.0, &mut [0.0; 8], q, skip, v),
            d => self.walk::<0, V>(0, 0.0, &mut vec![0.0; d], q, skip, v),
        }
    }

    /// The traversal below `node`, whose cell lies at squared distance `rd` from q (per
    /// coordinate `off`). D is the dimension, or 0 for any.
    fn walk<const D: usize, V: Visit>(
        &self,
        node: usize,
        rd: f64,
        off: &mut [f64],
        q: &[f64],
        skip: usize,
        v: &mut V,
    ) {
        let Node {
            value,
            dim,
            right,
            end,
        } = self.nodes[node];
        if dim == LEAF_NODE {
            for slot in right..end {
                if slot != skip {
                    v.point(self.dist2_to::<D>(slot, q));
                }
            }
            return;
        }
        let diff = q[dim] - value;
        let (near, far) = if diff < 0.0 {
            (node + 1, right)
        } else {
            (right, node + 1)
        };
        self.walk::<D, V>(near, rd, off, q, skip, v);
        let old = off[dim];
        let far_rd = rd - old * old + diff * diff;
        if far_rd <= v.bound() * PRUNE_SLACK {
            off[dim] = diff;
            self.walk::<D, V>(far, far_rd, off, q, skip, v);
            off[dim] = old;
        }
    }

    /// [`dist2`] from the point in `slot` to q, unrolled when D is known.
    #[inline(always)]
    fn dist2_to<const D: usize>(&self, slot: usize, q: &[f64]) -> f64 {
        if D == 0 {
            return dist2(&self.coords[slot * self.d..(slot + 1) * self.d], q);
        }
        let (p, q) = (&self.coords[slot * D..slot * D + D], &q[..D]);
        let mut s = 0.0;
        for i in 0..D {
            let d = p[i] - q[i];
            s += d * d;
        }
        s
    }
}

/// Values sorted (by `total_cmp`: −0 before +0), with the index each came from: an LSD radix
/// sort on the order-preserving bit pattern from 4096 values (four passes of 16 bits), a
/// comparison sort below. At most 2³² values: the indices are u32 (`Index::new` sends more to
/// the tree).
/// Bits per pass of the radix sort: 2¹¹ counts (16 KB) stay in L1, where 2¹⁶ (512 KB) did not.
const RADIX_BITS: usize = 11;
const RADIX_MASK: u64 = (1 << RADIX_BITS) - 1;

fn sorted_by_value(data: &[f64]) -> (Vec<f64>, Vec<u32>) {
    // Flip every bit of a negative number and the sign bit of a positive one: the unsigned
    // order of the keys is then total_cmp's order of the values; `value` undoes it.
    let key = |v: f64| {
        let b = v.to_bits();
        if b >> 63 == 1 { !b } else { b | (1 << 63) }
    };
    let value = |k: u64| f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k });
    let n = data.len();
    if n < 4096 {
        let mut pairs: Vec<(u64, u32)> = data.iter().map(|&v| key(v)).zip(0..).collect();
        pairs.sort_unstable();
        return pairs.into_iter().map(|(k, i)| (value(k), i)).unzip();
    }
    let mut keys: Vec<u64> = data.iter().map(|&v| key(v)).collect();
    let mut ids: Vec<u32> = (0..n as u32).collect();
    let (mut keys2, mut ids2) = (vec![0u64; n], vec![0u32; n]);
    let mut count = vec![0usize; 1 << RADIX_BITS];
    for pass in 0..64_usize.div_ceil(RADIX_BITS) {
        let shift = RADIX_BITS * pass;
        count.fill(0);
        for &k in &keys {
            count[((k >> shift) & RADIX_MASK) as usize] += 1;
        }
        // A pass whose digit is the same everywhere moves nothing.
        if count.contains(&n) {
            continue;
        }
        let mut start = 0;
        for c in count.iter_mut() {
            let here = *c;
            *c = start;
            start += here;
        }
        for (&k, &id) in keys.iter().zip(&ids) {
            let slot = &mut count[((k >> shift) & RADIX_MASK) as usize];
            keys2[*slot] = k;
            ids2[*slot] = id;
            *slot += 1;
        }
        std::mem::swap(&mut keys, &mut keys2);
        std::mem::swap(&mut ids, &mut ids2);
    }
    // In place: the keys' buffer becomes the values'.
    (keys.into_iter().map(value).collect(), ids)
}

/// One-dimensional points, sorted.
pub(crate) struct Line {
    values: Vec<f64>,
    ids: Vec<u32>,
}

impl Line {
    fn new(p: Points<'_>) -> Line {
        let (values, ids) = sorted_by_value(p.data);
        Line { values, ids }
    }

    /// The distances |v − q| from q to the points in increasing order, leaving out `skip`
    /// (not squared: a gap of 1e-200 keeps its size, where its square would underflow to 0):
    /// walk left and right from `at` (q's place, or any place at or right of every smaller
    /// value), taking the nearer side each step.
    fn walk(&self, q: f64, at: usize, skip: Option<usize>) -> impl Iterator<Item = f64> + '_ {
        let (mut left, mut right) = (at, at); // next candidates: left − 1 and right
        std::iter::from_fn(move || {
            loop {
                let dl = left.checked_sub(1).map(|i| (self.values[i] - q).abs());
                let dr = self.values.get(right).map(|&v| (v - q).abs());
                let (d, slot) = match (dl, dr) {
                    (Some(a), Some(b)) if a <= b => (a, left - 1),
                    (_, Some(b)) => (b, right),
                    (Some(a), None) => (a, left - 1),
                    (None, None) => return None,
                };
                if slot < left {
                    left -= 1;
                } else {
                    right += 1;
                }
                if Some(self.ids[slot] as usize) != skip {
                    return Some(d);
                }
            }
        })
    }

    /// The k nearest squared distances.
    fn nearest(&self, q: f64, k: usize, skip: Option<usize>) -> Nearest {
        let mut best = Nearest::new(k);
        let at = self.values.partition_point(|&v| v < q);
        self.walk(q, at, skip)
            .take(k)
            .for_each(|d| best.offer(d * d));
        best
    }

    /// The k-th nearest squared distance from each value of `x` (one dimension), leaving out
    /// its own point when `x` is this set: the queries taken in sorted order, so that each one's
    /// place follows from the previous one's by a step or two instead of a binary search, in
    /// parallel runs of sorted queries.
    fn kth_nearest(&self, x: Points<'_>, k: usize, own: bool, progress: &Progress) -> Vec<f64> {
        let d = if own {
            self.kth_distance_sorted(self, k, true, progress)
        } else {
            self.kth_distance_sorted(&Line::new(x), k, false, progress)
        };
        d.into_iter().map(|d| d * d).collect()
    }

    /// The k-th nearest distance |v − q| (not squared) of each query, for queries already
    /// sorted: the values of `queries`, whose ids are the rows of the distances returned.
    pub(crate) fn kth_distance_sorted(
        &self,
        queries: &Line,
        k: usize,
        own: bool,
        progress: &Progress,
    ) -> Vec<f64> {
        let (qv, qid) = (&queries.values, &queries.ids);
        let run = (qv.len().div_ceil(rayon::current_num_threads() * 8)).max(QUERY_BLOCK);
        // In the queries' sorted order first, then to their rows.
        let mut sorted = vec![f64::INFINITY; qv.len()];
        sorted
            .par_chunks_mut(run)
            .zip(qv.par_chunks(run))
            .zip(qid.par_chunks(run))
            .for_each(|((out, vs), ids)| {
                let mut at = self.values.partition_point(|&v| v < vs[0]);
                for ((o, &q), &id) in out.iter_mut().zip(vs).zip(ids) {
                    while at < self.values.len() && self.values[at] < q {
                        at += 1;
                    }
                    let skip = own.then_some(id as usize);
                    *o = self.walk(q, at, skip).nth(k - 1).unwrap_or(f64::INFINITY);
                }
                progress.advance(vs.len());
            });
        let mut kth = vec![f64::INFINITY; qv.len()];
        for (d, &id) in sorted.iter().zip(qid) {
            kth[id as usize] = *d;
        }
        kth
    }

    fn within(&self, q: f64, r2: f64, skip: Option<usize>) -> (usize, f64) {
        let at = self.values.partition_point(|&v| v < q);
        let mut acc = (0usize, 0.0f64);
        let mut take = |slot: usize| {
            let d2 = (self.values[slot] - q) * (self.values[slot] - q);
            if d2 > r2 {
                return false;
            }
            if Some(self.ids[slot] as usize) != skip {
                tally(&mut acc, d2, r2);
            }
            true
        };
        for slot in (0..at).rev() {
            if !take(slot) {
                break;
            }
        }
        for slot in at..self.values.len() {
            if !take(slot) {
                break;
            }
        }
        acc
    }
}

/// Points laid out coordinate by coordinate (structure of arrays), padded to a multiple of
/// `GROUP`, for a brute force whose inner loop runs over many points at once.
pub(crate) struct Columns {
    cols: Vec<f64>,
    n: usize,
    padded: usize,
}

/// acc[j] += (x[j] − q)², one 8-lane vector.
#[inline(always)]
fn square_step(acc: &mut [f64; 8], x: &[f64], q: f64) {
    for j in 0..8 {
        let t = x[j] - q;
        acc[j] += t * t;
    }
}

/// Points whose distances one pass of the brute force sums side by side (four 8-lane vectors).
const GROUP: usize = 32;
/// Points per block of the brute force: 512 points of 20 coordinates are 80 KB, in L2.
const POINT_BLOCK: usize = 512;
/// Queries per parallel task (of the brute force, the kd-tree, the line and the range counts),
/// and per advance of the progress count.
pub(crate) const QUERY_BLOCK: usize = 128;

impl Columns {
    fn new(p: Points<'_>) -> Columns {
        let padded = p.n.div_ceil(GROUP) * GROUP;
        let mut cols = vec![f64::INFINITY; padded * p.d];
        for i in 0..p.n {
            for (c, &v) in p.row(i).iter().enumerate() {
                cols[c * padded + i] = v;
            }
        }
        Columns {
            cols,
            n: p.n,
            padded,
        }
    }

    /// [`Columns::scan`] on the fastest path this CPU has.
    #[allow(unsafe_code)] // calling the forms compiled for detected features, as arrays::kernel
    fn scan_best(
        &self,
        start: usize,
        end: usize,
        queries: &[&[f64]],
        skip: &[Option<usize>],
        best: &mut [Nearest],
    ) {
        use crate::numerics::simd::{Path, best as best_path};
        match best_path() {
            Path::Portable => self.scan(start, end, queries, skip, best),
            // SAFETY: `best` chose this path only after detecting every feature it enables.
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => unsafe { self.scan_avx2(start, end, queries, skip, best) },
            // SAFETY: as above.
            #[cfg(target_arch = "x86_64")]
            Path::Avx512 => unsafe { self.scan_avx512(start, end, queries, skip, best) },
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn scan_avx2(
        &self,
        start: usize,
        end: usize,
        queries: &[&[f64]],
        skip: &[Option<usize>],
        best: &mut [Nearest],
    ) {
        self.scan(start, end, queries, skip, best)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx2,fma")]
    fn scan_avx512(
        &self,
        start: usize,
        end: usize,
        queries: &[&[f64]],
        skip: &[Option<usize>],
        best: &mut [Nearest],
    ) {
        self.scan(start, end, queries, skip, best)
    }

    /// Offers the points start..end (a multiple of GROUP wide, or up to the padding) to each
    /// query's k nearest. The distance of each lane is Σ_c (x_c − q_c)² in coordinate order, the
    /// same sum as [`dist2`]. Padding lanes hold +∞ and are never taken.
    #[inline(always)]
    fn scan(
        &self,
        start: usize,
        end: usize,
        queries: &[&[f64]],
        skip: &[Option<usize>],
        best: &mut [Nearest],
    ) {
        for ((q, sk), b) in queries.iter().zip(skip).zip(best.iter_mut()) {
            let mut at = start;
            while at < end {
                // GROUP independent sums, so that the additions of one coordinate do not wait
                // on each other.
                let mut acc = [[0.0f64; 8]; GROUP / 8];
                for (c, &qc) in q.iter().enumerate() {
                    let col = &self.cols[c * self.padded + at..][..GROUP];
                    for (g, lanes) in acc.iter_mut().enumerate() {
                        square_step(lanes, &col[g * 8..g * 8 + 8], qc);
                    }
                }
                let acc = acc.as_flattened();
                let bound = b.bound();
                if acc.iter().any(|&v| v < bound) {
                    for (j, &v) in acc.iter().enumerate() {
                        let i = at + j;
                        if i < self.n && Some(i) != *sk {
                            b.offer(v);
                        }
                    }
                }
                at += GROUP;
            }
        }
    }

    /// The k nearest of every query, in blocks of queries × blocks of points.
    fn nearest_all(
        &self,
        queries: &[&[f64]],
        k: usize,
        skip: &[Option<usize>],
        progress: &Progress,
    ) -> Vec<Nearest> {
        queries
            .par_chunks(QUERY_BLOCK)
            .zip(skip.par_chunks(QUERY_BLOCK))
            .flat_map_iter(|(qs, sk)| {
                let mut best = vec![Nearest::new(k); qs.len()];
                let mut start = 0;
                while start < self.padded {
                    let end = (start + POINT_BLOCK).min(self.padded);
                    self.scan_best(start, end, qs, sk, &mut best);
                    start = end;
                }
                progress.advance(qs.len());
                best
            })
            .collect()
    }
}

/// `one` on each query, in parallel blocks of queries, each block counted in `progress`.
fn in_blocks<F>(
    queries: &[&[f64]],
    skip: &[Option<usize>],
    progress: &Progress,
    one: F,
) -> Vec<Nearest>
where
    F: Fn(&[f64], Option<usize>) -> Nearest + Sync,
{
    queries
        .par_chunks(QUERY_BLOCK)
        .zip(skip.par_chunks(QUERY_BLOCK))
        .flat_map_iter(|(qs, sk)| {
            let best: Vec<Nearest> = qs.iter().zip(sk).map(|(q, s)| one(q, *s)).collect();
            progress.advance(qs.len());
            best
        })
        .collect()
}

/// A search structure over one point set: a kd-tree, or the points by columns for a blocked
/// brute force when the dimension is large.
pub(crate) enum Index<'a> {
    /// One dimension: the values sorted, neighbours found by walking out from the query.
    Line(Line),
    Tree(KdTree),
    Brute(Points<'a>, Columns),
}

impl<'a> Index<'a> {
    pub(crate) fn new(pts: Points<'a>) -> Index<'a> {
        if pts.d == 1 && u32::try_from(pts.n).is_ok() {
            Index::Line(Line::new(pts))
        } else if pts.d <= KD_MAX_DIM {
            Index::Tree(KdTree::new(pts))
        } else {
            Index::Brute(pts, Columns::new(pts))
        }
    }

    /// The k nearest of each query (query i leaving out point skip[i]), counted in `progress`
    /// a block of queries at a time.
    pub(crate) fn nearest_all(
        &self,
        queries: &[&[f64]],
        k: usize,
        skip: &[Option<usize>],
        progress: &Progress,
    ) -> Vec<Nearest> {
        match self {
            Index::Line(l) => in_blocks(queries, skip, progress, |q, s| l.nearest(q[0], k, s)),
            Index::Tree(t) => in_blocks(queries, skip, progress, |q, s| t.nearest(q, k, s)),
            Index::Brute(_, cols) => cols.nearest_all(queries, k, skip, progress),
        }
    }

    /// The squared distance from each row of `x` to its k-th nearest point of this set, leaving
    /// out the row itself when `x` is this set (`own`).
    pub(crate) fn kth_nearest(
        &self,
        x: Points<'_>,
        k: usize,
        own: bool,
        progress: &Progress,
    ) -> Vec<f64> {
        self.kth_nearest_in_order(x, k, own, None, progress)
    }

    /// [`Index::kth_nearest`] with the queries taken in `order` (rows of x): a spatial order
    /// (the leaf order of x's own tree) lets consecutive queries walk the same nodes and leaves,
    /// which then stay in cache. The distances returned are by row, the same whatever the order.
    pub(crate) fn kth_nearest_in_order(
        &self,
        x: Points<'_>,
        k: usize,
        own: bool,
        order: Option<&[usize]>,
        progress: &Progress,
    ) -> Vec<f64> {
        if let Index::Line(l) = self {
            return l.kth_nearest(x, k, own, progress);
        }
        let rows: Vec<usize> = match order {
            Some(o) if o.len() == x.n => o.to_vec(),
            _ => (0..x.n).collect(),
        };
        let queries: Vec<&[f64]> = rows.iter().map(|&i| x.row(i)).collect();
        let skip: Vec<Option<usize>> = rows.iter().map(|&i| own.then_some(i)).collect();
        let found = self.nearest_all(&queries, k, &skip, progress);
        let mut kth = vec![f64::INFINITY; x.n];
        for (b, &row) in found.into_iter().zip(&rows) {
            kth[row] = b.into_sorted().get(k - 1).copied().unwrap_or(f64::INFINITY);
        }
        kth
    }

    /// The rows of this set in a spatial order (a tree's leaf order), where it has one.
    pub(crate) fn spatial_order(&self) -> Option<&[usize]> {
        match self {
            Index::Tree(t) => Some(&t.ids),
            _ => None,
        }
    }

    /// The sorted line of a one-dimensional set.
    pub(crate) fn as_line(&self) -> Option<&Line> {
        match self {
            Index::Line(l) => Some(l),
            _ => None,
        }
    }

    pub(crate) fn within(&self, q: &[f64], r2: f64, skip: Option<usize>) -> (usize, f64) {
        match self {
            Index::Line(l) => l.within(q[0], r2, skip),
            Index::Tree(t) => t.within(q, r2, skip),
            Index::Brute(p, _) => {
                let mut acc = (0usize, 0.0f64);
                for i in 0..p.n {
                    if Some(i) != skip {
                        tally(&mut acc, dist2(p.row(i), q), r2);
                    }
                }
                acc
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_radix_sort_orders_as_total_cmp_does() {
        let mut x = 0.7f64;
        let mut data: Vec<f64> = (0..10_000)
            .map(|i| {
                x = 3.9 * x * (1.0 - x);
                let scale = [1e-310, 1e-3, 1.0, 1e300][i % 4];
                if i % 3 == 0 { -x * scale } else { x * scale }
            })
            .collect();
        data.extend([
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            -5e-324,
            5e-324,
            f64::MAX,
            f64::MIN,
        ]);
        let (values, ids) = sorted_by_value(&data);
        let mut want: Vec<(f64, usize)> = data.iter().copied().zip(0..).collect();
        want.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(values.len(), data.len());
        for (i, (v, id)) in values.iter().zip(&ids).enumerate() {
            assert_eq!(v.to_bits(), want[i].0.to_bits(), "at {i}");
            assert_eq!(data[*id as usize].to_bits(), v.to_bits());
        }
        // The small path agrees.
        let (small, _) = sorted_by_value(&data[..100]);
        assert!(small.windows(2).all(|w| w[0].total_cmp(&w[1]).is_le()));
    }
}
