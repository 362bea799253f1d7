//! Snapshot tests of every chart kind and edge case (the SVGs are reviewed as files under
//! `snapshots/`), checks of the chart strings of the built-in theme, and the fixtures the other modules' tests share.

use std::collections::BTreeMap;

use super::{Chart, ChartKind, ChartStyle, Series, Texts, Value, render_figure};
use crate::i18n::fill as fill_placeholders;

/// Texts that are their own keys: tests about layout, not words.
pub(super) struct Keys;

impl Texts for Keys {
    fn text(&self, key: &str, _: &[(&str, &str)]) -> String {
        key.to_string()
    }
}

/// One language's chart strings, as the built-in theme gives them.
pub(super) struct YamlTexts(BTreeMap<String, String>);

impl Texts for YamlTexts {
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        match self.0.get(key) {
            Some(template) => fill_placeholders(template, args),
            None => panic!("the built-in theme has no {key}"),
        }
    }
}

fn all_languages() -> BTreeMap<String, BTreeMap<String, String>> {
    let theme = crate::theme::Theme::built_in();
    crate::model::Lang::ALL
        .into_iter()
        .map(|lang| {
            let strings = theme.strings(lang);
            let charts = strings.all().iter().filter(|(k, _)| k.starts_with("chart.")).map(|(k, v)| (k.clone(), v.clone()));
            (lang.code().to_string(), charts.collect())
        })
        .collect()
}

pub(super) fn yaml_texts(language: &str) -> YamlTexts {
    YamlTexts(all_languages().remove(language).unwrap_or_default())
}

fn value(number: f64) -> Option<Value> {
    Some(Value::new(number, format!("{number}")))
}

/// "分产业协议投资额" bars from (name, amount) pairs.
pub(super) fn bars(rows: &[(&str, f64)]) -> Chart {
    Chart {
        id: "by-sector".into(),
        kind: ChartKind::Bars,
        title: "分产业协议投资额".into(),
        unit: "亿元".into(),
        categories: rows.iter().map(|(name, _)| name.to_string()).collect(),
        series: vec![Series { name: String::new(), values: rows.iter().map(|&(_, v)| value(v)).collect() }],
        ..Chart::default()
    }
}

/// Cumulative signed amount for the first months of a year, against `target`.
pub(super) fn cumulative(months: &[f64], target: f64) -> Chart {
    Chart {
        id: "by-month".into(),
        kind: ChartKind::Line,
        title: "累计签约额".into(),
        unit: "亿元".into(),
        category_label: "月份".into(),
        categories: (1..=12).map(|m| format!("{m}月")).collect(),
        series: vec![Series { name: "全年签约额".into(), values: months.iter().map(|&v| value(v)).collect() }],
        target: value(target),
    }
}

fn columns(id: &str, title: &str, unit: &str, rows: &[(&str, f64)]) -> Chart {
    Chart { id: id.into(), kind: ChartKind::Columns, title: title.into(), unit: unit.into(), ..bars(rows) }
}

fn trend(years: &[&str], series: &[(&str, &[f64])]) -> Chart {
    Chart {
        id: "trend".into(),
        kind: ChartKind::Line,
        title: "主要指标历年走势".into(),
        unit: "亿元".into(),
        category_label: "年份".into(),
        categories: years.iter().map(|y| y.to_string()).collect(),
        series: series
            .iter()
            .map(|(name, values)| Series { name: name.to_string(), values: values.iter().map(|&v| value(v)).collect() })
            .collect(),
        target: None,
    }
}

const REGIONS: [(&str, f64); 14] = [
    ("鹤岭土家族苗族自治县", 301.25),
    ("阿克塞哈萨克族自治县", 288.0),
    ("东城区", 260.4),
    ("西湖高新技术产业开发区管理委员会（托管乡镇）", 233.1),
    ("南山区", 201.0),
    ("北川羌族自治县", 180.75),
    ("<script>alert(1)</script>", 150.0),
    ("青山湖区", 99.9),
    ("临港经济区", 87.0),
    ("白云县", 60.3),
    ("石门县", 45.0),
    ("红河县", 21.5),
    ("长宁县", 8.25),
    ("龙泉驿区", 0.6),
];

/// Every chart kind and edge case, by snapshot name (also its id, unique as on a page).
fn cases() -> Vec<(&'static str, Chart)> {
    let mut cases = fixtures();
    for (name, chart) in &mut cases {
        chart.id = name.replace('_', "-");
    }
    cases
}

