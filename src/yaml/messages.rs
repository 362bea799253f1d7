//! Plain words for what saphyr-parser and serde say: what to fix, and where.

use serde::de;

use crate::diag::Span;

/// The parser's words turned into what to fix, and where: the line a tab
/// indents rather than the value before it, the `[` left open rather than
/// the end of the file.
pub(super) fn explain_syntax_error(
    info: &str,
    at: Span,
    text: &str,
    lines_before: u32,
    open_flow: Option<(Span, char)>,
) -> (Span, String, String) {
    let general = "check the indentation (spaces, lined up with the keys above) and put values holding `: ` or ` #` in quotes";
    if info.contains("tab") {
        // The parser stops on the tab's line or at the value before it.
        let from = at.line.saturating_sub(lines_before).max(1);
        let tab = text.split('\n').enumerate().skip(from as usize - 1).take(2).find_map(|(i, line)| {
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            indent.chars().position(|c| c == '\t').map(|col| Span::new(i as u32 + 1 + lines_before, col as u32 + 1, 1))
        });
        let hint = "YAML indents with spaces only; replace the tab with spaces";
        return (tab.unwrap_or(at), "a tab is used to indent".into(), hint.into());
    }
    if let Some((span, message, hint)) = full_width(info, at, text, lines_before) {
        return (span, message, hint);
    }
    if let Some((open, bracket)) = open_flow.filter(|(open, _)| open.line < at.line) {
        let (what, hint) = if bracket == '[' {
            ("list", "close it with `]`, or put a value starting with `[` in quotes")
        } else {
            ("mapping", "close it with `}`, or put a value starting with `{` in quotes")
        };
        return (open, format!("the {what} opened with `{bracket}` here is not closed"), hint.into());
    }
    let line = text.split('\n').nth(at.line.saturating_sub(lines_before + 1) as usize).unwrap_or("");
    let before: String = line.chars().take(at.col.saturating_sub(1) as usize).collect();
    let (message, hint) = if info.contains("mapping values are not allowed") && before.contains(": ") {
        (
            "a value holds `: `, which YAML reads as the start of another key",
            "put the whole value in quotes, e.g. `key: \"text: more text\"`",
        )
    } else if info.contains("mapping values are not allowed") {
        ("this line is indented more than the key above it", "line keys up with the ones above; indent with spaces")
    } else if info.contains("did not find expected key") || info.contains("expected '-' indicator") {
        ("this line is not lined up with the lines above it", "line keys, and `-` list items, up with the ones above; indent with spaces")
    } else if info.contains("quoted scalar") {
        ("a quoted value is not closed", "end the value with the quote it starts with")
    } else if info.contains("unknown anchor") {
        ("`*` starts a reference to an anchor, and there is no such anchor", "put a value starting with `*` in quotes")
    } else {
        return (at, info.to_string(), general.into());
    };
    (at, message.to_string(), hint.into())
}

/// Full-width punctuation typed where YAML needs its ASCII form, the most
/// common slip with a Chinese input method: `资金来源：本地` is not a key and
/// a value, so the parser stops on the line after it and says nothing of
/// the colon. Looks at the error's line and the two before it, nearest
/// first, and names the character where it is.
fn full_width(info: &str, at: Span, text: &str, lines_before: u32) -> Option<(Span, String, String)> {
    let error_line = at.line.saturating_sub(lines_before).max(1) as usize;
    let lines: Vec<&str> = text.split('\n').collect();
    for index in (error_line.saturating_sub(3)..error_line.min(lines.len())).rev() {
        let line = lines[index];
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        let rest = &line[indent..];
        if rest.starts_with('#') {
            continue;
        }
        let Some(colon) = rest.find('：') else { continue };
        let before = &rest[..colon];
        // A value that holds `：` after a real key is fine.
        if before.trim().is_empty() || before.contains(": ") || before.contains(":\t") || before.starts_with(['"', '\'']) {
            continue;
        }
        let col = line[..indent + colon].chars().count() as u32 + 1;
        let span = Span::new(index as u32 + 1 + lines_before, col, 1);
        return Some((
            span,
            "full-width colon `：` (全角冒号：请改为半角冒号:)".into(),
            format!(
                "write a half-width colon and a space after the key: `{}: {}`",
                before.trim_end(),
                rest[colon + '：'.len_utf8()..].trim()
            ),
        ));
    }
    // A value in full-width quotes is not quoted: a `: ` inside it ends the key.
    let line = lines.get(error_line - 1)?;
    let (_, value) = line.split_once(": ")?;
    let quote = value.trim_start().chars().next().filter(|c| matches!(c, '“' | '‘'))?;
    if !info.contains("mapping values are not allowed") {
        return None;
    }
    let col = line.find(quote).map_or(at.col, |i| line[..i].chars().count() as u32 + 1);
    Some((
        Span::new(at.line, col, 1),
        format!("full-width quote `{quote}` does not quote in YAML (全角引号：请改为半角引号\")"),
        "put the value in half-width quotes, e.g. `key: \"text: more text\"`".into(),
    ))
}

