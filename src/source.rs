//! Source files: reading them as UTF-8 (naming the encoding when a file is
//! not), and keeping their text so diagnostics can quote the offending line.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Location, SourceLines, Span};

/// Larger files are refused before parsing: nobody edits a YAML file this
/// big by hand, and refusing keeps time and memory bounded.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A file of the site, read and decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, `/`-separated: the name users see.
    pub name: Arc<str>,
    /// The text without a byte-order mark.
    pub text: String,
}

/// A file that could not be read as text: the problem, and the text decoded
/// from the encoding it seems to be in (a GBK file as GBK), to quote the
/// line the problem points at.
#[derive(Debug)]
pub struct Unreadable {
    pub problem: Diagnostic,
    pub transcoded: Option<SourceFile>,
}

/// Reads `path` (shown to users as `name`): UTF-8 with an optional BOM.
pub fn read(path: &Path, name: &Arc<str>) -> Result<SourceFile, Diagnostic> {
    read_or_transcode(path, name).map_err(|e| e.problem)
}

/// Like `read`, keeping the transcoded text of a file in another encoding.
pub fn read_or_transcode(path: &Path, name: &Arc<str>) -> Result<SourceFile, Box<Unreadable>> {
    let here = Location::file(name);
    let unreadable = |problem| Box::new(Unreadable { problem, transcoded: None });
    let size = std::fs::metadata(path).map(|m| m.len()).map_err(|e| unreadable(io_error(here.clone(), &e)))?;
    if size > MAX_FILE_BYTES {
        const MB: f64 = 1024.0 * 1024.0;
        let message =
            format!("the file is {:.1} MB, more than the limit of {} MB", size as f64 / MB, MAX_FILE_BYTES as f64 / MB);
        return Err(unreadable(
            Diagnostic::error("file-too-large", here, message)
                .with_hint("split the records into several files, for example one per county or per year"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(io_error(here.clone(), &e)))?;
    decode(bytes, name)
}

fn io_error(location: Location, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", location, format!("cannot read the file: {error}"))
}

/// Decodes UTF-8, dropping a BOM. Any other encoding is an error that names
/// the encoding the bytes look like and points at the first character that
/// is not UTF-8.
pub fn decode(bytes: Vec<u8>, name: &Arc<str>) -> Result<SourceFile, Box<Unreadable>> {
    let bytes = match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            return Ok(SourceFile { name: name.clone(), text });
        }
        Err(e) => e,
    };
    let valid = bytes.utf8_error().valid_up_to();
    let bytes = bytes.into_bytes();
    let guess = guess_encoding(&bytes);
    // Counted in the text as the guessed encoding reads it, the text quoted.
    let decode = |b: &[u8]| match guess {
        Some((_, encoding)) => encoding.decode_without_bom_handling(b).0.into_owned(),
        None => String::from_utf8_lossy(b).into_owned(),
    };
    let before = decode(&bytes[..valid]);
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    let at = Location::new(name, Span::new(line as u32, col as u32, 1));
    let problem = match guess {
        Some((label, _)) => Diagnostic::error("encoding", at, format!("the file is not UTF-8; it looks like {label}"))
            .with_hint(format!("convert it, e.g. `iconv -f {label} -t UTF-8`, or save it as UTF-8 in your editor")),
        None => Diagnostic::error("encoding", at, "the file is not UTF-8").with_hint("save it as UTF-8 in your editor"),
    };
    let transcoded = Some(SourceFile { name: name.clone(), text: decode(&bytes) });
    Err(Box::new(Unreadable { problem, transcoded }))
}

/// The legacy encoding the bytes most likely are in, as iconv names it.
fn guess_encoding(bytes: &[u8]) -> Option<(&'static str, &'static encoding_rs::Encoding)> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
        // GBK is a subset of GB18030: say GB18030 only when the bytes use
        // its four-byte sequences.
        let (_, _, gbk_errors) = encoding_rs::GBK.decode(bytes);
        let four_byte = gbk_errors || has_gb18030_four_byte(bytes);
        Some(if four_byte { ("GB18030", encoding_rs::GB18030) } else { ("GBK", encoding_rs::GBK) })
    } else if encoding == encoding_rs::BIG5 {
        Some(("BIG5", encoding_rs::BIG5))
    } else if encoding == encoding_rs::UTF_8 {
        None
    } else {
        Some((encoding.name(), encoding))
    }
}

/// GB18030 four-byte sequences: lead 0x81–0xFE, then a digit 0x30–0x39.
fn has_gb18030_four_byte(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| {
        (0x81..=0xFE).contains(&w[0])
            && (0x30..=0x39).contains(&w[1])
            && (0x81..=0xFE).contains(&w[2])
            && (0x30..=0x39).contains(&w[3])
    })
}

/// The texts of the files read so far, by name, for quoting lines.
#[derive(Debug, Default)]
pub struct Sources(BTreeMap<Arc<str>, String>);

impl Sources {
    pub fn insert(&mut self, file: &SourceFile) {
        self.0.insert(file.name.clone(), file.text.clone());
    }

    /// Like `insert`, keeping the text without copying it.
    pub fn keep(&mut self, file: SourceFile) {
        self.0.insert(file.name, file.text);
    }
}

impl SourceLines for Sources {
    fn line(&self, file: &str, line: u32) -> Option<&str> {
        let text = self.0.get(file)?;
        text.split('\n').nth(line.checked_sub(1)? as usize).map(|l| l.trim_end_matches('\r'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name() -> Arc<str> {
        Arc::from("a.yaml")
    }

    #[test]
    fn drops_a_byte_order_mark() {
        let file = decode("\u{feff}id: a\r\n".as_bytes().to_vec(), &name()).unwrap();
        assert_eq!(file.text, "id: a\r\n");
    }

    #[test]
    fn names_gbk_and_big5() {
        let text = "名称: 新材料产业园一期项目\n投资方: 某某集团有限公司\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let err = decode(gbk.into_owned(), &name()).unwrap_err();
        assert_eq!(err.problem.message, "the file is not UTF-8; it looks like GBK");
        assert_eq!(err.problem.location.span.map(|s| (s.line, s.col)), Some((1, 1)));
        assert_eq!(err.transcoded.map(|f| f.text).as_deref(), Some(text));

        let (big5, _, _) = encoding_rs::BIG5.encode("名稱: 新材料產業園一期項目\n投資方: 某某集團有限公司\n");
        let err = decode(big5.into_owned(), &name()).unwrap_err();
        assert_eq!(err.problem.message, "the file is not UTF-8; it looks like BIG5");
    }

    #[test]
    fn points_at_the_first_bad_byte() {
        let mut bytes = b"id: a\nname: ".to_vec();
        bytes.extend_from_slice(&[0xC4, 0xE3]);
        let err = decode(bytes, &name()).unwrap_err();
        assert_eq!(err.problem.location.span.map(|s| (s.line, s.col)), Some((2, 7)));
    }
}
