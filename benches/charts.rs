//! Drawing speed of each chart kind, and of the seven charts of one bulletin: a province site
//! draws ~3,000 bulletins × 7 charts, so charts must stay far from the slow part of a build.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gongbao::charts::{Chart, ChartKind, ChartStyle, Series, Value, render_figure};
use gongbao::model::Lang;
use gongbao::theme::Theme;

fn chart(kind: ChartKind, title: &str, categories: &[&str], series: &[(&str, &[f64])]) -> Chart {
    Chart {
        id: title.len().to_string(),
        kind,
        title: title.into(),
        unit: "亿元".into(),
        category_label: String::new(),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        series: series
            .iter()
            .map(|(name, values)| Series {
                name: name.to_string(),
                values: values.iter().map(|&v| Some(Value::new(v, format!("{v}")))).collect(),
            })
            .collect(),
        target: None,
    }
}

/// The seven charts of a bulletin.
fn bulletin() -> Vec<(&'static str, Chart)> {
    let regions = [
        "鹤岭土家族苗族自治县",
        "阿克塞哈萨克族自治县",
        "东城区",
        "西城区",
        "南山区",
        "北川羌族自治县",
        "青山湖区",
        "临港经济区",
        "白云县",
        "石门县",
        "红河县",
        "长宁县",
        "龙泉驿区",
        "高新区",
    ];
    let amounts = [301.25, 288.0, 260.4, 233.1, 201.0, 180.75, 150.0, 99.9, 87.0, 60.3, 45.0, 21.5, 8.25, 0.6];
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let months: Vec<&str> = months.iter().map(String::as_str).collect();
    let years = ["2019年", "2020年", "2021年", "2022年", "2023年", "2024年"];
    let cumulative = [3.2, 8.5, 12.0, 17.75, 21.0, 26.5, 30.0, 36.25, 41.0, 47.5, 52.8];
    vec![
        (
            "bars_sector",
            chart(
                ChartKind::Bars,
                "分产业协议投资额",
                &["先进制造业", "现代服务业", "文化旅游", "现代农业", "新能源"],
                &[("", &[812.5, 402.3, 96.0, 35.75, 12.0])],
            ),
        ),
        ("bars_regions", chart(ChartKind::Bars, "各县市区协议投资额排名", &regions, &[("", &amounts)])),
        (
            "columns_brackets",
            chart(
                ChartKind::Columns,
                "各规模项目个数",
                &["<1亿", "1–10亿", "10–50亿", "50–100亿", "≥100亿"],
                &[("", &[14.0, 23.0, 9.0, 3.0, 1.0])],
            ),
        ),
        (
            "line_cumulative",
            Chart {
                target: Some(Value::new(50.0, "50")), ..chart(ChartKind::Line, "累计签约额", &months, &[("全年签约额", &cumulative)])
            },
        ),
        ("columns_pipeline", chart(ChartKind::Columns, "项目推进情况", &["签约", "开工", "投产"], &[("", &[42.0, 25.0, 11.0])])),
        ("bars_scope", chart(ChartKind::Bars, "分来源到位资金", &["外资", "省外", "市外", "本地"], &[("", &[12.5, 40.0, 22.0, 8.0])])),
        (
            "line_trend",
            chart(
                ChartKind::Line,
                "主要指标历年走势",
                &years,
                &[
                    ("协议投资额", &[820.5, 910.0, 1033.6, 1102.0, 1250.3, 1733.7]),
                    ("新开工计划投资额", &[400.0, 455.5, 380.0, 520.0, 610.0, 702.25]),
                    ("到位资金", &[210.0, 260.0, 300.5, 280.0, 350.0, 420.0]),
                ],
            ),
        ),
    ]
}

fn each_kind(c: &mut Criterion) {
    let style = ChartStyle::default();
    let texts = Theme::built_in().strings(Lang::ZhHans);
    let mut group = c.benchmark_group("chart");
    group.throughput(Throughput::Elements(1));
    for (name, chart) in bulletin() {
        group.bench_function(name, |b| b.iter(|| render_figure(black_box(&chart), &style, &texts)));
    }
    group.finish();
}

fn one_bulletin(c: &mut Criterion) {
    let style = ChartStyle::default();
    let texts = Theme::built_in().strings(Lang::ZhHans);
    let charts = bulletin();
    let mut group = c.benchmark_group("bulletin");
    group.throughput(Throughput::Elements(charts.len() as u64));
    group.bench_function("seven_charts", |b| {
        b.iter(|| charts.iter().map(|(_, chart)| render_figure(black_box(chart), &style, &texts).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, each_kind, one_bulletin);
criterion_main!(benches);
