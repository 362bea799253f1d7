//! Tests of finding and parsing shortcode calls: positions, values, and errors.

use crate::markdown::{ArgValue, Piece, Shortcode, ShortcodeError, split_shortcodes};

fn calls(text: &str) -> Vec<Shortcode> {
    let (pieces, errors) = split_shortcodes(text);
    assert_eq!(errors, [], "no errors expected in {text:?}");
    pieces
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Call(call) => Some(call),
            Piece::Text(_) => None,
        })
        .collect()
}

fn only_error(text: &str) -> ShortcodeError {
    let (_, mut errors) = split_shortcodes(text);
    assert_eq!(errors.len(), 1, "one error expected in {text:?}: {errors:?}");
    errors.remove(0)
}

#[test]
fn shortcode_positions_count_characters_after_cjk_text() {
    let found = calls("2022年,全市新签约项目{{ figure(metric=\"signed_count\") }}个");
    assert_eq!((found[0].line, found[0].column), (1, 14));
    assert_eq!(found[0].name, "figure");
    assert_eq!(found[0].arg("metric"), Some(&ArgValue::String("signed_count".to_owned())));
}

#[test]
fn shortcode_positions_after_crlf_and_cr_line_ends() {
    let found = calls("第一行\r\n第二行{{ a() }}\r\n{{ b() }}\r\r三{{c()}}");
    let positions: Vec<_> = found.iter().map(|call| (call.line, call.column)).collect();
    assert_eq!(positions, [(2, 4), (3, 1), (5, 2)]);
}

#[test]
fn shortcode_pieces_keep_the_text_around_calls() {
    let (pieces, errors) = split_shortcodes("前{{ a() }}中{{b()}}");
    assert_eq!(errors, []);
    assert_eq!(pieces.len(), 4);
    assert_eq!(pieces[0], Piece::Text("前"));
    assert_eq!(pieces[2], Piece::Text("中"));
    assert!(matches!(&pieces[3], Piece::Call(call) if call.name == "b" && call.args.is_empty()));
    assert_eq!(split_shortcodes("没有短代码").0, [Piece::Text("没有短代码")]);
    assert_eq!(split_shortcodes("").0, []);
}

#[test]
fn shortcode_values_parse() {
    let found = calls("{{ t(s=\"a \\\"引\\\" \\\\ \\d\", i=10, n=-3, d=0.5, m=-12.50, yes=true, no=false,) }}");
    assert_eq!(
        found[0].args,
        [
            ("s".to_owned(), ArgValue::String("a \"引\" \\ \\d".to_owned())),
            ("i".to_owned(), ArgValue::Integer(10)),
            ("n".to_owned(), ArgValue::Integer(-3)),
            ("d".to_owned(), ArgValue::Decimal("0.5".to_owned())),
            ("m".to_owned(), ArgValue::Decimal("-12.50".to_owned())),
            ("yes".to_owned(), ArgValue::Bool(true)),
            ("no".to_owned(), ArgValue::Bool(false)),
        ]
    );
}

#[test]
fn shortcode_spacing_is_free() {
    for text in ["{{t(a=1)}}", "{{ t ( a = 1 ) }}", "{{\n  t(\n    a=1,\n  )\n}}"] {
        let found = calls(text);
        assert_eq!(found[0].args, [("a".to_owned(), ArgValue::Integer(1))], "{text:?}");
    }
}

#[test]
fn shortcodes_in_code_are_not_calls() {
    for text in [
        "```\n{{ figure(metric=\"a\") }}\n```\n",
        "~~~markdown\n{{ chart() }}\n~~~\n",
        "写法：`{{ figure(metric=\"a\") }}`。",
        "    {{ chart() }}\n",
        "- 列表\n\n  ```\n  {{ chart() }}\n  ```\n",
        "\\{{ chart() }}",
    ] {
        let (pieces, errors) = split_shortcodes(text);
        assert_eq!((pieces, errors), (vec![Piece::Text(text)], vec![]), "{text:?}");
    }
    assert_eq!(calls("`代码` {{ a() }} ``{{ b() }}``").len(), 1);
}

#[test]
fn malformed_shortcodes_are_reported_where_they_go_wrong() {
    for (text, line, column, message) in [
        ("前文{{ figure(metric=\"a\")\n\n后文", 1, 3, "unclosed `{{`: expected `}}` after `figure(…)`"),
        ("{{ figure(metric=\"a\"", 1, 1, "unclosed `{{`"),
        ("{{ figure(metric=signed_amount) }}", 1, 18, "did you mean \"signed_amount\"?"),
        ("{{ figure(metric=\"a\", metric=\"b\") }}", 1, 23, "duplicate argument `metric`"),
        ("{{ figure(metric=\"a) }}\n", 1, 18, "unterminated string"),
        ("{{ figure（metric=\"a\"） }}", 1, 10, "full-width `（`"),
        ("{{ figure(metric=“a”) }}", 1, 18, "full-width `“`"),
        ("{{ 10 }}", 1, 4, "expected a shortcode name"),
        ("{{ figure }}", 1, 11, "expected `(` after `figure`"),
        ("{{ figure(x=10万) }}", 1, 13, "`10万` is not a number"),
        ("{{ figure(x=99999999999999999999) }}", 1, 13, "too large"),
        ("{{ figure(a=1 b=2) }}", 1, 15, "expected `,` or `)` after the value of `a`"),
        ("{{ figure(a) }}", 1, 12, "expected `=` after argument `a`"),
        ("第一行\r\n第二行{{ figure(,) }}", 2, 14, "expected an argument name or `)`"),
    ] {
        let error = only_error(text);
        assert_eq!((error.line, error.column), (line, column), "{text:?}: {error}");
        assert!(error.message.contains(message), "{text:?}: {error}");
    }
}

#[test]
fn a_malformed_shortcode_does_not_hide_the_next_one() {
    let (pieces, errors) = split_shortcodes("{{ bad {{ good() }}");
    assert_eq!(errors.len(), 1);
    assert_eq!(pieces[0], Piece::Text("{{ bad "));
    assert!(matches!(&pieces[1], Piece::Call(call) if call.name == "good" && call.column == 8));
}

#[test]
fn errors_are_ordered_and_located_when_a_failed_call_holds_another_brace_pair() {
    let (pieces, errors) = split_shortcodes("{{ a(x=\"{{\", y=z) }}");
    assert_eq!(pieces.len(), 1);
    let positions: Vec<_> = errors.iter().map(|error| (error.line, error.column)).collect();
    assert_eq!(positions, [(1, 11), (1, 16)]);
}
