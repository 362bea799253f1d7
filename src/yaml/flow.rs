//! A look ahead for long `[…]` and `{…}` collections. saphyr's scanner keeps
//! every token of a flow collection until it closes (a `[` might still turn
//! out to be a key), so a 15 MB one-line list takes gigabytes before the
//! first event. Ledgers write lists one item a line; a flow collection longer
//! than the limit is refused before parsing, which bounds that memory.
//!
//! The scan is deliberately simple: it finds flow collections where a value
//! starts (at the start of a line, after `- `, `? ` or `key: `), skips
//! quoted text, comments and block scalars, and counts brackets.

/// The byte offset of the first flow collection longer than `limit` bytes.
pub(super) fn oversized_flow(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Lines indented deeper than this belong to a block scalar (`|`, `>`).
    let mut block_scalar_indent: Option<usize> = None;
    while at < bytes.len() {
        let line_end = memchr_newline(bytes, at);
        let line = &bytes[at..line_end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if let Some(parent) = block_scalar_indent {
            if line[indent..].iter().all(|b| b.is_ascii_whitespace()) || indent > parent {
                at = line_end + 1;
                continue;
            }
            block_scalar_indent = None;
        }
        match value_start(line, indent) {
            Some((offset, b'[' | b'{')) => {
                let start = at + offset;
                match flow_end(bytes, start, limit) {
                    Ok(end) => {
                        // Go on from the line the collection ends on.
                        at = memchr_newline(bytes, end) + 1;
                        continue;
                    }
                    Err(()) => return Some(start),
                }
            }
            Some((offset, b'|' | b'>')) if is_block_scalar_header(&line[offset..]) => {
                block_scalar_indent = Some(indent);
            }
            _ => {}
        }
        at = line_end + 1;
    }
    None
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| from + i)
}

/// Where a line's value starts and its first byte: after the indent, any
/// `- ` and `? ` markers, and a `key: ` (the key possibly quoted).
fn value_start(line: &[u8], indent: usize) -> Option<(usize, u8)> {
    let mut i = indent;
    loop {
        while line.get(i) == Some(&b' ') {
            i += 1;
        }
        match (line.get(i), line.get(i + 1)) {
            (Some(b'-' | b'?'), Some(b' ') | None) => i += 1,
            _ => break,
        }
    }
    let first = *line.get(i)?;
    if matches!(first, b'[' | b'{' | b'|' | b'>' | b'#') {
        return Some((i, first));
    }
    // A key: skip a quoted one whole, then look for `: `.
    let mut j = i;
    if first == b'"' || first == b'\'' {
        j = skip_quoted(line, i)?;
    }
    while j < line.len() {
        if line[j] == b':' && matches!(line.get(j + 1), Some(b' ' | b'\t') | None) {
            let mut k = j + 1;
            while matches!(line.get(k), Some(b' ' | b'\t')) {
                k += 1;
            }
            return line.get(k).map(|&b| (k, b));
        }
        if line[j] == b'#' && j > 0 && line[j - 1] == b' ' {
            return None;
        }
        j += 1;
    }
    None
}

/// `|`, `>`, optionally with `+`, `-` or a digit, then nothing but a comment.
fn is_block_scalar_header(rest: &[u8]) -> bool {
    let after = rest[1..].iter().take_while(|b| matches!(b, b'+' | b'-' | b'0'..=b'9')).count() + 1;
    let tail = &rest[after..];
    let tail = &tail[tail.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    tail.is_empty() || tail[0] == b'#'
}

/// The index just past a quoted scalar starting at `start` on one line.
fn skip_quoted(line: &[u8], start: usize) -> Option<usize> {
    let quote = line[start];
    let mut i = start + 1;
    while i < line.len() {
        match line[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && line.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The offset just past the flow collection opening at `start`, or `Err`
/// when it runs past `limit` bytes (or to the end of the text unclosed and
/// longer than `limit`; an unclosed short one is the parser's to report).
fn flow_end(bytes: &[u8], start: usize, limit: usize) -> Result<usize, ()> {
    let mut depth = 0usize;
    let mut i = start;
    let stop = bytes.len().min(start.saturating_add(limit));
    while i < stop {
        match bytes[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            b'"' | b'\'' => {
                // Quoted text may hold brackets, and in flow it may span lines.
                let quote = bytes[i];
                i += 1;
                while i < stop {
                    match bytes[i] {
                        b'\\' if quote == b'"' => i += 1,
                        b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
                        b if b == quote => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'#' if i > 0 && bytes[i - 1].is_ascii_whitespace() => i = memchr_newline(bytes, i).saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    if stop == bytes.len() { Ok(bytes.len()) } else { Err(()) }
}

#[cfg(test)]
mod tests {
    use super::oversized_flow;

    #[test]
    fn finds_long_flow_collections_where_values_start() {
        let long = format!("a: [{}]\n", "1, ".repeat(100));
        assert_eq!(oversized_flow(&long, 100), Some(3));
        assert_eq!(oversized_flow(&long, 1000), None);
        let item = format!("- x: 1\n- {{{}}}\n", "k: v, ".repeat(100));
        assert_eq!(oversized_flow(&item, 100), Some(9));
        // Brackets inside a plain value, quotes, comments and block scalars
        // start nothing.
        let text = format!(
            "name: a[1]{}\nq: \"[{}\"\nc: 1 # [{}\nb: |\n  [{}\n",
            "x".repeat(200),
            "y".repeat(200),
            "z".repeat(200),
            "w".repeat(200)
        );
        assert_eq!(oversized_flow(&text, 100), None);
        // A quoted `]` does not close the collection.
        let quoted = format!("a: [\"]\", {}]\n", "'x', ".repeat(50));
        assert_eq!(oversized_flow(&quoted, 100), Some(3));
        assert_eq!(oversized_flow("a: [1, 2\n", 100), None);
    }
}