/// The range of an integer type as serde names it (`u32`, `i16`).
pub(super) fn integer_range(name: &str) -> Option<(i128, u128)> {
    Some(match name {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX as u128),
        "i16" => (i16::MIN.into(), i16::MAX as u128),
        "i32" => (i32::MIN.into(), i32::MAX as u128),
        "i64" => (i64::MIN.into(), i64::MAX as u128),
        _ => return None,
    })
}

/// serde's words for what it wanted, said the way an office clerk would.
pub(super) fn plain_expected(exp: &dyn de::Expected) -> String {
    let s = exp.to_string();
    if s.starts_with("struct ") || s.starts_with("a map") {
        "a mapping (`key: value` lines)".into()
    } else if s.starts_with("a sequence") || s.starts_with("tuple") {
        "a list".into()
    } else if integer_range(&s).is_some() {
        "a whole number".into()
    } else if s == "a string" || s == "a borrowed string" {
        "text".into()
    } else if s == "a boolean" {
        "true or false".into()
    } else if s.starts_with("variant identifier") || s.starts_with("enum ") {
        "one of the known values".into()
    } else {
        s
    }
}

pub(super) fn plain_unexpected(unexp: &de::Unexpected) -> String {
    match unexp {
        de::Unexpected::Seq => "a list".into(),
        de::Unexpected::Map => "a mapping".into(),
        de::Unexpected::Unit => "nothing".into(),
        de::Unexpected::Str(s) => format!("`{s}`"),
        de::Unexpected::Bool(b) => format!("`{b}`"),
        de::Unexpected::Signed(n) => format!("`{n}`"),
        de::Unexpected::Unsigned(n) => format!("`{n}`"),
        de::Unexpected::Float(n) => format!("`{n}`"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::yaml::parse;
    use crate::yaml::tests::file;

    #[test]
    fn syntax_errors_say_what_to_fix_where() {
        let cases = [
            ("a: 1\n\tb: 2\n", (2, 1), "a tab is used to indent"),
            ("a: [1, 2\nb: 3\n", (1, 4), "the list opened with `[` here is not closed"),
            ("a: {x: 1\n", (1, 4), "the mapping opened with `{` here is not closed"),
            ("a: 建设内容: 年产\n", (1, 8), "a value holds `: `, which YAML reads as the start of another key"),
            ("a: 1\n b: 2\n", (2, 3), "this line is indented more than the key above it"),
            ("a: \"年产\n", (1, 4), "a quoted value is not closed"),
            ("a: *nope\n", (1, 4), "`*` starts a reference to an anchor, and there is no such anchor"),
            ("a: 1\n资金来源：本地\nb: 2\n", (2, 5), "full-width colon `：` (全角冒号：请改为半角冒号:)"),
            ("- a: 1\n  资金来源：本地\n  b: 2\n", (2, 7), "full-width colon `：` (全角冒号：请改为半角冒号:)"),
            ("a: “年产: 5万吨”\n", (1, 4), "full-width quote `“` does not quote in YAML (全角引号：请改为半角引号\")"),
        ];
        for (text, (line, col), message) in cases {
            let (_, problems) = parse(text, &file());
            let p = &problems[0];
            assert_eq!(p.message, format!("YAML syntax error: {message}"), "{text:?}");
            assert_eq!(p.location.span.map(|s| (s.line, s.col)), Some((line, col)), "{text:?}");
        }
    }
}
