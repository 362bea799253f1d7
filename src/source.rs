//! Source files: reading them as UTF-8 (naming the encoding when a file is
//! not), and keeping their text so diagnostics can quote the offending line.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Location, SourceLines, Span};
use crate::tr;

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
        let (size, limit) = (format!("{:.1}", size as f64 / MB), MAX_FILE_BYTES as f64 / MB);
        let message = tr!(zh: "文件有 {size} MB，超过了 {limit} MB 的上限", en: "the file is {size} MB, more than the limit of {limit} MB");
        return Err(unreadable(Diagnostic::error(Code::FileTooLarge, here, message).with_hint(tr!(
            zh: "把记录分到几个文件里，例如每个县或每年一个文件",
            en: "split the records into several files, for example one per county or per year"
        ))));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(io_error(here.clone(), &e)))?;
    decode(bytes, name)
}

fn io_error(location: Location, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, location, tr!(zh: "无法读取文件：{error}", en: "cannot read the file: {error}"))
}

/// Decodes a source file: UTF-8, dropping a BOM, or UTF-16 or UTF-32, which
/// their BOM (or for UTF-16 without one, its zero bytes) names beyond doubt
/// and which decode without guessing, so they are read as they are. Any
/// other encoding is an error that names the encoding the bytes look like
/// and points at the first character that is not UTF-8. The decoded text
/// must hold no control character but tabs and line breaks (see
/// `check_characters`).
pub fn decode(bytes: Vec<u8>, name: &Arc<str>) -> Result<SourceFile, Box<Unreadable>> {
    let text = match sniff_wide(&bytes) {
        Some((wide, bom)) => match decode_wide(&bytes[bom..], wide, name) {
            Ok(text) => text,
            // Zero bytes that only looked like UTF-16: the NUL check names them.
            Err(_) if bom == 0 => utf8_or_legacy(bytes, name)?,
            Err(e) => return Err(e),
        },
        None => utf8_or_legacy(bytes, name)?,
    };
    match check_characters(&text, name) {
        Some(problem) => Err(Box::new(Unreadable { problem, transcoded: Some(SourceFile { name: name.clone(), text }) })),
        None => Ok(SourceFile { name: name.clone(), text }),
    }
}

fn utf8_or_legacy(bytes: Vec<u8>, name: &Arc<str>) -> Result<String, Box<Unreadable>> {
    let bytes = match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            return Ok(text);
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
    let at = position_after(name, &decode(&bytes[..valid]));
    let problem = match guess {
        Some((label, _)) => Diagnostic::error(
            Code::Encoding,
            at,
            tr!(zh: "文件不是 UTF-8 编码，看起来是 {label}", en: "the file is not UTF-8; it looks like {label}"),
        )
        .with_hint(tr!(
            zh: "转换编码，例如 `iconv -f {label} -t UTF-8`，或在编辑器里另存为 UTF-8",
            en: "convert it, e.g. `iconv -f {label} -t UTF-8`, or save it as UTF-8 in your editor"
        )),
        None => Diagnostic::error(Code::Encoding, at, tr!(zh: "文件不是 UTF-8 编码", en: "the file is not UTF-8"))
            .with_hint(tr!(zh: "在编辑器里另存为 UTF-8", en: "save it as UTF-8 in your editor")),
    };
    let transcoded = Some(SourceFile { name: name.clone(), text: decode(&bytes) });
    Err(Box::new(Unreadable { problem, transcoded }))
}

/// Where the character after `before` (the text so far) is.
fn position_after(name: &Arc<str>, before: &str) -> Location {
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    Location::new(name, Span::new(line as u32, col as u32, 1))
}

/// UTF-16 or UTF-32, little- or big-endian.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wide {
    Utf16 { big: bool },
    Utf32 { big: bool },
}

impl Wide {
    /// As iconv names it.
    fn label(self) -> &'static str {
        match self {
            Wide::Utf16 { big: false } => "UTF-16LE",
            Wide::Utf16 { big: true } => "UTF-16BE",
            Wide::Utf32 { big: false } => "UTF-32LE",
            Wide::Utf32 { big: true } => "UTF-32BE",
        }
    }
}

