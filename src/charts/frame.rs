//! What the chart kinds share around their data: sizes, the header band (unit and legend, kept
//! above the plot so it never covers data), the value axis, category labels and the no-data note.

use super::canvas::{Anchor, Canvas, Marker, draw_svg_body};
use super::data::Plot;
use super::scale::{Linear, Ticks, format_tick, nice_ticks};
use super::text::{Wrapped, text_width, widest_piece, wrap};
use super::{ChartStyle, Color, Svg, Texts};

/// Sizes derived from the style, clamped so that no style can produce a degenerate drawing.
pub(super) struct Metrics {
    pub width: f64,
    /// Category labels.
    pub font: f64,
    /// Values, ticks, unit, legend.
    pub small: f64,
    /// Outer padding.
    pub pad: f64,
}

impl Metrics {
    pub fn new(style: &ChartStyle) -> Metrics {
        let font = f64::from(style.font_size.clamp(8, 48));
        Metrics { width: f64::from(style.width.clamp(240, 4000)), font, small: (font - 2.0).max(8.0), pad: 8.0 }
    }

    pub fn line_height(&self, size: f64) -> f64 {
        (size * 1.3).round()
    }
}

/// How a legend entry shows its series: a block for bars and columns, a line with the series'
/// marker for line charts.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Swatch {
    Block,
    LineMarker,
}

struct LegendItem {
    label: Wrapped,
    full_name: String,
    color: Color,
    marker: Marker,
    x: f64,
    row: usize,
}

/// The band above the plot: "单位：亿元" and, with several series, the legend after it.
pub(super) struct Header {
    unit: String,
    swatch: Swatch,
    items: Vec<LegendItem>,
    row_height: f64,
    pub height: f64,
}

const SWATCH_WIDTH: f64 = 18.0;

pub(super) fn header(plot: &Plot, style: &ChartStyle, texts: &dyn Texts, m: &Metrics, swatch: Swatch) -> Header {
    let unit = plot.chart.unit.trim();
    let unit = if unit.is_empty() { String::new() } else { texts.text("chart.unit", &[("unit", unit)]) };
    let row_height = m.line_height(m.small) + 2.0;
    let right = m.width - m.pad;
    let mut x = if unit.is_empty() { m.pad } else { m.pad + text_width(&unit, m.small) + 2.0 * m.small };
    let mut row = 0;
    let mut items = Vec::new();
    if plot.series.len() > 1 {
        for (index, series) in plot.series.iter().enumerate() {
            let full_name = plot.series_name(series).to_string();
            let label = wrap(&full_name, right - m.pad - SWATCH_WIDTH - 6.0, m.small, 1);
            let item_width = SWATCH_WIDTH + 6.0 + text_width(&label.lines[0], m.small);
            if x > m.pad && x + item_width > right {
                row += 1;
                x = m.pad;
            }
            let color = style.series_color(index);
            items.push(LegendItem { label, full_name, color, marker: Marker::for_series(index), x, row });
            x += item_width + m.small * 1.5;
        }
    }
    let rows = if unit.is_empty() && items.is_empty() { 0 } else { row + 1 };
    Header { unit, swatch, items, row_height, height: m.pad + rows as f64 * row_height + m.pad / 2.0 }
}

pub(super) fn draw_header(c: &mut Canvas, header: &Header, style: &ChartStyle, m: &Metrics) {
    let row_middle = |row: usize| m.pad + header.row_height * (row as f64 + 0.5);
    if !header.unit.is_empty() {
        c.text(&header.unit, (m.pad, row_middle(0)), Anchor::Start, m.small, style.muted);
    }
    for item in &header.items {
        let y = row_middle(item.row);
        let swatch_middle = item.x + SWATCH_WIDTH / 2.0;
        match header.swatch {
            Swatch::Block => c.rect((item.x + 3.0, y - 6.0), (item.x + SWATCH_WIDTH - 3.0, y + 6.0), item.color),
            Swatch::LineMarker => {
                c.line((item.x, y), (item.x + SWATCH_WIDTH, y), item.color, 2);
                c.marker(item.marker, (swatch_middle, y), 8.0, item.color);
            }
        }
        let text_x = item.x + SWATCH_WIDTH + 6.0;
        c.text(&item.label.lines[0], (text_x, y), Anchor::Start, m.small, style.text);
        if item.label.truncated {
            let width = text_width(&item.label.lines[0], m.small);
            c.tooltip((text_x, y - m.small / 2.0), (text_x + width, y + m.small / 2.0), &item.full_name);
        }
    }
}

/// A value axis: round ticks over the domain and their labels.
pub(super) struct ValueAxis {
    pub ticks: Ticks,
    labels: Vec<String>,
    /// Room the tick labels need left of the plot.
    pub label_width: f64,
}

pub(super) fn value_axis(domain: (f64, f64), texts: &dyn Texts, m: &Metrics) -> ValueAxis {
    let ticks = nice_ticks(domain.0, domain.1, 4);
    let thousands = texts.text("chart.thousands_separator", &[]);
    let labels: Vec<String> = ticks.values.iter().map(|&v| format_tick(v, ticks.decimals, &thousands)).collect();
    let label_width = labels.iter().map(|l| text_width(l, m.small)).fold(0.0, f64::max) + 6.0;
    ValueAxis { ticks, labels, label_width }
}

