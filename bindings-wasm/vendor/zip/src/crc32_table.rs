//! isms: CRC-32 (IEEE 802.3, as zip uses it) with one 1 KB table, for wasm32 builds, where
//! crc32fast's 16 KB of slice-by-16 tables were the largest incompressible part of the
//! WebAssembly module. The same checksums, byte by byte; the api of crc32fast that this crate uses.

const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// A running CRC-32.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hasher {
    crc: u32,
}

impl Hasher {
    pub(crate) fn new() -> Self {
        Self { crc: 0 }
    }

    /// Continues the checksum `crc` of earlier bytes (their number is not needed here).
    pub(crate) fn new_with_initial_len(crc: u32, _len: u64) -> Self {
        Self { crc }
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        let mut c = !self.crc;
        for &b in bytes {
            c = TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
        }
        self.crc = !c;
    }

    pub(crate) fn finalize(self) -> u32 {
        self.crc
    }
}

/// The CRC-32 of `bytes`.
pub(crate) fn hash(bytes: &[u8]) -> u32 {
    let mut hasher = Hasher::new();
    hasher.update(bytes);
    hasher.finalize()
}

#[cfg(test)]
mod tests {
    #[test]
    fn check_value() {
        assert_eq!(super::hash(b"123456789"), 0xCBF4_3926);
        let mut h = super::Hasher::new();
        h.update(b"1234");
        let mut h = super::Hasher::new_with_initial_len(h.finalize(), 4);
        h.update(b"56789");
        assert_eq!(h.finalize(), 0xCBF4_3926);
    }
}
