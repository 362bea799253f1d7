//! Tests of the whole pipeline, and helpers the other test modules share.

use super::*;
use proptest::prelude::*;

/// The HTML of a one-paragraph document, without `<p>` and `</p>\n`.
pub(super) fn inline(markdown: &str) -> String {
    let html = render(markdown);
    html.strip_prefix("<p>").and_then(|html| html.strip_suffix("</p>\n")).map_or(html.clone(), str::to_owned)
}

pub(super) fn figure_and_chart(call: &Shortcode) -> Expansion {
    match call.name.as_str() {
        "chart" => Expansion::Block(format!("<figure>{}</figure>\n", call.args.len())),
        _ => Expansion::Inline("<span class=\"figure\">52.8</span>".to_owned()),
    }
}

#[test]
fn short_table_rows_are_filled_up_to_a_bound() {
    // Found by fuzzing: a wide header over many one-character rows.
    let columns = 400;
    let markdown = format!("{}\n{}\n{}", "|a".repeat(columns), "|-".repeat(columns), "x\n".repeat(400));
    let html = render(&markdown);
    let cells = html.matches("<td>").count();
    assert_eq!(cells, 400 + MAX_PADDING_CELLS, "the written cells and the fill allowed");
    assert_eq!(html.matches("<td>").count(), html.matches("</td>").count());
    assert!(html.len() < 200_000, "{} bytes of HTML for {} of Markdown", html.len(), markdown.len());
    // A short table is filled as GFM says.
    assert_eq!(
        render("| a | b |\n|---|---|\n| x |\n"),
        "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>x</td><td></td></tr>\n</tbody></table>\n"
    );
}

#[test]
fn tables_render_with_alignment() {
    assert_eq!(
        render("| 产业 | 签约额 |\n|:--|--:|\n| 新材料 | 52.8 |\n"),
        "<table><thead><tr><th style=\"text-align: left\">产业</th><th style=\"text-align: right\">签约额</th></tr></thead><tbody>\n\
         <tr><td style=\"text-align: left\">新材料</td><td style=\"text-align: right\">52.8</td></tr>\n</tbody></table>\n"
    );
}

#[test]
fn smart_punctuation_stays_off() {
    assert_eq!(inline("\"招商引资\" -- 'a'"), "\"招商引资\" -- 'a'");
}

#[test]
fn text_without_shortcodes_never_calls_expand() {
    let rendered = render_with_shortcodes("纯文本 { 单括号 }", |_| unreachable!("no call to expand"));
    assert_eq!(rendered.html, "<p>纯文本 { 单括号 }</p>\n");
    assert_eq!(render("{{ figure() }}"), "<p>{{ figure() }}</p>\n");
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = render(&text);
        let _ = split_shortcodes(&text);
        let _ = render_with_shortcodes(&text, figure_and_chart);
    }

    #[test]
    fn markdown_like_text_never_panics(
        text in "([*_~`{}()=,\"\\\\\n\r#|<>!\\[\\]a-c0-9 .-]|\u{201C}|\u{201D}|（|）|中|文|\\{\\{|\\}\\}|\u{FE01}|\u{F0000}){0,80}"
    ) {
        let _ = render(&text);
        let (pieces, errors) = split_shortcodes(&text);
        for error in errors {
            prop_assert!(error.line >= 1 && error.column >= 1);
        }
        for piece in pieces {
            if let Piece::Call(call) = piece {
                prop_assert!(call.line >= 1 && call.column >= 1);
            }
        }
        let mut expand = figure_and_chart;
        let substituted = substitute_shortcodes(&text, &mut expand);
        prop_assert!(is_well_nested(&html_events(&substituted.source, &substituted.substitutions, &mut sanitize::relative_image)));
        prop_assert!(is_well_nested(&html_events(&text, &Substitutions::default(), &mut sanitize::relative_image)));
    }
}

fn is_well_nested(events: &[Event<'_>]) -> bool {
    let mut open = Vec::new();
    for event in events {
        match event {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(end) if open.pop() != Some(*end) => return false,
            _ => {}
        }
    }
    open.is_empty()
}
