//! Plain words for what saphyr-parser and serde say: what to fix, and where.

use serde::de;

use crate::diag::Span;
use crate::tr;

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
    let general = tr!(
        zh: "检查缩进（用空格，与上面的键对齐）；值里有 `: ` 或 ` #` 时，把整个值放进半角引号",
        en: "check the indentation (spaces, lined up with the keys above) and put values holding `: ` or ` #` in quotes"
    );
    if info.contains("tab") {
        // The parser stops on the tab's line or at the value before it.
        let from = at.line.saturating_sub(lines_before).max(1);
        let tab = text.split('\n').enumerate().skip(from as usize - 1).take(2).find_map(|(i, line)| {
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            indent.chars().position(|c| c == '\t').map(|col| Span::new(i as u32 + 1 + lines_before, col as u32 + 1, 1))
        });
        let hint =
            tr!(zh: "YAML 只能用空格缩进：把制表符（Tab）换成空格", en: "YAML indents with spaces only; replace the tab with spaces");
        return (tab.unwrap_or(at), tr!(zh: "用了制表符（Tab）缩进", en: "a tab is used to indent"), hint);
    }
    if let Some((span, message, hint)) = full_width(info, at, text, lines_before) {
        return (span, message, hint);
    }
    if let Some((open, bracket)) = open_flow.filter(|(open, _)| open.line < at.line) {
        let (message, hint) = if bracket == '[' {
            (
                tr!(zh: "这里用 `[` 开始的列表没有结束", en: "the list opened with `[` here is not closed"),
                tr!(zh: "用 `]` 结束它；以 `[` 开头的值要放进半角引号", en: "close it with `]`, or put a value starting with `[` in quotes"),
            )
        } else {
            (
                tr!(zh: "这里用 `{{` 开始的映射没有结束", en: "the mapping opened with `{{` here is not closed"),
                tr!(zh: "用 `}}` 结束它；以 `{{` 开头的值要放进半角引号", en: "close it with `}}`, or put a value starting with `{{` in quotes"),
            )
        };
        return (open, message, hint);
    }
    let line = text.split('\n').nth(at.line.saturating_sub(lines_before + 1) as usize).unwrap_or("");
    let before: String = line.chars().take(at.col.saturating_sub(1) as usize).collect();
    let (message, hint) = if info.contains("mapping values are not allowed") && before.contains(": ") {
        (
            tr!(zh: "值里有 `: `，YAML 会把它当成另一个键的开始", en: "a value holds `: `, which YAML reads as the start of another key"),
            tr!(
                zh: "把整个值放进半角引号，例如 `key: \"text: more text\"`",
                en: "put the whole value in quotes, e.g. `key: \"text: more text\"`"
            ),
        )
    } else if info.contains("mapping values are not allowed") {
        (
            tr!(zh: "这一行比上面的键缩进得多", en: "this line is indented more than the key above it"),
            tr!(zh: "让各键与上面的键对齐；用空格缩进", en: "line keys up with the ones above; indent with spaces"),
        )
    } else if info.contains("did not find expected key") || info.contains("expected '-' indicator") {
        (
            tr!(zh: "这一行没有与上面的行对齐", en: "this line is not lined up with the lines above it"),
            tr!(zh: "让各键和 `-` 列表项与上面的对齐；用空格缩进", en: "line keys, and `-` list items, up with the ones above; indent with spaces"),
        )
    } else if info.contains("quoted scalar") {
        (
            tr!(zh: "引号里的值没有结束", en: "a quoted value is not closed"),
            tr!(zh: "在值的末尾补上开头用的那个引号", en: "end the value with the quote it starts with"),
        )
    } else if info.contains("unknown anchor") {
        (
            tr!(zh: "`*` 表示引用一个锚点，但没有这个锚点", en: "`*` starts a reference to an anchor, and there is no such anchor"),
            tr!(zh: "以 `*` 开头的值要放进半角引号", en: "put a value starting with `*` in quotes"),
        )
    } else {
        return (at, parser_words(info), general);
    };
    (at, message, hint)
}

/// The parser's own words, in Chinese where they are known: they are
/// English from saphyr, and a clerk may not read English.
fn parser_words(info: &str) -> String {
    if !crate::locale::is_chinese() {
        return info.to_string();
    }
    const KNOWN: [(&str, &str); 12] = [
        ("did not find expected key", "这里应当是一个键"),
        ("mapping values are not allowed in this context", "这里不能写 `: `"),
        ("found character that cannot start any token", "这个字符不能出现在这里"),
        ("did not find expected node content", "这里应当有一个值"),
        ("simple key expect ':'", "键后面应当有半角冒号 `:`"),
        ("block sequence entries are not allowed in this context", "这里不能写 `-` 列表项"),
        ("did not find expected '-' indicator", "这里应当是 `-` 列表项"),
        ("found unexpected end of stream", "文件意外结束"),
        ("found unknown escape character", "不认识的转义字符（`\\` 之后）"),
        ("found a tab character", "用了制表符（Tab）"),
        ("could not find expected ':'", "没有找到半角冒号 `:`"),
        ("found unexpected document indicator", "这里不能写 `---` 或 `...`"),
    ];
    match KNOWN.iter().find(|(en, _)| info.contains(en)) {
        Some((_, zh)) => zh.to_string(),
        None => format!("YAML 解析器报告：{info}"),
    }
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
        let key = before.trim_end();
        let value = rest[colon + '：'.len_utf8()..].trim();
        return Some((
            span,
            tr!(zh: "全角冒号：请改为半角冒号 `:`", en: "full-width colon `：` (全角冒号：请改为半角冒号:)"),
            tr!(
                zh: "在键后面写半角冒号和一个空格：`{key}: {value}`",
                en: "write a half-width colon and a space after the key: `{key}: {value}`"
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
        tr!(
            zh: "全角引号 `{quote}` 在 YAML 里不起引号作用：请改为半角引号 `\"`",
            en: "full-width quote `{quote}` does not quote in YAML (全角引号：请改为半角引号\")"
        ),
        tr!(zh: "把值放进半角引号，例如 `key: \"text: more text\"`", en: "put the value in half-width quotes, e.g. `key: \"text: more text\"`"),
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
        tr!(zh: "映射（`键: 值` 的若干行）", en: "a mapping (`key: value` lines)")
    } else if s.starts_with("a sequence") || s.starts_with("tuple") {
        list()
    } else if integer_range(&s).is_some() {
        tr!(zh: "整数", en: "a whole number")
    } else if s == "a string" || s == "a borrowed string" {
        tr!(zh: "文字", en: "text")
    } else if s == "a boolean" {
        tr!(zh: "`true` 或 `false`", en: "true or false")
    } else if s.starts_with("variant identifier") || s.starts_with("enum ") {
        tr!(zh: "可选值之一", en: "one of the known values")
    } else {
        s
    }
}

fn list() -> String {
    tr!(zh: "列表", en: "a list")
}

pub(super) fn plain_unexpected(unexp: &de::Unexpected) -> String {
    match unexp {
        de::Unexpected::Seq => list(),
        de::Unexpected::Map => tr!(zh: "映射", en: "a mapping"),
        de::Unexpected::Unit => tr!(zh: "空值", en: "nothing"),
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
