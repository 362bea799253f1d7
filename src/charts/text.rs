//! Text measuring, wrapping and escaping: plotters guesses text width from UTF-8 bytes, so CJK
//! labels would come out ~1.7× too wide; every label area here is sized with these estimates.

/// The width of one character in em. Wide (CJK, full-width) characters take a full em; Latin
/// letters and digits about 0.6; unknown scripts are given a full em so that labels err on the
/// side of too much room rather than overlapping.
fn char_em(c: char) -> f64 {
    match c {
        '0'..='9' => 0.56,
        ' ' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | 'i' | 'l' | 'j' => 0.32,
        c if c.is_ascii() => 0.62,
        '\u{80}'..='\u{24f}' | '\u{370}'..='\u{4ff}' => 0.62,
        '–' | '—' | '≤' | '≥' | '“' | '”' | '‘' | '’' => 0.62,
        _ => 1.0,
    }
}

/// Estimated rendered width of `text` at `font_size` (in SVG user units).
pub(super) fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font_size
}

/// Characters that must not start a line (closing punctuation) in Chinese typesetting.
fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』】〕…,.;:?!)]%".contains(c)
}

fn is_wide(c: char) -> bool {
    char_em(c) >= 1.0
}

/// Splits text into unbreakable pieces: one wide character each, or a run of narrow characters
/// (a number or a word) together with the wide character right after it, so that "2024年" or
/// "50亿" stay whole. Closing punctuation sticks to the piece before it.
fn tokens(text: &str) -> Vec<&str> {
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let piece_ends = match next {
            None => true,
            Some(n) if is_closing(n) => false,
            Some(' ') => true,
            Some(_) if c == ' ' => true,
            Some(_) => is_wide(c),
        };
        if piece_ends {
            pieces.push(&text[start..end]);
            start = end;
        }
    }
    pieces
}

/// The width of the widest piece that line breaking must keep whole ("2024年", "鹤").
pub(super) fn widest_piece(text: &str, font_size: f64) -> f64 {
    tokens(text).into_iter().map(|piece| text_width(piece, font_size)).fold(0.0, f64::max)
}

/// A label broken into lines that fit a width. `truncated` means the last line ends in "…" and
/// the full text must be offered some other way (a tooltip and the data table).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Wrapped {
    pub lines: Vec<String>,
    pub truncated: bool,
}

/// Greedy line breaking of `text` into at most `max_lines` lines no wider than `max_width`.
pub(super) fn wrap(text: &str, max_width: f64, font_size: f64, max_lines: usize) -> Wrapped {
    let fits = |line: &str, extra: &str| text_width(line, font_size) + text_width(extra, font_size) <= max_width;
    let mut lines: Vec<String> = vec![String::new()];
    for piece in tokens(text.trim()) {
        let Some(line) = lines.last_mut() else { break };
        if fits(line, piece) {
            line.push_str(piece);
            continue;
        }
        if !line.trim().is_empty() {
            lines.push(String::new());
        }
        let piece = piece.trim_start();
        if fits("", piece) {
            push_piece(&mut lines, piece);
            continue;
        }
        // A single piece wider than a whole line: break it between characters.
        for c in piece.chars() {
            let mut buf = [0; 4];
            let c = &*c.encode_utf8(&mut buf);
            if lines.last().is_some_and(|line| !line.is_empty() && !fits(line, c)) {
                lines.push(String::new());
            }
            push_piece(&mut lines, c);
        }
    }
    for line in &mut lines {
        *line = line.trim_end().to_string();
    }
    let max_lines = max_lines.max(1);
    if lines.len() <= max_lines {
        return Wrapped { lines, truncated: false };
    }
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        *last = with_ellipsis(last, max_width, font_size);
    }
    Wrapped { lines, truncated: true }
}

fn push_piece(lines: &mut [String], piece: &str) {
    if let Some(line) = lines.last_mut() {
        line.push_str(piece);
    }
}

/// Shortens `line` until it and a trailing "…" fit `max_width`.
fn with_ellipsis(line: &str, max_width: f64, font_size: f64) -> String {
    let mut kept: String = line.to_string();
    while !kept.is_empty() && text_width(&kept, font_size) + text_width("…", font_size) > max_width {
        kept.pop();
    }
    kept.push('…');
    kept
}

/// Escapes text for HTML and XML, both element content and quoted attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_one_em_and_ascii_about_half() {
        assert_eq!(text_width("钢铁深加工", 10.0), 50.0);
        assert!((text_width("2024", 10.0) - 22.4).abs() < 1e-9);
        assert!(text_width("2024年", 12.0) < 40.0);
    }

    #[test]
    fn numbers_stay_with_their_unit() {
        assert_eq!(tokens("2024年"), vec!["2024年"]);
        assert_eq!(tokens("10–50亿"), vec!["10–50亿"]);
        assert_eq!(tokens("鹤岭县"), vec!["鹤", "岭", "县"]);
        assert_eq!(tokens("New energy"), vec!["New", " ", "energy"]);
        assert_eq!(tokens("甲（乙）"), vec!["甲", "（", "乙）"]);
    }

    #[test]
    fn widest_piece_is_the_unbreakable_part() {
        assert_eq!(widest_piece("签约项目", 10.0), 10.0);
        assert!(widest_piece("2024年", 10.0) > 30.0);
    }

    #[test]
    fn short_text_is_one_line() {
        let w = wrap("工业", 100.0, 14.0, 2);
        assert_eq!(w.lines, vec!["工业"]);
        assert!(!w.truncated);
    }

    #[test]
    fn long_cjk_name_wraps_then_truncates() {
        let w = wrap("鹤岭土家族苗族自治县", 70.0, 14.0, 2);
        assert_eq!(w.lines, vec!["鹤岭土家族", "苗族自治县"]);
        assert!(!w.truncated);
        let w = wrap("鹤岭土家族苗族自治县经济技术开发区", 70.0, 14.0, 2);
        assert_eq!(w.lines, vec!["鹤岭土家族", "苗族自治…"]);
        assert!(w.truncated);
    }

    #[test]
    fn english_wraps_at_spaces() {
        let w = wrap("Advanced manufacturing", 110.0, 10.0, 2);
        assert_eq!(w.lines, vec!["Advanced", "manufacturing"]);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        assert_eq!(wrap("", 10.0, 10.0, 2).lines, vec![""]);
        assert_eq!(wrap("长", 0.0, 10.0, 0).lines.len(), 1);
        assert_eq!(wrap("长长长", f64::NAN, 10.0, 1).lines.len(), 1);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<script>alert('x')&\"</script>"), "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;");
    }
}
