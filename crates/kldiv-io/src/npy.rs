//! `.npy`: numpy's array file, version 1 to 3, any numeric dtype and byte order, C or Fortran
//! order; read from memory or memory-mapped, and written as little-endian f8.

use crate::text::short;
use crate::{Array, Error};

pub(crate) const NPY_MAGIC: &[u8; 6] = b"\x93NUMPY";

/// A numpy dtype of a `.npy` header: kind (`f`, `i`, `u`, `b`), width in bytes, byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dtype {
    kind: u8,
    width: usize,
    big_endian: bool,
}

impl Dtype {
    fn parse(descr: &str) -> Result<Dtype, String> {
        let unsupported = || {
            format!(
                "dtype '{descr}' is not supported (integers i1–i8, u1–u8, floats f2, f4, f8 and \
                 bool, either byte order)"
            )
        };
        let b = descr.as_bytes();
        let (order, rest) = match b.first() {
            Some(c @ (b'<' | b'>' | b'|' | b'=')) => (*c, &descr[1..]),
            _ => (b'=', descr),
        };
        let mut chars = rest.chars();
        let kind = chars.next().ok_or_else(unsupported)? as u8;
        let width: usize = chars.as_str().parse().map_err(|_| unsupported())?;
        let ok = match kind {
            b'f' => matches!(width, 2 | 4 | 8),
            b'i' | b'u' => matches!(width, 1 | 2 | 4 | 8),
            b'b' => width == 1,
            _ => false,
        };
        if !ok {
            return Err(unsupported());
        }
        let big_endian = match order {
            b'>' => true,
            b'=' => cfg!(target_endian = "big"),
            _ => false,
        };
        Ok(Dtype {
            kind,
            width,
            big_endian,
        })
    }

    /// One element as f64, as numpy's `astype(float64)` converts it.
    fn decode(self, b: &[u8]) -> f64 {
        let mut buf = [0u8; 8];
        let w = self.width;
        for (dst, src) in buf.iter_mut().zip(b.iter().take(w)) {
            *dst = *src;
        }
        if self.big_endian {
            buf.get_mut(..w).map(<[u8]>::reverse);
        }
        match (self.kind, w) {
            (b'f', 8) => f64::from_le_bytes(buf),
            (b'f', 4) => f64::from(f32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]])),
            (b'f', _) => half_to_f64(u16::from_le_bytes([buf[0], buf[1]])),
            (b'i', 1) => f64::from(buf[0] as i8),
            (b'i', 2) => f64::from(i16::from_le_bytes([buf[0], buf[1]])),
            (b'i', 4) => f64::from(i32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]])),
            (b'i', _) => i64::from_le_bytes(buf) as f64,
            (b'u' | b'b', _) => u64::from_le_bytes(buf) as f64,
            _ => f64::NAN,
        }
    }
}

/// IEEE binary16 to f64 (exact: every half is a double).
pub(crate) fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let frac = f64::from(h & 0x3ff);
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

/// A parsed `.npy` header: dtype, order, shape, and where the data starts.
struct NpyHeader {
    dtype: Dtype,
    fortran: bool,
    shape: Vec<usize>,
    count: usize,
    data_start: usize,
}

/// NumPy's .npy header, versions 1–3.
fn npy_header(bytes: &[u8]) -> Result<NpyHeader, String> {
    let truncated = || ".npy header is truncated".to_string();
    let version = *bytes.get(6).ok_or_else(truncated)?;
    let (header_len, start) = match version {
        1 => {
            let b: [u8; 2] = bytes
                .get(8..10)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(truncated)?;
            (u16::from_le_bytes(b) as usize, 10)
        }
        2 | 3 => {
            let b: [u8; 4] = bytes
                .get(8..12)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(truncated)?;
            (u32::from_le_bytes(b) as usize, 12)
        }
        v => return Err(format!(".npy version {v} is not supported (1, 2 or 3)")),
    };
    let header = bytes.get(start..start + header_len).ok_or_else(truncated)?;
    let header = std::str::from_utf8(header).map_err(|_| ".npy header is not text".to_string())?;
    let field = |key: &str| -> Result<&str, String> {
        let at = header
            .find(&format!("'{key}'"))
            .ok_or_else(|| format!(".npy header has no '{key}'"))?;
        Ok(header[at + key.len() + 2..]
            .trim_start()
            .trim_start_matches(':')
            .trim_start())
    };
    let descr_text = field("descr")?;
    let descr = descr_text
        .strip_prefix('\'')
        .and_then(|d| d.split('\'').next())
        .ok_or_else(|| {
            format!(
                ".npy dtype {} is not supported (a structured dtype?)",
                short(descr_text)
            )
        })?;
    let dtype = Dtype::parse(descr)?;
    let fortran = field("fortran_order")?.starts_with("True");
    let shape_text = field("shape")?;
    let close = shape_text
        .find(')')
        .ok_or_else(|| ".npy shape is malformed".to_string())?;
    let shape: Vec<usize> = shape_text
        .get(1..close)
        .ok_or_else(|| ".npy shape is malformed".to_string())?
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .trim_end_matches('L')
                .parse::<usize>()
                .map_err(|_| ".npy shape is malformed".to_string())
        })
        .collect::<Result<_, String>>()?;
    let count = shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| ".npy shape overflows".to_string())?;
    Ok(NpyHeader {
        dtype,
        fortran,
        shape,
        count,
        data_start: start + header_len,
    })
}

