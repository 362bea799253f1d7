//! Lines over time (years, months): one per series with a distinct marker, a value axis, an
//! optional dashed target line labelled on the side away from the data, and gaps where values
//! are missing (months after the `as_of` date simply end the line).

use super::canvas::{Anchor, Canvas, Marker, Point, draw_svg_body};
use super::data::{Plot, SeriesData};
use super::frame::{
    CategoryLabels, Crowding, Header, Metrics, Swatch, ValueAxis, category_labels, draw_category_labels, draw_header, draw_value_axis,
    header, value_axis,
};
use super::scale::{Linear, domain_with_zero};
use super::text::text_width;
use super::{ChartStyle, Svg, Texts};

const PLOT_HEIGHT: f64 = 170.0;
const MARKER_SIZE: f64 = 7.0;

struct Layout {
    header: Header,
    axis: ValueAxis,
    labels: CategoryLabels,
    x_range: (f64, f64),
    slot: f64,
    scale: Linear,
    labels_top: f64,
    height: f64,
}

fn layout(plot: &Plot, style: &ChartStyle, texts: &dyn Texts, m: &Metrics) -> Layout {
    let header = header(plot, style, texts, m, Swatch::LineMarker);
    let categories = plot.categories();
    let count = categories.len().max(1) as f64;
    let target = plot.target.map(|t| t.number);
    let axis = value_axis(domain_with_zero(plot.numbers().chain(target)), texts, m);
    let left = m.pad + axis.label_width;
    let right = m.width - m.pad;
    let overhang = category_labels(categories, (right - left) / count, Crowding::Thin, m).overhang;
    let right = right - overhang;
    let slot = (right - left) / count;
    let labels = category_labels(categories, slot, Crowding::Thin, m);
    // Room above the plot for the top tick label and a value written over the highest point.
    let top = header.height + m.line_height(m.small);
    let bottom = top + PLOT_HEIGHT;
    let scale = Linear { domain: (axis.ticks.first(), axis.ticks.last()), range: (bottom, top) };
    let labels_top = bottom + 6.0;
    let height = labels_top + labels.height + m.pad;
    Layout { header, axis, labels, x_range: (left, right), slot, scale, labels_top, height }
}

pub(super) fn draw(plot: &Plot, style: &ChartStyle, texts: &dyn Texts) -> Svg {
    let m = Metrics::new(style);
    let l = layout(plot, style, texts, &m);
    let center = |i: usize| l.x_range.0 + l.slot * (i as f64 + 0.5);
    let body = draw_svg_body(m.width, l.height, |c| {
        draw_header(c, &l.header, style, &m);
        draw_value_axis(c, &l.axis, &l.scale, l.x_range, style, &m);
        let zero = l.scale.map(0.0);
        c.line((l.x_range.0, zero), (l.x_range.1, zero), style.axis, 1);
        if let Some(target) = plot.target {
            let text = texts.text("chart.target_label", &[("target", target.text), ("unit", &plot.chart.unit)]);
            draw_target(c, plot, &l, target.number, &text, style, &m);
        }
        for (index, series) in plot.series.iter().enumerate() {
            let points: Vec<(usize, Point)> = series.points().map(|(i, d)| (i, (center(i), l.scale.map(d.number)))).collect();
            draw_series(c, &points, index, style);
        }
        if let [series] = plot.series.as_slice() {
            let target_y = plot.target.map(|t| l.scale.map(t.number));
            label_last_value(c, series, &l, center, target_y, style, &m);
        }
        draw_category_labels(c, &l.labels, plot.categories(), center, l.labels_top, style, &m);
    });
    Svg { width: m.width, height: l.height, body }
}

/// A line through consecutive points (broken where values are missing) and a marker on each.
fn draw_series(c: &mut Canvas, points: &[(usize, Point)], index: usize, style: &ChartStyle) {
    let color = style.series_color(index);
    let mut run: Vec<Point> = Vec::new();
    let mut previous: Option<usize> = None;
    for &(i, point) in points {
        if previous.is_some_and(|p| p + 1 != i) {
            c.polyline(&run, color, 2);
            run.clear();
        }
        run.push(point);
        previous = Some(i);
    }
    c.polyline(&run, color, 2);
    for &(_, point) in points {
        c.marker(Marker::for_series(index), point, MARKER_SIZE, color);
    }
}

