//! Horizontal bars for named categories (sectors, regions, scopes): names on the left, wrapped
//! onto two lines when long, values printed at the bar ends so no value axis is needed.

use super::canvas::{Anchor, Canvas, draw_svg_body};
use super::data::Plot;
use super::frame::{Header, Metrics, Swatch, draw_header, header};
use super::scale::{Linear, domain_with_zero};
use super::text::{Wrapped, text_width, wrap};
use super::{ChartStyle, Svg, Texts};

/// Gap between a bar's end and its value, and between labels and bars.
const GAP: f64 = 6.0;

struct Layout {
    header: Header,
    labels: Vec<Wrapped>,
    /// Right edge of the category labels.
    label_right: f64,
    row_heights: Vec<f64>,
    bar_thickness: f64,
    scale: Linear,
    height: f64,
}

fn layout(plot: &Plot, style: &ChartStyle, texts: &dyn Texts, m: &Metrics) -> Layout {
    let header = header(plot, style, texts, m, Swatch::Block);
    // A third of the width: room for a ten-character county name at the default size.
    let max_label_width = (m.width * 0.36).round();
    let labels: Vec<Wrapped> = plot.categories().iter().map(|c| wrap(c, max_label_width, m.font, 2)).collect();
    let label_width = labels.iter().flat_map(|w| &w.lines).map(|l| text_width(l, m.font)).fold(0.0, f64::max);
    let label_right = m.pad + label_width.ceil();

    let series_count = plot.series.len().max(1);
    let bar_thickness = if series_count == 1 { 18.0 } else { 11.0 };
    let group_height = series_count as f64 * (bar_thickness + 2.0) - 2.0;
    let line_height = m.line_height(m.font);
    let row_heights = labels.iter().map(|w| (w.lines.len() as f64 * line_height).max(group_height) + 10.0).collect::<Vec<_>>();

    let scale = value_scale(plot, label_right + GAP, m);
    let height = header.height + row_heights.iter().sum::<f64>() + m.pad;
    Layout { header, labels, label_right, row_heights, bar_thickness, scale, height }
}

/// Room for the value labels on both sides: beyond the longest positive bar, and before the
/// longest negative one.
fn value_scale(plot: &Plot, left: f64, m: &Metrics) -> Linear {
    let mut negative_room: f64 = 0.0;
    let mut positive_room: f64 = 0.0;
    for (_, datum) in plot.series.iter().flat_map(|s| s.points()) {
        let room = text_width(datum.text, m.small) + GAP;
        if datum.number < 0.0 {
            // Twice the gap, so a negative value is not read as part of the category's name.
            negative_room = negative_room.max(room + GAP);
        } else {
            positive_room = positive_room.max(room);
        }
    }
    let right = m.width - m.pad - positive_room;
    let left = (left + negative_room).min(right - 1.0);
    Linear { domain: domain_with_zero(plot.numbers()), range: (left, right) }
}

pub(super) fn draw(plot: &Plot, style: &ChartStyle, texts: &dyn Texts) -> Svg {
    let m = Metrics::new(style);
    let layout = layout(plot, style, texts, &m);
    let body = draw_svg_body(m.width, layout.height, |c| {
        draw_header(c, &layout.header, style, &m);
        let mut top = layout.header.height;
        for (row, height) in layout.row_heights.iter().enumerate() {
            let middle = top + height / 2.0;
            draw_label(c, plot, &layout, row, middle, style, &m);
            draw_bars(c, plot, &layout, row, middle, style, &m);
            top += height;
        }
        let zero = layout.scale.map(0.0);
        c.line((zero, layout.header.height), (zero, top), style.axis, 1);
    });
    Svg { width: m.width, height: layout.height, body }
}

fn draw_label(c: &mut Canvas, plot: &Plot, layout: &Layout, row: usize, middle: f64, style: &ChartStyle, m: &Metrics) {
    let label = &layout.labels[row];
    let line_height = m.line_height(m.font);
    let first = middle - line_height * (label.lines.len() as f64 - 1.0) / 2.0;
    for (n, line) in label.lines.iter().enumerate() {
        c.text(line, (layout.label_right, first + line_height * n as f64), Anchor::End, m.font, style.text);
    }
    if label.truncated {
        let half = line_height * label.lines.len() as f64 / 2.0;
        let full = &plot.categories()[row];
        c.tooltip((m.pad, middle - half), (layout.label_right, middle + half), full);
    }
}

fn draw_bars(c: &mut Canvas, plot: &Plot, layout: &Layout, row: usize, middle: f64, style: &ChartStyle, m: &Metrics) {
    let step = layout.bar_thickness + 2.0;
    let mut top = middle - (plot.series.len() as f64 * step - 2.0) / 2.0;
    let zero = layout.scale.map(0.0);
    for (index, series) in plot.series.iter().enumerate() {
        if let Some(datum) = series.values[row] {
            let end = layout.scale.map(datum.number);
            c.rect((zero, top), (end, top + layout.bar_thickness), style.series_color(index));
            let bar_middle = top + layout.bar_thickness / 2.0;
            if datum.number < 0.0 {
                c.text(datum.text, (end - GAP, bar_middle), Anchor::End, m.small, style.text);
            } else {
                c.text(datum.text, (end.max(zero) + GAP, bar_middle), Anchor::Start, m.small, style.text);
            }
        }
        top += step;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Chart, Series, Value};
    use super::*;

    use super::super::snapshot_tests::Keys;

    fn chart(values: &[f64]) -> Chart {
        Chart {
            unit: "亿元".into(),
            categories: values.iter().enumerate().map(|(i, _)| format!("第{i}个产业")).collect(),
            series: vec![Series { name: String::new(), values: values.iter().map(|&v| Some(Value::new(v, format!("{v}")))).collect() }],
            ..Chart::default()
        }
    }

    #[test]
    fn bars_stay_inside_the_drawing() {
        let style = ChartStyle::default();
        let m = Metrics::new(&style);
        for values in [&[5.0, 1733.7][..], &[-20.0, 3.0], &[-1.0, -2.0], &[0.0, 0.0]] {
            let c = chart(values);
            let plot = Plot::new(&c);
            let layout = layout(&plot, &style, &Keys, &m);
            let (left, right) = layout.scale.range;
            assert!(left > layout.label_right && left < right && right < m.width, "{values:?}");
        }
    }

    #[test]
    fn long_names_make_taller_rows() {
        let style = ChartStyle::default();
        let m = Metrics::new(&style);
        let mut c = chart(&[1.0, 2.0]);
        c.categories[1] = "鹤岭土家族苗族自治县经济技术开发区".into();
        let plot = Plot::new(&c);
        let layout = layout(&plot, &style, &Keys, &m);
        assert!(layout.row_heights[1] > layout.row_heights[0]);
        assert_eq!(layout.labels[1].lines.len(), 2);
    }
}
