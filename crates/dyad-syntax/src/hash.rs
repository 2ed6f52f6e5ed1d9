//! Feature hashing and a small deterministic open-addressing table.
//!
//! Feature ids are 64-bit hashes of (template id, values). Nothing here depends
//! on `std::collections::HashMap` iteration order, so training is reproducible.

/// Hash a byte string (FNV-1a followed by a finaliser).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fmix(h)
}

/// Hash a string.
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Streaming form of [`hash_str`]: feeding the characters of `s` one by one
/// gives `hash_str(s)` without building the string.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StrHasher(u64);

impl StrHasher {
    #[inline]
    pub(crate) fn new() -> Self {
        StrHasher(0xcbf2_9ce4_8422_2325)
    }
    #[inline]
    pub(crate) fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    #[inline]
    pub(crate) fn finish(self) -> u64 {
        fmix(self.0)
    }
}

/// 64-bit finaliser (from MurmurHash3).
#[inline]
pub(crate) fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// Combine a running hash with one more value.
#[inline]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    let x = (h ^ v.rotate_left(23)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 31)
}

/// Feature id for a template with one value.
#[inline]
pub(crate) fn f1(t: u64, a: u64) -> u64 {
    fmix(mix(t.wrapping_mul(0x2545_f491_4f6c_dd1d), a))
}

/// Feature id for a template with two values.
#[inline]
pub(crate) fn f2(t: u64, a: u64, b: u64) -> u64 {
    fmix(mix(mix(t.wrapping_mul(0x2545_f491_4f6c_dd1d), a), b))
}

/// Feature id for a template with three values.
#[inline]
pub(crate) fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    fmix(mix(mix(mix(t.wrapping_mul(0x2545_f491_4f6c_dd1d), a), b), c))
}

/// Open-addressing map from non-zero `u64` keys to `u32` values.
///
/// Key 0 marks an empty slot; callers' keys are remapped with [`FeatTable::key`].
#[derive(Clone, Debug)]
pub(crate) struct FeatTable {
    keys: Vec<u64>,
    vals: Vec<u32>,
    len: usize,
    mask: usize,
}

impl FeatTable {
    /// A table sized for about `n` entries.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let cap = (n.max(8) * 2).next_power_of_two();
        FeatTable { keys: vec![0; cap], vals: vec![0; cap], len: 0, mask: cap - 1 }
    }

    /// Number of entries.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn key(k: u64) -> u64 {
        if k == 0 {
            0x5bd1_e995
        } else {
            k
        }
    }

    /// Look a key up.
    #[inline]
    pub(crate) fn get(&self, k: u64) -> Option<u32> {
        let k = Self::key(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let s = self.keys[i];
            if s == k {
                return Some(self.vals[i]);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Insert or overwrite.
    pub(crate) fn insert(&mut self, k: u64, v: u32) {
        if (self.len + 1) * 10 > self.keys.len() * 7 {
            self.grow();
        }
        let k = Self::key(k);
        let mut i = (k as usize) & self.mask;
        loop {
            let s = self.keys[i];
            if s == k {
                self.vals[i] = v;
                return;
            }
            if s == 0 {
                self.keys[i] = k;
                self.vals[i] = v;
                self.len += 1;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn grow(&mut self) {
        let old_k = std::mem::take(&mut self.keys);
        let old_v = std::mem::take(&mut self.vals);
        let cap = old_k.len() * 2;
        self.keys = vec![0; cap];
        self.vals = vec![0; cap];
        self.mask = cap - 1;
        self.len = 0;
        for (k, v) in old_k.into_iter().zip(old_v) {
            if k != 0 {
                self.insert(k, v);
            }
        }
    }
}

/// Deterministic SplitMix64 generator (used for shuffling and exploration).
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// New generator from a seed.
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        fmix(self.0)
    }

    /// Uniform float in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fisher-Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_roundtrip_and_growth() {
        let mut t = FeatTable::with_capacity(2);
        for i in 0..10_000u64 {
            t.insert(hash_bytes(&i.to_le_bytes()), i as u32);
        }
        t.insert(0, 77);
        assert_eq!(t.len(), 10_001);
        for i in 0..10_000u64 {
            assert_eq!(t.get(hash_bytes(&i.to_le_bytes())), Some(i as u32));
        }
        assert_eq!(t.get(0), Some(77));
        assert_eq!(t.get(12345), None);
    }

    #[test]
    fn streaming_hash_matches() {
        for w in ["", "a", "héllo", "Kabul", "日本語"] {
            let mut h = StrHasher::new();
            w.chars().for_each(|c| h.push(c));
            assert_eq!(h.finish(), hash_str(w));
        }
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let mut v: Vec<u32> = (0..50).collect();
        let mut w = v.clone();
        a.shuffle(&mut v);
        b.shuffle(&mut w);
        assert_eq!(v, w);
        assert_ne!(v, (0..50).collect::<Vec<u32>>());
    }
}