/// The wide encoding the bytes are in, and the length of its BOM.
fn sniff_wide(bytes: &[u8]) -> Option<(Wide, usize)> {
    // UTF-32LE's BOM starts with UTF-16LE's, so it is tried first.
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some((Wide::Utf32 { big: false }, 4)),
        [0, 0, 0xFE, 0xFF, ..] => Some((Wide::Utf32 { big: true }, 4)),
        [0xFF, 0xFE, ..] => Some((Wide::Utf16 { big: false }, 2)),
        [0xFE, 0xFF, ..] => Some((Wide::Utf16 { big: true }, 2)),
        _ => bomless_utf16(bytes).map(|wide| (wide, 0)),
    }
}

/// UTF-16 without a BOM, told by its zero bytes: every ASCII character (and
/// YAML keys, Markdown marks and line breaks are ASCII) has one, always on
/// the same side of its pair, while text in any other encoding has none.
/// Only the bytes' decoding as UTF-16 without error confirms it.
fn bomless_utf16(bytes: &[u8]) -> Option<Wide> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros = |skip: usize| bytes.iter().skip(skip).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let units = bytes.len() / 2;
    // A CJK character ending in a zero byte (U+4E00 一) puts a few on the
    // other side.
    let leans = |many: usize, few: usize| many * 4 >= units && few * 8 <= many;
    if leans(even, odd) {
        Some(Wide::Utf16 { big: true })
    } else if leans(odd, even) {
        Some(Wide::Utf16 { big: false })
    } else {
        None
    }
}

/// Decodes UTF-16 or UTF-32 (after its BOM). A broken character is an error
/// naming the encoding, at the character, with the text around it quoted.
fn decode_wide(bytes: &[u8], wide: Wide, name: &Arc<str>) -> Result<String, Box<Unreadable>> {
    let mut text = String::with_capacity(bytes.len());
    let mut broken = None;
    let mut note_broken = |text: &mut String| {
        if broken.is_none() {
            broken = Some(position_after(name, text));
        }
        text.push(char::REPLACEMENT_CHARACTER);
    };
    match wide {
        Wide::Utf16 { big } => {
            let pairs = bytes.chunks_exact(2);
            let odd_byte = !pairs.remainder().is_empty();
            let units = pairs.map(|p| if big { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) });
            for c in char::decode_utf16(units) {
                match c {
                    Ok(c) => text.push(c),
                    Err(_) => note_broken(&mut text),
                }
            }
            if odd_byte {
                note_broken(&mut text);
            }
        }
        Wide::Utf32 { big } => {
            let quads = bytes.chunks_exact(4);
            let cut = !quads.remainder().is_empty();
            for q in quads {
                let [a, b, c, d] = [q[0], q[1], q[2], q[3]];
                let code = if big { u32::from_be_bytes([a, b, c, d]) } else { u32::from_le_bytes([a, b, c, d]) };
                match char::from_u32(code) {
                    Some(c) => text.push(c),
                    None => note_broken(&mut text),
                }
            }
            if cut {
                note_broken(&mut text);
            }
        }
    }
    let Some(at) = broken else { return Ok(text) };
    let label = wide.label();
    let problem = Diagnostic::error(
        Code::Encoding,
        at,
        tr!(zh: "文件是 {label} 编码，其中这个字符已损坏", en: "the file is {label}, and this character in it is broken"),
    )
    .with_hint(tr!(
        zh: "文件可能不完整或已损坏；转换编码（例如 `iconv -f {label} -t UTF-8`）并检查这一行",
        en: "the file may be cut short or damaged; convert it, e.g. `iconv -f {label} -t UTF-8`, and look at this line"
    ));
    Err(Box::new(Unreadable { problem, transcoded: Some(SourceFile { name: name.clone(), text }) }))
}

