//! Finding the `{{ … }}` calls of a text: outside code, not escaped, with line and column.

mod call;
#[cfg(test)]
mod tests;

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::{Shortcode, ShortcodeError, is_backslash_escaped, options};
use call::{CallParser, CallParts, Failure};

#[derive(Default)]
pub(super) struct ShortcodeScan {
    /// Each well-formed call with its byte range in the text, `{{` to `}}`.
    pub(super) calls: Vec<(Range<usize>, Shortcode)>,
    pub(super) errors: Vec<ShortcodeError>,
}

pub(super) fn scan_shortcodes(text: &str) -> ShortcodeScan {
    let (calls, failures) = find_calls(text);
    // Lines and columns come last, from one walk through the text: a failure can lie after a
    // `{{` found later (`{{ a(x="{{", y=z) }}` fails at `z`, after the second `{{`).
    let mut offsets: Vec<usize> = calls.iter().map(|(span, _)| span.start).chain(failures.iter().map(|failure| failure.at)).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = line_columns(text, &offsets);
    let locate = |offset: usize| {
        let index = offsets.binary_search(&offset).ok();
        index.and_then(|index| positions.get(index)).copied().unwrap_or((1, 1))
    };
    let calls = calls
        .into_iter()
        .map(|(span, (name, args))| {
            let (line, column) = locate(span.start);
            (span, Shortcode { name, args, line, column })
        })
        .collect();
    let mut errors: Vec<ShortcodeError> = failures
        .into_iter()
        .map(|Failure { at, message }| {
            let (line, column) = locate(at);
            ShortcodeError { line, column, message }
        })
        .collect();
    errors.sort_by_key(|error| (error.line, error.column));
    ShortcodeScan { calls, errors }
}

/// Every `{{` outside code and not escaped: the calls that parse, with their byte ranges, and
/// the failures of those that do not. After a failure the search goes on right after its `{{`,
/// so that one mistake does not hide the calls behind it.
fn find_calls(text: &str) -> (Vec<(Range<usize>, CallParts)>, Vec<Failure>) {
    let code = if may_contain_code(text) { code_ranges(text) } else { Vec::new() };
    let mut code = code.iter().peekable();
    let mut calls = Vec::new();
    let mut failures = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("{{")) {
        let open = from + found;
        while code.next_if(|range| range.end <= open).is_some() {}
        if let Some(range) = code.peek().filter(|range| range.start <= open) {
            from = range.end;
            continue;
        }
        if is_backslash_escaped(text, open) {
            from = open + 2;
            continue;
        }
        match CallParser::new(text, open).call() {
            Ok((parts, end)) => {
                calls.push((open..end, parts));
                from = end;
            }
            Err(failure) => {
                failures.push(failure);
                from = open + 2;
            }
        }
    }
    (calls, failures)
}

/// Code needs a backtick or tilde fence, or an indent of four spaces or a tab; prose without
/// them need not be parsed to find it.
fn may_contain_code(text: &str) -> bool {
    text.contains(['`', '~', '\t']) || text.contains("    ")
}

/// Byte ranges of code blocks and code spans, in order: shortcodes there are shown, not called.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, range)| range)
        .collect()
}

/// The 1-based line and character column of each offset, given sorted, in one walk.
/// `\r\n`, `\n` and a lone `\r` all end a line.
fn line_columns(text: &str, sorted_offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut positions = Vec::with_capacity(sorted_offsets.len());
    let mut wanted = sorted_offsets.iter().peekable();
    let (mut line, mut column) = (1, 1);
    let bytes = text.as_bytes();
    for (offset, c) in text.char_indices() {
        while wanted.next_if(|&&wanted| wanted <= offset).is_some() {
            positions.push((line, column));
        }
        if wanted.peek().is_none() {
            break;
        }
        match c {
            '\r' if bytes.get(offset + 1) == Some(&b'\n') => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    positions.extend(wanted.map(|_| (line, column)));
    positions
}