/// Horizontal grid lines at the ticks across `x0..x1`, labels to their left.
pub(super) fn draw_value_axis(c: &mut Canvas, axis: &ValueAxis, scale: &Linear, (x0, x1): (f64, f64), style: &ChartStyle, m: &Metrics) {
    for (value, label) in axis.ticks.values.iter().zip(&axis.labels) {
        let y = scale.map(*value);
        if *value != 0.0 {
            c.line((x0, y), (x1, y), style.grid, 1);
        }
        c.text(label, (x0 - 6.0, y), Anchor::End, m.small, style.muted);
    }
}

/// How category labels under the plot cope with too little room.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Crowding {
    /// Every label matters (brackets, stages): wrap onto two lines, shorten beyond; thin
    /// only when a label cannot be broken (a year).
    Wrap,
    /// A regular sequence (years, months): show every k-th label, always the last.
    Thin,
}

/// Category labels along the bottom of a plot with equal slots.
pub(super) struct CategoryLabels {
    labels: Vec<Option<Wrapped>>,
    pub height: f64,
    /// How far the last label reaches beyond the right edge of its slot.
    pub overhang: f64,
}

pub(super) fn category_labels(categories: &[String], slot: f64, crowding: Crowding, m: &Metrics) -> CategoryLabels {
    let widest = categories.iter().map(|c| text_width(c, m.small)).fold(0.0, f64::max);
    let room = (slot - 4.0).max(m.small);
    // Wrapping that would split "2024年" reads worse than leaving out every other label.
    let wrappable = crowding == Crowding::Wrap && categories.iter().all(|c| widest_piece(c, m.small) <= room);
    let labels: Vec<Option<Wrapped>> = if widest <= room {
        categories.iter().map(|c| Some(wrap(c, f64::INFINITY, m.small, 1))).collect()
    } else if wrappable {
        categories.iter().map(|c| Some(wrap(c, room, m.small, 2))).collect()
    } else {
        let step = ((widest + m.small) / slot.max(1.0)).ceil().max(1.0) as usize;
        let last = categories.len().saturating_sub(1);
        let shown = |i: usize| (last - i).is_multiple_of(step);
        categories.iter().enumerate().map(|(i, c)| shown(i).then(|| wrap(c, f64::INFINITY, m.small, 1))).collect()
    };
    let lines = labels.iter().flatten().map(|w| w.lines.len()).max().unwrap_or(1);
    let last_width = labels.last().cloned().flatten().map_or(0.0, |w| widest_line(&w, m.small));
    CategoryLabels { labels, height: lines as f64 * m.line_height(m.small) + 4.0, overhang: (last_width / 2.0 - slot / 2.0).max(0.0) }
}

fn widest_line(label: &Wrapped, size: f64) -> f64 {
    label.lines.iter().map(|l| text_width(l, size)).fold(0.0, f64::max)
}

/// Draws the labels centred under `center(i)`, starting at `top`.
pub(super) fn draw_category_labels(
    c: &mut Canvas,
    labels: &CategoryLabels,
    categories: &[String],
    center: impl Fn(usize) -> f64,
    top: f64,
    style: &ChartStyle,
    m: &Metrics,
) {
    let line_height = m.line_height(m.small);
    for (i, label) in labels.labels.iter().enumerate() {
        let Some(label) = label else { continue };
        let x = center(i);
        for (n, line) in label.lines.iter().enumerate() {
            c.text(line, (x, top + line_height * (n as f64 + 0.5)), Anchor::Middle, m.small, style.text);
        }
        if label.truncated {
            let half = widest_line(label, m.small) / 2.0;
            let full = categories.get(i).map_or("", String::as_str);
            c.tooltip((x - half, top), (x + half, top + line_height * label.lines.len() as f64), full);
        }
    }
}

/// A chart with nothing to draw: a short localized note in a low box, never an empty frame.
pub(super) fn no_data(style: &ChartStyle, texts: &dyn Texts) -> Svg {
    let m = Metrics::new(style);
    let height = (m.font * 4.0).round();
    let note = texts.text("chart.no_data", &[]);
    let body = draw_svg_body(m.width, height, |c| {
        c.text(&note, (m.width / 2.0, height / 2.0), Anchor::Middle, m.font, style.muted);
    });
    Svg { width: m.width, height, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn thinning_keeps_the_last_label() {
        let m = Metrics::new(&ChartStyle::default());
        let years = names(&["2015年", "2016年", "2017年", "2018年", "2019年", "2020年", "2021年"]);
        let labels = category_labels(&years, 20.0, Crowding::Thin, &m);
        assert!(labels.labels.last().unwrap().is_some());
        assert!(labels.labels.iter().any(Option::is_none));
    }

    #[test]
    fn wrapping_keeps_every_label() {
        let m = Metrics::new(&ChartStyle::default());
        let stages = names(&["签约项目", "开工项目", "投产项目"]);
        let labels = category_labels(&stages, 30.0, Crowding::Wrap, &m);
        assert!(labels.labels.iter().all(Option::is_some));
        assert!(labels.height > m.line_height(m.small) * 2.0);
    }

    #[test]
    fn labels_with_room_do_not_overhang() {
        let m = Metrics::new(&ChartStyle::default());
        let labels = category_labels(&names(&["1月", "2月"]), 100.0, Crowding::Thin, &m);
        assert_eq!(labels.overhang, 0.0);
        assert!(category_labels(&[], 10.0, Crowding::Thin, &m).labels.is_empty());
    }
}