/// The first character of `text` that must not be in a source file, as a
/// problem at its place: control characters other than tab and line
/// breaks (they are invisible, and XML cannot hold them), a carriage return
/// that does not end a line, and U+FFFE and U+FFFF, which are not
/// characters. None reaches a page, a feed or a table.
fn check_characters(text: &str, name: &Arc<str>) -> Option<Diagnostic> {
    let (index, c) = find_forbidden(text, CarriageReturn::BeforeLineFeed)?;
    let at = position_after(name, &text[..index]);
    let count = forbidden(text, CarriageReturn::BeforeLineFeed).count();
    let more = if count > 1 {
        tr!(zh: "（本文件共 {count} 处，这是第一处）", en: ", the first of {count} in this file")
    } else {
        String::new()
    };
    Some(match c {
        '\0' => Diagnostic::error(
            Code::NulByte,
            at,
            tr!(zh: "文件里有 NUL 字节{more}，它可能不是文本文件", en: "the file contains a NUL byte{more}; it is probably not a text file"),
        )
        .with_hint(tr!(
            zh: "是不是放错了文件？文本编辑器不会写出 NUL 字节；如果文件没错，请重新另存为 UTF-8 文本",
            en: "is this the right file? A text editor writes no NUL bytes; if it is, save it again as UTF-8 text"
        )),
        '\r' => Diagnostic::error(
            Code::ControlCharacter,
            at,
            tr!(zh: "有一个不在行尾的回车符（U+000D）{more}", en: "a carriage return (U+000D) that does not end a line{more}"),
        )
        .with_hint(tr!(zh: "用 Unix（LF）或 Windows（CRLF）换行另存文件", en: "save the file with Unix (LF) or Windows (CRLF) line endings")),
        c => {
            let what = describe_char(c);
            Diagnostic::error(Code::ControlCharacter, at, tr!(zh: "文本里有{what}{more}", en: "the text contains {what}{more}")).with_hint(control_hint())
        }
    })
}

/// What to do about a control character in a file.
pub(crate) fn control_hint() -> String {
    tr!(
        zh: "删去它：多数编辑器里看不见它，通常是从别的程序粘贴文字时带进来的；只允许制表符和换行",
        en: "delete it: it is invisible in most editors and usually comes from pasting text out of another program; only tabs and line breaks are allowed"
    )
}

/// Where a carriage return may stand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CarriageReturn {
    /// In a value: YAML turns line breaks into line feeds.
    Never,
    /// In a file: as part of a Windows line break.
    BeforeLineFeed,
    /// In output, where XML and HTML read it as a line break.
    Anywhere,
}

/// The byte index of each character `text` must not hold: control
/// characters other than tab, line feed and (per `cr`) carriage return, and
/// U+FFFE and U+FFFF.
fn forbidden(text: &str, cr: CarriageReturn) -> impl Iterator<Item = (usize, char)> + '_ {
    text.char_indices().filter(move |&(i, c)| match c {
        '\t' | '\n' => false,
        '\r' => match cr {
            CarriageReturn::Never => true,
            CarriageReturn::BeforeLineFeed => !text[i + 1..].starts_with('\n'),
            CarriageReturn::Anywhere => false,
        },
        '\u{fffe}' | '\u{ffff}' => true,
        c => c.is_control(),
    })
}

/// The first character `text` must not hold, and its byte index.
pub(crate) fn find_forbidden(text: &str, cr: CarriageReturn) -> Option<(usize, char)> {
    forbidden(text, cr).next()
}

/// A forbidden character as a message names it: `the control character
/// U+001B (ESC)`.
pub(crate) fn describe_char(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3",
        "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    ];
    let code = u32::from(c);
    match c {
        '\u{fffe}' | '\u{ffff}' => tr!(zh: " U+{code:04X}（它不是字符）", en: "U+{code:04X}, which is not a character"),
        '\u{7f}' => tr!(zh: "控制字符 U+007F（DEL）", en: "the control character U+007F (DEL)"),
        _ => match C0.get(code as usize) {
            Some(abbr) => tr!(zh: "控制字符 U+{code:04X}（{abbr}）", en: "the control character U+{code:04X} ({abbr})"),
            None => tr!(zh: "控制字符 U+{code:04X}", en: "the control character U+{code:04X}"),
        },
    }
}

