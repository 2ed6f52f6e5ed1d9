//! Little-endian binary helpers and the model error type.

use std::fmt;

/// Why a model could not be loaded.
#[derive(Debug)]
pub enum ModelError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The bytes do not start with the dyad-syntax magic.
    BadMagic,
    /// The model was written by an incompatible format version.
    Version(u32),
    /// The bytes are truncated or inconsistent.
    Corrupt(&'static str),
    /// This build carries no embedded model (the model file was missing at build time).
    NotEmbedded,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Io(e) => write!(f, "cannot read model: {e}"),
            ModelError::BadMagic => write!(f, "not a dyad-syntax model (bad magic)"),
            ModelError::Version(v) => write!(f, "unsupported dyad-syntax model version {v}"),
            ModelError::Corrupt(what) => write!(f, "corrupt dyad-syntax model: {what}"),
            ModelError::NotEmbedded => write!(f, "no model was embedded in this build"),
        }
    }
}

impl std::error::Error for ModelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ModelError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for ModelError {
    fn from(e: std::io::Error) -> Self {
        ModelError::Io(e)
    }
}

/// Growable output buffer.
#[derive(Default, Debug)]
pub(crate) struct ByteWriter(Vec<u8>);

impl ByteWriter {
    pub(crate) fn into_inner(self) -> Vec<u8> {
        self.0
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    pub(crate) fn string(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes(s.as_bytes());
    }
}

/// Cursor over input bytes; every read is bounds-checked.
#[derive(Debug)]
pub(crate) struct ByteReader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        ByteReader { buf, pos: 0 }
    }
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if n > self.remaining() {
            return Err(ModelError::Corrupt("truncated"));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    pub(crate) fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint too long"))
    }
    pub(crate) fn string(&mut self) -> Result<String, ModelError> {
        let n = self.varint()?;
        if n > self.remaining() as u64 {
            return Err(ModelError::Corrupt("string length"));
        }
        let b = self.take(n as usize)?;
        String::from_utf8(b.to_vec()).map_err(|_| ModelError::Corrupt("string not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_truncation() {
        let mut w = ByteWriter::default();
        w.u32(7);
        w.varint(300);
        w.varint(u64::MAX);
        w.string("héllo");
        w.u64(42);
        let b = w.into_inner();
        let mut r = ByteReader::new(&b);
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.varint().unwrap(), u64::MAX);
        assert_eq!(r.string().unwrap(), "héllo");
        assert_eq!(r.u64().unwrap(), 42);
        assert!(r.u8().is_err());
        let mut r = ByteReader::new(&b[..2]);
        assert!(r.u32().is_err());
    }
}
