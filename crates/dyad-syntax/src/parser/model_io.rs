//! How a parser is written to and read from the model file: labels, root label, feature
//! groups, vocabulary (sorted hashes, delta-coded) and weights.

use super::{feat, Parser};
use crate::io::{ByteReader, ByteWriter, ModelError};
use crate::perceptron::Weights;

impl Parser {
    /// Writes the parser.
    pub(crate) fn write(&self, out: &mut ByteWriter) {
        out.u32(self.labels.len() as u32);
        for l in &self.labels {
            out.string(l);
        }
        out.u32(self.root as u32);
        out.u32(self.flags);
        out.u32(self.vocab.len() as u32);
        let mut prev = 0u64;
        for &h in &self.vocab {
            out.varint(h.wrapping_sub(prev));
            prev = h;
        }
        self.weights.write(out);
    }

    /// Reads a parser written by [`Parser::write`] (model format `version`).
    pub(crate) fn read(r: &mut ByteReader, version: u32) -> Result<Parser, ModelError> {
        let n = r.u32()? as usize;
        if n == 0 || 4 + 2 * n > crate::perceptron::MAX_CLASSES {
            return Err(ModelError::Corrupt("bad label count"));
        }
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(r.string()?);
        }
        let root = r.u32()? as usize;
        if root >= n {
            return Err(ModelError::Corrupt("bad root label"));
        }
        let mut vocab = Vec::new();
        let mut flags = 0;
        if version >= 3 {
            flags = r.u32()?;
            if flags & !feat::ALL != 0 {
                return Err(ModelError::Corrupt("unknown parser feature flags"));
            }
            let m = r.u32()? as usize;
            if m > r.remaining() {
                return Err(ModelError::Corrupt("bad vocabulary size"));
            }
            vocab.reserve(m);
            let mut prev = 0u64;
            for _ in 0..m {
                let d = r.varint()?;
                if d == 0 && !vocab.is_empty() {
                    return Err(ModelError::Corrupt("vocabulary not sorted"));
                }
                prev = prev.wrapping_add(d);
                vocab.push(prev);
            }
            if vocab.windows(2).any(|w| w[0] >= w[1]) {
                return Err(ModelError::Corrupt("vocabulary not sorted"));
            }
        }
        let weights = Weights::read(r)?;
        let shared = flags & feat::SHARED != 0;
        if weights.nclasses() != if shared { 4 + 2 * n } else { 1 + 2 * n } {
            return Err(ModelError::Corrupt("parser class count mismatch"));
        }
        Ok(Parser { labels, root, weights, shared, vocab, flags })
    }
}