/// Puts a control character that output cannot hold out of harm's way: a
/// page or feed shows U+FFFD (�) in its place. Source files are refused when
/// they hold one (`check_characters`), so this only guards text made from
/// references (`&#7;` in Markdown) and themes' own output.
pub fn replace_forbidden(text: &mut String) {
    if !may_hold_forbidden(text.as_bytes()) {
        return;
    }
    let mut clean = String::with_capacity(text.len());
    let mut done = 0;
    for (i, c) in forbidden(text, CarriageReturn::Anywhere) {
        clean.push_str(&text[done..i]);
        clean.push(char::REPLACEMENT_CHARACTER);
        done = i + c.len_utf8();
    }
    clean.push_str(&text[done..]);
    *text = clean;
}

/// A quick look at the bytes of every page built: false when `bytes` hold
/// no control character but tab, line feed and carriage return, and neither
/// U+FFFE nor U+FFFF. In UTF-8 those are single bytes below 0x20 and 0x7F,
/// C1 controls after 0xC2, and EF BF BE/BF; bytes are far quicker to scan
/// than characters. True means look closer.
fn may_hold_forbidden(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)),
        0xef => bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    })
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
        (0x81..=0xFE).contains(&w[0]) && (0x30..=0x39).contains(&w[1]) && (0x81..=0xFE).contains(&w[2]) && (0x30..=0x39).contains(&w[3])
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

    #[test]
    fn the_quick_byte_scan_agrees_with_the_character_check() {
        let chars = (0..0x3100u32).chain(0xfe00..=0xffff).chain([0x1f600]).filter_map(char::from_u32);
        for c in chars {
            let text = format!("公报{c}x");
            let slow = find_forbidden(&text, CarriageReturn::Anywhere).is_some();
            assert_eq!(may_hold_forbidden(text.as_bytes()), slow, "U+{:04X}", u32::from(c));
        }
    }

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
    fn reads_utf16_without_a_bom_but_not_legacy_text_as_utf16() {
        let text = "id: a\nname: 一号项目\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(le, &name()).unwrap().text, text);
        let (gbk, _, _) = encoding_rs::GBK.encode("名称: 一号项目\n投资方: 某某集团\n");
        assert_eq!(sniff_wide(&gbk), None);
        // Mixed zeros are binary, not UTF-16.
        assert_eq!(decode(b"id\0\0: a\n".to_vec(), &name()).unwrap_err().problem.code.as_str(), "nul-byte");
    }

    #[test]
    fn counts_forbidden_characters_and_allows_crlf() {
        let err = decode(b"a: 1\r\nb: \x07\x07\n".to_vec(), &name()).unwrap_err();
        assert_eq!(err.problem.code.as_str(), "control-character");
        assert_eq!(err.problem.message, "the text contains the control character U+0007 (BEL), the first of 2 in this file");
        assert_eq!(err.problem.location.span.map(|s| (s.line, s.col)), Some((2, 4)));
        assert_eq!(err.transcoded.map(|f| f.text).as_deref(), Some("a: 1\r\nb: \x07\x07\n"));
    }

    #[test]
    fn output_shows_a_replacement_for_what_xml_cannot_hold() {
        let mut text = "a\u{7}b\r\nc\rd\u{ffff}\u{85}".to_string();
        replace_forbidden(&mut text);
        assert_eq!(text, "a\u{fffd}b\r\nc\rd\u{fffd}\u{fffd}");
    }

    #[test]
    fn points_at_the_first_bad_byte() {
        let mut bytes = b"id: a\nname: ".to_vec();
        bytes.extend_from_slice(&[0xC4, 0xE3]);
        let err = decode(bytes, &name()).unwrap_err();
        assert_eq!(err.problem.location.span.map(|s| (s.line, s.col)), Some((2, 7)));
    }
}
