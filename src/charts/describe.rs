//! The `<desc>` of a chart: sentences written from its data in the page's language (highest and
//! lowest, the trend, when a target was passed), for readers who cannot see the drawing.

use super::ChartKind;
use super::Texts;
use super::data::{Datum, Plot, SeriesData};

pub(super) fn describe(plot: &Plot, texts: &dyn Texts) -> String {
    if plot.is_empty() {
        return texts.text("chart.no_data", &[]);
    }
    let mut sentences = Vec::new();
    for series in plot.series.iter().filter(|s| s.points().next().is_some()) {
        match plot.chart.kind {
            ChartKind::Line => sentences.extend(trend(plot, series, texts)),
            ChartKind::Bars | ChartKind::Columns => {
                let comparison = comparison(plot, series, texts);
                if plot.series.len() > 1 {
                    let prefix = texts.text("chart.desc.series_prefix", &[("series", plot.series_name(series))]);
                    sentences.push(prefix + &comparison);
                } else {
                    sentences.push(comparison);
                }
            }
        }
    }
    if plot.chart.kind == ChartKind::Line {
        sentences.extend(target_sentence(plot, texts));
    }
    sentences.join(&texts.text("chart.desc.separator", &[]))
}

/// The name of the category at `index`.
fn name<'a>(plot: &Plot<'a>, index: usize) -> &'a str {
    plot.categories().get(index).map_or("", String::as_str)
}

/// Named categories: the highest and the lowest, or what they all share.
fn comparison(plot: &Plot, series: &SeriesData, texts: &dyn Texts) -> String {
    let unit = plot.chart.unit.as_str();
    let count = series.points().count();
    let Some(((max_i, max), (min_i, min))) = series.extremes() else { return String::new() };
    if count == 1 {
        return texts.text("chart.desc.only", &[("name", name(plot, max_i)), ("value", max.text), ("unit", unit)]);
    }
    if max.number == min.number {
        let count = count.to_string();
        return texts.text("chart.desc.all_equal", &[("count", &count), ("value", max.text), ("unit", unit)]);
    }
    texts.text(
        "chart.desc.highest_lowest",
        &[("max_name", name(plot, max_i)), ("max", max.text), ("min_name", name(plot, min_i)), ("min", min.text), ("unit", unit)],
    )
}

/// Values over time: from the first to the last, and the peak when it lies in between.
fn trend(plot: &Plot, series: &SeriesData, texts: &dyn Texts) -> Vec<String> {
    let unit = plot.chart.unit.as_str();
    let series_name = plot.series_name(series);
    let points: Vec<(usize, Datum)> = series.points().collect();
    let (Some(&(first_i, first)), Some(&(last_i, last))) = (points.first(), points.last()) else { return Vec::new() };
    if points.len() == 1 {
        let args = [("series", series_name), ("name", name(plot, first_i)), ("value", first.text), ("unit", unit)];
        return vec![texts.text("chart.desc.single_point", &args)];
    }
    let key = if last.number > first.number {
        "chart.desc.rise"
    } else if last.number < first.number {
        "chart.desc.fall"
    } else {
        "chart.desc.flat"
    };
    let args = [
        ("series", series_name),
        ("first_name", name(plot, first_i)),
        ("first", first.text),
        ("last_name", name(plot, last_i)),
        ("last", last.text),
        ("unit", unit),
    ];
    let mut sentences = vec![texts.text(key, &args)];
    let peak = series.extremes().map(|(max, _)| max).filter(|(_, max)| max.number > first.number && max.number > last.number);
    if let Some((max_i, max)) = peak {
        sentences.push(texts.text("chart.desc.peak", &[("max_name", name(plot, max_i)), ("max", max.text), ("unit", unit)]));
    }
    sentences
}

/// When the first series reached the target, or that it has not yet.
fn target_sentence(plot: &Plot, texts: &dyn Texts) -> Option<String> {
    let target = plot.target?;
    let series = plot.series.iter().find(|s| s.points().next().is_some())?;
    let unit = plot.chart.unit.as_str();
    let series_name = plot.series_name(series);
    let reached = series.points().find(|(_, d)| d.number >= target.number);
    let (key, index) = match reached {
        Some((i, d)) if d.number == target.number => ("chart.desc.target_met", i),
        Some((i, _)) => ("chart.desc.target_passed", i),
        None => ("chart.desc.target_not_passed", series.points().last()?.0),
    };
    let args = [("series", series_name), ("name", name(plot, index)), ("target", target.text), ("unit", unit)];
    Some(texts.text(key, &args))
}

#[cfg(test)]
mod tests {
    use super::super::snapshot_tests::{bars, cumulative, yaml_texts};
    use super::super::{Chart, ChartKind, Series, Value};
    use super::*;

    fn text_of(chart: &Chart, language: &str) -> String {
        describe(&Plot::new(chart), &yaml_texts(language))
    }

    #[test]
    fn bars_name_highest_and_lowest() {
        let chart = bars(&[("工业", 52.8), ("服务业", 12.5), ("农业", 3.0)]);
        assert_eq!(text_of(&chart, "zh-Hans"), "工业最高，为52.8亿元；农业最低，为3亿元。");
        assert_eq!(text_of(&chart, "en"), "Highest: 工业, 52.8 亿元; lowest: 农业, 3 亿元.");
    }

    #[test]
    fn single_and_equal_values() {
        assert_eq!(text_of(&bars(&[("工业", 5.0)]), "zh-Hans"), "工业为5亿元。");
        assert_eq!(text_of(&bars(&[("甲", 0.0), ("乙", 0.0)]), "zh-Hans"), "2项均为0亿元。");
    }

    #[test]
    fn cumulative_says_when_the_target_was_passed() {
        let chart = cumulative(&[5.0, 12.0, 20.0, 33.0, 41.0, 48.0, 50.5, 60.0], 50.0);
        assert_eq!(text_of(&chart, "zh-Hans"), "全年签约额从1月的5亿元增至8月的60亿元。全年签约额在7月超过目标50亿元。");
        let short = cumulative(&[5.0, 12.0], 50.0);
        assert!(text_of(&short, "zh-Hans").ends_with("截至2月，全年签约额尚未达到目标50亿元。"));
    }

    #[test]
    fn trend_with_a_peak_between() {
        let chart = Chart {
            kind: ChartKind::Line,
            unit: "亿元".into(),
            categories: vec!["2022年".into(), "2023年".into(), "2024年".into()],
            series: vec![Series {
                name: "到位资金".into(),
                values: vec![Some(Value::new(3.0, "3")), Some(Value::new(9.5, "9.5")), Some(Value::new(2.0, "2"))],
            }],
            ..Chart::default()
        };
        assert_eq!(text_of(&chart, "zh-Hans"), "到位资金从2022年的3亿元降至2024年的2亿元。2023年最高，为9.5亿元。");
    }

    #[test]
    fn nothing_to_describe() {
        assert_eq!(text_of(&Chart::default(), "zh-Hant"), "暫無數據");
    }
}
