//! Vertical columns for a few ordered categories (size brackets, pipeline stages, years).
//! Values sit on the columns when they fit; otherwise a value axis with grid lines is drawn.

use super::canvas::{Anchor, draw_svg_body};
use super::data::Plot;
use super::frame::{
    CategoryLabels, Crowding, Header, Metrics, Swatch, ValueAxis, category_labels, draw_category_labels, draw_header, draw_value_axis,
    header, value_axis,
};
use super::scale::{Linear, domain_with_zero};
use super::text::text_width;
use super::{ChartStyle, Svg, Texts};

const PLOT_HEIGHT: f64 = 180.0;
/// Columns wider than this look like blocks when there are only one or two categories.
const MAX_COLUMN_WIDTH: f64 = 56.0;

struct Layout {
    header: Header,
    axis: Option<ValueAxis>,
    labels: CategoryLabels,
    /// Left and right edge of the plot.
    x_range: (f64, f64),
    slot: f64,
    column_width: f64,
    scale: Linear,
    labels_top: f64,
    height: f64,
}

fn layout(plot: &Plot, style: &ChartStyle, texts: &dyn Texts, m: &Metrics) -> Layout {
    let header = header(plot, style, texts, m, Swatch::Block);
    let categories = plot.categories();
    let count = categories.len().max(1) as f64;
    let series_count = plot.series.len().max(1) as f64;
    let widest_value = plot.series.iter().flat_map(|s| s.points()).map(|(_, d)| text_width(d.text, m.small)).fold(0.0, f64::max);

    let mut left = m.pad;
    let right = m.width - m.pad;
    // Values on the columns when each fits within its column's share of the slot.
    let labelled = widest_value <= (right - left) / count / series_count - 4.0;
    let domain = domain_with_zero(plot.numbers());
    let axis = (!labelled).then(|| value_axis(domain, texts, m));
    if let Some(axis) = &axis {
        left += axis.label_width;
    }
    let mut labels = category_labels(categories, (right - left) / count, Crowding::Wrap, m);
    let right = right - labels.overhang;
    let slot = (right - left) / count;
    labels = category_labels(categories, slot, Crowding::Wrap, m);
    let column_width = (slot * 0.7 / series_count).min(MAX_COLUMN_WIDTH);

    let value_room = if labelled { m.line_height(m.small) } else { m.small / 2.0 };
    let negative = domain.0 < 0.0;
    let top = header.height + value_room;
    // All zeros (labelled): a row of "0" on a baseline says it all; a tall empty plot would look broken.
    let all_zero = labelled && plot.numbers().all(|v| v == 0.0);
    let bottom = top + if all_zero { m.small } else { PLOT_HEIGHT };
    let scale = match &axis {
        Some(axis) => Linear { domain: (axis.ticks.first(), axis.ticks.last()), range: (bottom, top) },
        None => {
            let below = if negative { value_room } else { 0.0 };
            Linear { domain, range: (bottom - below, top) }
        }
    };
    let labels_top = bottom + 6.0;
    let height = labels_top + labels.height + m.pad;
    Layout { header, axis, labels, x_range: (left, right), slot, column_width, scale, labels_top, height }
}

pub(super) fn draw(plot: &Plot, style: &ChartStyle, texts: &dyn Texts) -> Svg {
    let m = Metrics::new(style);
    let l = layout(plot, style, texts, &m);
    let center = |i: usize| l.x_range.0 + l.slot * (i as f64 + 0.5);
    let body = draw_svg_body(m.width, l.height, |c| {
        draw_header(c, &l.header, style, &m);
        if let Some(axis) = &l.axis {
            draw_value_axis(c, axis, &l.scale, l.x_range, style, &m);
        }
        let zero = l.scale.map(0.0);
        let group_left = |i: usize| center(i) - l.column_width * plot.series.len() as f64 / 2.0;
        for (index, series) in plot.series.iter().enumerate() {
            for (i, datum) in series.points() {
                let x0 = group_left(i) + l.column_width * index as f64;
                let x1 = x0 + l.column_width - if plot.series.len() > 1 { 1.0 } else { 0.0 };
                let end = l.scale.map(datum.number);
                c.rect((x0, zero), (x1, end), style.series_color(index));
                if l.axis.is_none() {
                    let offset = m.line_height(m.small) / 2.0;
                    let y = if datum.number < 0.0 { end + offset } else { end - offset };
                    c.text(datum.text, ((x0 + x1) / 2.0, y), Anchor::Middle, m.small, style.text);
                }
            }
        }
        c.line((l.x_range.0, zero), (l.x_range.1, zero), style.axis, 1);
        draw_category_labels(c, &l.labels, plot.categories(), center, l.labels_top, style, &m);
    });
    Svg { width: m.width, height: l.height, body }
}

#[cfg(test)]
mod tests {
    use super::super::{Chart, Series, Value};
    use super::*;

    use super::super::snapshot_tests::Keys;

    fn chart(values: &[f64], text: &str) -> Chart {
        Chart {
            categories: (0..values.len()).map(|i| format!("{}年", 2015 + i)).collect(),
            series: vec![Series { name: String::new(), values: values.iter().map(|&v| Some(Value::new(v, text))).collect() }],
            ..Chart::default()
        }
    }

    #[test]
    fn short_values_are_written_on_the_columns() {
        let c = chart(&[1.0, 2.0, 3.0], "12");
        let style = ChartStyle::default();
        let l = layout(&Plot::new(&c), &style, &Keys, &Metrics::new(&style));
        assert!(l.axis.is_none());
    }

    #[test]
    fn crowded_values_get_an_axis_instead() {
        let c = chart(&[1.0; 10], "1733.75");
        let style = ChartStyle::default();
        let l = layout(&Plot::new(&c), &style, &Keys, &Metrics::new(&style));
        assert!(l.axis.is_some());
        assert!(l.x_range.0 < l.x_range.1);
    }

    #[test]
    fn one_column_is_not_a_block() {
        let c = chart(&[4.0], "4");
        let style = ChartStyle::default();
        let l = layout(&Plot::new(&c), &style, &Keys, &Metrics::new(&style));
        assert!(l.column_width <= MAX_COLUMN_WIDTH);
    }
}
