//! The caller's chart data made safe to draw: one slot per category in every series, values
//! with non-finite numbers dropped, so the drawing code never meets a length mismatch or NaN.

use super::{Chart, Value};

/// A value that can be drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Datum<'a> {
    pub number: f64,
    pub text: &'a str,
}

pub(super) struct SeriesData<'a> {
    pub name: &'a str,
    /// Exactly one entry per category.
    pub values: Vec<Option<Datum<'a>>>,
}

impl SeriesData<'_> {
    /// (category index, datum) of every drawable value, in category order.
    pub fn points(&self) -> impl Iterator<Item = (usize, Datum<'_>)> + '_ {
        self.values.iter().enumerate().filter_map(|(i, v)| v.map(|d| (i, d)))
    }

    /// The first largest and first smallest value.
    pub fn extremes(&self) -> Option<((usize, Datum<'_>), (usize, Datum<'_>))> {
        let mut points = self.points();
        let first = points.next()?;
        Some(points.fold((first, first), |(max, min), p| {
            (if p.1.number > max.1.number { p } else { max }, if p.1.number < min.1.number { p } else { min })
        }))
    }
}

pub(super) struct Plot<'a> {
    pub chart: &'a Chart,
    pub series: Vec<SeriesData<'a>>,
    /// The target, when it can be drawn.
    pub target: Option<Datum<'a>>,
}

fn drawable(value: &Value) -> Option<Datum<'_>> {
    value.number.is_finite().then_some(Datum { number: value.number, text: &value.text })
}

impl<'a> Plot<'a> {
    pub fn new(chart: &'a Chart) -> Plot<'a> {
        let count = chart.categories.len();
        let series = chart
            .series
            .iter()
            .map(|s| SeriesData {
                name: &s.name,
                values: (0..count).map(|i| s.values.get(i).and_then(Option::as_ref).and_then(drawable)).collect(),
            })
            .collect();
        Plot { chart, series, target: chart.target.as_ref().and_then(drawable) }
    }

    pub fn categories(&self) -> &'a [String] {
        &self.chart.categories
    }

    /// Nothing to draw: no categories, no series, or not one finite value.
    pub fn is_empty(&self) -> bool {
        self.series.iter().all(|s| s.values.iter().all(Option::is_none))
    }

    /// Every drawable number of every series.
    pub fn numbers(&self) -> impl Iterator<Item = f64> + '_ {
        self.series.iter().flat_map(|s| s.points().map(|(_, d)| d.number))
    }

    /// The name a series goes by in sentences: its own, or the chart's title for an unnamed one.
    pub fn series_name(&self, series: &SeriesData<'a>) -> &'a str {
        if series.name.trim().is_empty() { &self.chart.title } else { series.name }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Series;
    use super::*;

    fn chart(values: Vec<Option<Value>>, categories: usize) -> Chart {
        Chart {
            categories: (0..categories).map(|i| format!("c{i}")).collect(),
            series: vec![Series { name: String::new(), values }],
            ..Chart::default()
        }
    }

    #[test]
    fn values_are_aligned_to_categories() {
        let c = chart(vec![Some(Value::new(1.0, "1")), None, Some(Value::new(3.0, "3"))], 2);
        let plot = Plot::new(&c);
        assert_eq!(plot.series[0].values.len(), 2);
        let c = chart(vec![Some(Value::new(1.0, "1"))], 3);
        assert_eq!(Plot::new(&c).series[0].values.len(), 3);
    }

    #[test]
    fn non_finite_numbers_are_not_drawn() {
        let c = chart(vec![Some(Value::new(f64::NAN, "?")), Some(Value::new(f64::INFINITY, "∞"))], 2);
        assert!(Plot::new(&c).is_empty());
        assert!(Plot::new(&chart(vec![], 0)).is_empty());
        assert!(Plot::new(&Chart::default()).is_empty());
    }

    #[test]
    fn extremes_take_the_first_of_ties() {
        let c = chart(
            vec![Some(Value::new(2.0, "2")), Some(Value::new(5.0, "5")), Some(Value::new(5.0, "5")), Some(Value::new(-1.0, "-1"))],
            4,
        );
        let plot = Plot::new(&c);
        let ((max_i, _), (min_i, _)) = plot.series[0].extremes().unwrap();
        assert_eq!((max_i, min_i), (1, 3));
    }
}