/// The dashed target line, its label at whichever end the data keeps farther away from it.
fn draw_target(c: &mut Canvas, plot: &Plot, l: &Layout, target: f64, text: &str, style: &ChartStyle, m: &Metrics) {
    let y = l.scale.map(target);
    c.dashed_hline(y, l.x_range, 8.0, style.target, 2);
    let distance_at = |first: bool| {
        let mut points = plot.series.iter().flat_map(SeriesData::points);
        let point = if first { points.next() } else { points.last() };
        point.map_or(f64::INFINITY, |(_, d)| (l.scale.map(d.number) - y).abs())
    };
    let at_left = distance_at(true) >= distance_at(false);
    let offset = m.line_height(m.small) / 2.0 + 1.0;
    let above = y - offset;
    let label_y = if above - m.small / 2.0 < l.scale.range.1 - offset { y + offset } else { above };
    if at_left {
        c.text(text, (l.x_range.0 + 4.0, label_y), Anchor::Start, m.small, style.target);
    } else {
        c.text(text, (l.x_range.1 - 4.0, label_y), Anchor::End, m.small, style.target);
    }
}

/// Writes the latest value by the last point (the figure readers look for): on the side the
/// line does not come from and off the target line, kept inside the drawing however narrow the
/// last slot is.
fn label_last_value(
    c: &mut Canvas,
    series: &SeriesData,
    l: &Layout,
    center: impl Fn(usize) -> f64,
    target_y: Option<f64>,
    style: &ChartStyle,
    m: &Metrics,
) {
    let points: Vec<_> = series.points().collect();
    let Some(&(i, datum)) = points.last() else { return };
    let y = l.scale.map(datum.number);
    let comes_from_above = points.len() > 1 && points[points.len() - 2].0 + 1 == i && l.scale.map(points[points.len() - 2].1.number) < y;
    let offset = MARKER_SIZE / 2.0 + m.small * 0.75;
    let (above, below) = (y - offset, y + offset);
    let on_target = |label_y: f64| target_y.is_some_and(|t| (label_y - t).abs() < m.small * 0.8);
    let fits_below = below + m.small / 2.0 <= l.scale.range.0 && !on_target(below);
    let y = if (comes_from_above || on_target(above)) && fits_below { below } else { above };
    let half = text_width(datum.text, m.small) / 2.0;
    let x = center(i).min(m.width - m.pad - half).max(half);
    c.text(datum.text, (x, y), Anchor::Middle, m.small, style.text);
}

#[cfg(test)]
mod tests {
    use super::super::{Chart, ChartKind, Series, Value};
    use super::*;

    use super::super::snapshot_tests::Keys;

    fn months(values: &[Option<f64>], target: Option<f64>) -> Chart {
        Chart {
            kind: ChartKind::Line,
            categories: (1..=12).map(|i| format!("{i}月")).collect(),
            series: vec![Series {
                name: "累计签约额".into(),
                values: values.iter().map(|v| v.map(|v| Value::new(v, format!("{v}")))).collect(),
            }],
            target: target.map(|t| Value::new(t, format!("{t}"))),
            ..Chart::default()
        }
    }

    #[test]
    fn the_axis_reaches_the_target() {
        let c = months(&[Some(5.0), Some(9.0)], Some(80.0));
        let style = ChartStyle::default();
        let l = layout(&Plot::new(&c), &style, &Keys, &Metrics::new(&style));
        assert!(l.axis.ticks.last() >= 80.0);
    }

    #[test]
    fn missing_values_break_the_line() {
        let c = months(&[Some(1.0), Some(2.0), None, Some(4.0), Some(5.0)], None);
        let svg = draw(&Plot::new(&c), &ChartStyle::default(), &Keys);
        assert_eq!(svg.body.matches("<polyline").count(), 2);
        assert_eq!(svg.body.matches("<circle").count(), 4);
    }

    #[test]
    fn the_last_value_stays_off_the_target_line() {
        let chart = months(&[Some(7.5), Some(58.0), Some(74.4)], Some(80.0));
        let plot = Plot::new(&chart);
        let svg = draw(&plot, &ChartStyle::default(), &Keys).body;
        let m = Metrics::new(&ChartStyle::default());
        let l = layout(&plot, &ChartStyle::default(), &Keys, &m);
        let target_y = l.scale.map(80.0);
        let label = svg.split("74.4").next().and_then(|before| before.rsplit(" y=\"").next()).unwrap_or("");
        let label_y: f64 = label.split('"').next().and_then(|y| y.parse().ok()).unwrap_or(target_y);
        assert!((label_y - target_y).abs() >= m.small * 0.8, "label at {label_y}, target at {target_y}");
    }

    #[test]
    fn the_last_month_label_is_inside_the_drawing() {
        let c = months(&[Some(1.0); 12], None);
        let style = ChartStyle::default();
        let m = Metrics::new(&style);
        let l = layout(&Plot::new(&c), &style, &Keys, &m);
        let last_center = l.x_range.0 + l.slot * 11.5;
        assert!(last_center + text_width("12月", m.small) / 2.0 <= m.width);
    }
}