fn fixtures() -> Vec<(&'static str, Chart)> {
    let years = ["2019年", "2020年", "2021年", "2022年", "2023年", "2024年"];
    vec![
        (
            "bars_by_sector",
            bars(&[("先进制造业", 812.5), ("现代服务业", 402.3), ("文化旅游", 96.0), ("现代农业", 35.75), ("新能源", 12.0)]),
        ),
        ("bars_14_regions", Chart { id: "by-region".into(), title: "各县市区协议投资额排名".into(), ..bars(&REGIONS) }),
        ("bars_negative", bars(&[("工业", 35.5), ("服务业", -12.25), ("农业", -3.0), ("其他", 0.0)])),
        ("bars_all_zeros", bars(&[("外资", 0.0), ("省外", 0.0), ("市外", 0.0), ("本地", 0.0)])),
        ("bars_one", bars(&[("先进制造业", 52.8)])),
        ("bars_script", bars(&[("<script>alert(1)</script>", 5.0), ("A&B \"产业\"", 2.0)])),
        (
            "columns_brackets",
            columns(
                "by-size",
                "各规模项目个数",
                "个",
                &[("<1亿", 14.0), ("1–10亿", 23.0), ("10–50亿", 9.0), ("50–100亿", 3.0), ("≥100亿", 1.0)],
            ),
        ),
        ("columns_pipeline", columns("pipeline", "项目推进情况", "个", &[("签约", 42.0), ("开工", 25.0), ("投产", 11.0)])),
        (
            "columns_ten_years",
            columns(
                "funds",
                "项目历年到位资金",
                "亿元",
                &[
                    ("2015年", 1.25),
                    ("2016年", 3.5),
                    ("2017年", 12.75),
                    ("2018年", 20.05),
                    ("2019年", 18.4),
                    ("2020年", 9.35),
                    ("2021年", 31.62),
                    ("2022年", 40.0),
                    ("2023年", 15.55),
                    ("2024年", 1733.75),
                ],
            ),
        ),
        ("columns_negative", columns("change", "到位资金增减", "亿元", &[("2022年", 4.5), ("2023年", -2.25), ("2024年", 1.0)])),
        ("columns_one", columns("funds", "项目历年到位资金", "亿元", &[("2024年", 6.5)])),
        ("columns_all_zeros", columns("pipeline", "项目推进情况", "个", &[("签约", 0.0), ("开工", 0.0), ("投产", 0.0)])),
        ("line_cumulative", cumulative(&[3.2, 8.5, 12.0, 17.75, 21.0, 26.5, 30.0, 36.25, 41.0, 47.5, 52.8], 50.0)),
        ("line_cumulative_early", cumulative(&[3.2, 8.5, 12.0], 50.0)),
        (
            "line_trend_three_series",
            trend(
                &years,
                &[
                    ("协议投资额", &[820.5, 910.0, 1033.6, 1102.0, 1250.3, 1733.7]),
                    ("新开工计划投资额", &[400.0, 455.5, 380.0, 520.0, 610.0, 702.25]),
                    ("到位资金", &[210.0, 260.0, 300.5, 280.0, 350.0, 420.0]),
                ],
            ),
        ),
        ("line_one_point", trend(&["2024年"], &[("协议投资额", &[52.8])])),
        ("line_all_zeros", trend(&years[..3], &[("到位资金", &[0.0, 0.0, 0.0])])),
        ("line_negative", trend(&years, &[("净增额", &[5.0, -3.5, -8.0, 2.0, 6.5, -1.0])])),
        (
            "columns_two_series",
            Chart {
                kind: ChartKind::Columns,
                id: "funds-by-year".into(),
                title: "历年协议投资额与到位资金".into(),
                ..trend(&years[2..], &[("协议投资额", &[103.5, 110.0, 125.25, 173.0]), ("到位资金", &[30.0, 28.5, 35.0, 42.0])])
            },
        ),
        (
            "bars_two_series",
            Chart {
                kind: ChartKind::Bars,
                id: "by-scope".into(),
                title: "分来源到位资金".into(),
                ..trend(&["外资", "省外", "市外", "本地"], &[("2023年", &[12.5, 40.0, 22.0, 8.0]), ("2024年", &[15.0, 52.5, 18.0, 9.5])])
            },
        ),
        ("no_data", Chart { series: vec![], ..bars(&[("工业", 1.0)]) }),
    ]
}

fn render(chart: &Chart, language: &str) -> String {
    render_figure(chart, &ChartStyle::default(), &yaml_texts(language))
}

#[test]
fn snapshots_of_every_kind_and_edge_case() {
    for (name, chart) in cases() {
        insta::assert_snapshot!(name, render(&chart, "zh-Hans"));
    }
}