impl NpyHeader {
    /// The data bytes of `bytes` (the whole file), checked against the shape.
    fn body<'a>(&self, bytes: &'a [u8]) -> Result<&'a [u8], String> {
        let need = self
            .count
            .checked_mul(self.dtype.width)
            .ok_or_else(|| ".npy shape overflows".to_string())?;
        let have = bytes.len().saturating_sub(self.data_start);
        if have < need {
            return Err(format!(
                ".npy data is truncated: {have} bytes for the shape {} of {} values of {} bytes \
                 ({need} bytes)",
                kldiv::arrays::show_shape(&self.shape),
                self.count,
                self.dtype.width
            ));
        }
        bytes
            .get(self.data_start..self.data_start + need)
            .ok_or_else(|| ".npy data is truncated".to_string())
    }

    /// The values as f64 in C order: one pass of conversion, and a reordering for Fortran order.
    fn convert(&self, body: &[u8]) -> Vec<f64> {
        let w = self.dtype.width;
        let values: Vec<f64> = body.chunks_exact(w).map(|c| self.dtype.decode(c)).collect();
        if self.fortran && self.shape.len() > 1 {
            fortran_to_c(&values, &self.shape)
        } else {
            values
        }
    }
}

/// Column-major values reordered to row-major.
fn fortran_to_c(values: &[f64], shape: &[usize]) -> Vec<f64> {
    // Fortran strides: the first index varies fastest.
    let fstride: Vec<usize> = shape
        .iter()
        .scan(1usize, |acc, &d| {
            let s = *acc;
            *acc *= d;
            Some(s)
        })
        .collect();
    let mut out = Vec::with_capacity(values.len());
    let mut idx = vec![0usize; shape.len()];
    for _ in 0..values.len() {
        let off: usize = idx.iter().zip(&fstride).map(|(i, s)| i * s).sum();
        out.push(values.get(off).copied().unwrap_or(f64::NAN));
        // Advance the C-order index: the last varies fastest.
        for (i, &d) in idx.iter_mut().zip(shape).rev() {
            *i += 1;
            if *i < d {
                break;
            }
            *i = 0;
        }
    }
    out
}

/// A `.npy` held in memory (standard input, an .npz member).
pub(crate) fn parse_npy(bytes: &[u8]) -> Result<Array, String> {
    let h = npy_header(bytes)?;
    let body = h.body(bytes)?;
    Ok(Array::owned(h.convert(body), h.shape))
}

/// A `.npy` file, memory-mapped: used in place when it is aligned little-endian f8 in C order,
/// else converted from the map in one pass.
pub(crate) fn load_npy_file(path: &str) -> Result<Array, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // SAFETY: the map is read-only and private to this process. If another process truncates
    // or rewrites the file while it is mapped, reads may see the new bytes or fault (SIGBUS);
    // that is the documented risk of reading a file in place, as numpy.load(mmap_mode='r') has.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }
        .map_err(|e| Error::io(path, e))?;
    let format = |message: String| Error::format(path, None, message);
    let h = npy_header(&map).map_err(format)?;
    let body = h.body(&map).map_err(format)?;
    let in_place = h.dtype
        == Dtype {
            kind: b'f',
            width: 8,
            big_endian: false,
        }
        && cfg!(target_endian = "little")
        && (!h.fortran || h.shape.len() <= 1)
        && bytemuck::try_cast_slice::<u8, f64>(body).is_ok();
    if in_place {
        return Ok(Array::mapped(map, h.data_start, h.count, h.shape));
    }
    Ok(Array::owned(h.convert(body), h.shape))
}

/// Writes `data` of `shape` as a little-endian f8 `.npy` (version 1).
///
/// # Errors
/// When the file cannot be created or written.
pub fn write_npy(path: &str, data: &[f64], shape: &[usize]) -> Result<(), Error> {
    use std::io::Write;
    let mut header = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': {}, }}",
        kldiv::arrays::show_shape(shape)
    );
    // Magic (6) + version (2) + length (2) + header + '\n' is a multiple of 64.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    let len = u16::try_from(header.len()).map_err(|_| Error::Request {
        message: format!(
            "the shape {} is too long for a .npy header",
            kldiv::arrays::show_shape(shape)
        ),
    })?;
    let io = |e| Error::io_write(path, e);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut w = std::io::BufWriter::new(file);
    w.write_all(NPY_MAGIC).map_err(io)?;
    w.write_all(&[1, 0]).map_err(io)?;
    w.write_all(&len.to_le_bytes()).map_err(io)?;
    w.write_all(header.as_bytes()).map_err(io)?;
    for v in data {
        w.write_all(&v.to_le_bytes()).map_err(io)?;
    }
    w.flush().map_err(io)
}
