//! The chart's numbers as an HTML table in a `<details>` under the drawing: exact texts, full
//! category names, headers with `scope` for screen readers.

use super::text::escape;
use super::{Chart, Texts};

/// Shown for a category a series has no value for.
const MISSING: &str = "—";

pub(super) fn data_table(chart: &Chart, texts: &dyn Texts) -> String {
    let mut html = String::with_capacity(256 + chart.categories.len() * 64 * chart.series.len().max(1));
    html.push_str("<details class=\"chart-data\">\n<summary>");
    html.push_str(&escape(&texts.text("chart.table.summary", &[])));
    html.push_str("</summary>\n<table>\n<caption>");
    html.push_str(&escape(&caption(chart, texts)));
    html.push_str("</caption>\n<thead><tr>");
    push_header(&mut html, "col", &category_heading(chart, texts));
    for series in &chart.series {
        let name = if series.name.trim().is_empty() { texts.text("chart.table.value", &[]) } else { series.name.clone() };
        push_header(&mut html, "col", &name);
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (row, category) in chart.categories.iter().enumerate() {
        html.push_str("<tr>");
        push_header(&mut html, "row", category);
        for series in &chart.series {
            let value = series.values.get(row).and_then(Option::as_ref);
            push_cell(&mut html, value.map_or(MISSING, |v| v.text.as_str()));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n");
    if let Some(target) = &chart.target {
        html.push_str("<tfoot><tr>");
        push_header(&mut html, "row", &texts.text("chart.table.target", &[]));
        for _ in &chart.series {
            push_cell(&mut html, &target.text);
        }
        html.push_str("</tr></tfoot>\n");
    }
    html.push_str("</table>\n</details>\n");
    html
}

fn caption(chart: &Chart, texts: &dyn Texts) -> String {
    if chart.unit.trim().is_empty() {
        chart.title.clone()
    } else {
        texts.text("chart.table.caption", &[("title", &chart.title), ("unit", &chart.unit)])
    }
}

fn category_heading(chart: &Chart, texts: &dyn Texts) -> String {
    if chart.category_label.trim().is_empty() { texts.text("chart.table.category", &[]) } else { chart.category_label.clone() }
}

fn push_header(html: &mut String, scope: &str, text: &str) {
    html.push_str(&format!("<th scope=\"{scope}\">{}</th>", escape(text)));
}

fn push_cell(html: &mut String, text: &str) {
    html.push_str("<td>");
    html.push_str(&escape(text));
    html.push_str("</td>");
}

#[cfg(test)]
mod tests {
    use super::super::snapshot_tests::{bars, cumulative, yaml_texts};
    use super::*;

    #[test]
    fn rows_and_headers() {
        let mut chart = bars(&[("工业", 52.8), ("<script>alert(1)</script>", 1.0)]);
        chart.series[0].values.pop();
        let html = data_table(&chart, &yaml_texts("zh-Hans"));
        assert!(html.contains("<caption>分产业协议投资额（单位：亿元）</caption>"));
        assert!(html.contains("<th scope=\"col\">类别</th><th scope=\"col\">数值</th>"));
        assert!(html.contains("<tr><th scope=\"row\">工业</th><td>52.8</td></tr>"));
        assert!(html.contains("<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th><td>—</td>"));
    }

    #[test]
    fn target_goes_in_the_footer() {
        let html = data_table(&cumulative(&[1.0], 50.0), &yaml_texts("en"));
        assert!(html.contains("<tfoot><tr><th scope=\"row\">Target</th><td>50</td></tr></tfoot>"));
    }
}