#[test]
fn snapshots_in_other_languages() {
    let mut chart = cases().swap_remove(0).1;
    chart.id = "bars-by-sector-en".into();
    chart.title = "Signed investment by sector".into();
    chart.unit = "CNY 100m".into();
    insta::assert_snapshot!("bars_by_sector_en", render(&chart, "en"));
    let chart = Chart { id: "line-cumulative-zh-hant".into(), ..cumulative(&[3.2, 8.5, 12.0, 60.0], 50.0) };
    insta::assert_snapshot!("line_cumulative_zh_hant", render(&chart, "zh-Hant"));
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    for (_, chart) in cases() {
        assert_eq!(render(&chart, "zh-Hans"), render(&chart.clone(), "zh-Hans"));
    }
}

#[test]
fn no_markup_from_the_data_survives() {
    for (_, chart) in cases() {
        let html = render(&chart, "zh-Hans");
        assert!(!html.contains("<script"), "{}", chart.id);
    }
}

#[test]
fn every_figure_is_accessible() {
    for (name, chart) in cases() {
        let html = render(&chart, "en");
        for part in [
            "<figure",
            "<figcaption>",
            "role=\"img\"",
            "aria-labelledby=\"chart-",
            "-title\">",
            "-desc\">",
            "viewBox=\"0 0 400 ",
            "width=\"100%\"",
        ] {
            assert!(html.contains(part), "{name} lacks {part}");
        }
        assert_eq!(html.contains("<details"), name != "no_data", "{name}");
    }
}

#[test]
fn hostile_inputs_do_not_panic() {
    let nan = Value::new(f64::NAN, "NaN");
    let huge = Value::new(f64::MAX, "max");
    let tiny = Value::new(-f64::MAX, "-max");
    for kind in [ChartKind::Bars, ChartKind::Columns, ChartKind::Line] {
        let charts = [
            Chart { kind, ..Chart::default() },
            Chart { kind, categories: vec!["甲".into()], ..Chart::default() },
            Chart { kind, series: vec![Series { name: "x".into(), values: vec![value(1.0); 5] }], ..Chart::default() },
            Chart {
                kind,
                categories: vec![String::new(), "乙".repeat(500), "丙".into()],
                series: vec![
                    Series { name: String::new(), values: vec![Some(nan.clone()), Some(huge.clone()), Some(tiny.clone()), value(1.0)] },
                    Series { name: "长".repeat(300), values: vec![] },
                ],
                target: Some(Value::new(f64::INFINITY, "inf")),
                ..Chart::default()
            },
            Chart {
                kind,
                categories: (0..400).map(|i| i.to_string()).collect(),
                series: vec![Series { name: String::new(), values: (0..400).map(|i| value(f64::from(i))).collect() }],
                target: value(1e-300),
                ..Chart::default()
            },
        ];
        for chart in charts {
            for style in [ChartStyle::default(), ChartStyle { width: 0, font_size: 0, palette: vec![], ..ChartStyle::default() }] {
                let html = render_figure(&chart, &style, &yaml_texts("en"));
                assert!(html.ends_with("</figure>\n"));
            }
        }
    }
}

#[test]
fn every_language_has_every_key_with_the_same_placeholders() {
    let languages = all_languages();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["en", "zh-Hans", "zh-Hant"]);
    let placeholders = |s: &str| -> Vec<String> {
        let mut found: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(name, _)| name.to_string()).collect();
        found.sort();
        found
    };
    let reference = &languages["zh-Hans"];
    for (language, table) in &languages {
        assert_eq!(table.keys().collect::<Vec<_>>(), reference.keys().collect::<Vec<_>>(), "{language}");
        for (key, text) in table {
            assert_eq!(placeholders(text), placeholders(&reference[key]), "{language} {key}");
        }
    }
}

#[test]
fn every_key_the_code_asks_for_exists() {
    let sources = [
        include_str!("bars.rs"),
        include_str!("columns.rs"),
        include_str!("describe.rs"),
        include_str!("frame.rs"),
        include_str!("line.rs"),
        include_str!("table.rs"),
    ];
    let reference = &all_languages()["zh-Hans"];
    let mut asked = 0;
    for source in sources {
        for piece in source.split("\"chart.").skip(1) {
            let key = format!("chart.{}", piece.split('"').next().unwrap_or_default());
            assert!(reference.contains_key(&key), "the built-in theme lacks {key}");
            asked += 1;
        }
    }
    assert!(asked >= 20);
}
