//! Speed of the figures engine at province scale: 100,000 projects over 300
//! regions (a province, 15 cities, 284 counties) and 10 years, with an
//! annual file (targets and a baseline) for every region and year. Timed:
//! `Figures::compute`, then every indicator of every region and year, which
//! is what a build of all bulletins asks for, and with them every 1—N月
//! figure of the monthly 通报 (`periods: [month]`).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use gongbao::diag::{Location, Span};
use gongbao::model::{
    Annual, Dataset, Date, Expected, Funds, Kind, Lang, Metric, MetricValues, Project, Region, RegionKind, Regions, Scope, Sector, Site,
    Status, Unit,
};
use gongbao::stats::Figures;
use gongbao::stats::period::PERIOD_METRICS;
use rust_decimal::Decimal;

const PROJECTS: usize = 100_000;
const CITIES: usize = 15;
const COUNTIES: usize = 284;
const FIRST_YEAR: i16 = 2016;
const YEARS: i16 = 10;
const SECTORS: usize = 12;

/// A small deterministic generator (SplitMix64): the same dataset every run,
/// without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn date(&mut self, year: i16) -> Date {
        Date::ymd(year, 1 + self.below(12) as u8, 1 + self.below(28) as u8)
    }

    /// An amount in 亿元 with up to 4 decimals, most small, a few large.
    fn amount(&mut self) -> Decimal {
        let wan = match self.below(100) {
            0..=39 => 1_000 + self.below(9_000),    // 0.1–1 亿元
            40..=89 => 10_000 + self.below(90_000), // 1–10
            90..=98 => 100_000 + self.below(400_000),
            _ => 500_000 + self.below(2_000_000),
        };
        Decimal::new(wan as i64, 4)
    }
}

/// The province → city → county tree, in pre-order.
fn regions() -> Regions {
    let mut regions = Regions::default();
    let mut push = |name: String, parent: Option<usize>, depth: usize| {
        let index = regions.list.len();
        let id = format!("r{index}");
        regions.by_id.insert(id.clone(), index);
        regions.list.push(Region {
            id,
            name,
            kind: Some(RegionKind::County),
            kind_label: None,
            name_en: None,
            parent,
            children: Vec::new(),
            depth,
        });
        if let Some(p) = parent {
            regions.list[p].children.push(index);
        }
        index
    };
    push("某省".into(), None, 0);
    for city in 0..CITIES {
        let c = push(format!("{city}市"), Some(0), 1);
        // 284 counties dealt out: 19 to each city, 18 to the last.
        for county in (0..COUNTIES).filter(|k| k % CITIES == city) {
            push(format!("{county}县"), Some(c), 2);
        }
    }
    regions
}

fn dataset() -> Dataset {
    let mut rng = Rng(2024);
    let regions = regions();
    assert_eq!(regions.list.len(), 300);
    let file: Arc<str> = Arc::from("bench.yaml");
    let years = FIRST_YEAR..FIRST_YEAR + YEARS;
    let projects = (0..PROJECTS)
        .map(|i| {
            // Mostly counties, some at city level (city-run development zones).
            let region = 1 + rng.below(regions.list.len() as u64 - 1) as usize;
            let year = FIRST_YEAR + rng.below(YEARS as u64) as i16;
            let signed = rng.date(year);
            let amount = rng.amount();
            let last = FIRST_YEAR + YEARS - 1;
            let start_year = (year + rng.below(2) as i16).min(last);
            let started = rng.chance(80).then(|| rng.date(start_year));
            let producing = started.filter(|_| rng.chance(40)).map(|s| rng.date((s.year + 1).min(last)));
            let funds = (0..rng.below(4))
                .map(|k| Funds { year: (year + k as i16).min(last), date: None, amount: amount / Decimal::from(5) })
                .collect();
            Project {
                id: format!("p{i}"),
                name: format!("项目{i}"),
                investor: format!("投资方{i}"),
                region,
                park: None,
                sector: rng.below(SECTORS as u64) as usize,
                categories: Vec::new(),
                amount,
                planned_investment: amount * Decimal::new(45, 2),
                kind: if rng.chance(10) { Kind::NonFixedAsset } else { Kind::FixedAsset },
                scope: Scope::ALL[rng.below(4) as usize],
                origin: Some(["广东省深圳市", "北京市", "江苏省苏州市", "香港特别行政区", ""][rng.below(5) as usize].to_string()),
                status: if started.is_some() { Status::Started } else { Status::Signed },
                signed: Some(signed),
                started,
                producing,
                stalled: None,
                cancelled: rng.chance(3).then(|| rng.date(year)),
                funds_in_place: funds,
                foreign_funds: Vec::new(),
                expected: Expected::default(),
                key: false,
                public: true,
                investor_public: true,
                tags: Vec::new(),
                summary: None,
                progress: None,
                progress_public: false,
                problems: Vec::new(),
                location: Location::file(&file),
                amount_at: Location::file(&file),
            }
        })
        .collect();
    let span = Span::new(1, 1, 1);
    let annuals = (0..regions.list.len())
        .flat_map(|region| years.clone().map(move |year| (region, year)))
        .map(|(region, year)| Annual {
            region,
            year,
            as_of: None,
            published_months: Vec::new(),
            targets: MetricValues(vec![
                (Metric::SignedAmount, Decimal::from(300), span),
                (Metric::StartRate, Decimal::from(60), span),
                (Metric::FundsInPlace, Decimal::from(100), span),
            ]),
            baseline: MetricValues(if year == FIRST_YEAR { vec![(Metric::SignedAmount, Decimal::from(250), span)] } else { Vec::new() }),
            baseline_same_period: MetricValues::default(),
            facts: Vec::new(),
            campaigns: Vec::new(),
            publisher: None,
            published: None,
            lede: None,
            location: Location::file(&file),
        })
        .collect();
    let site = Site {
        title: "某省招商引资公报".into(),
        base_url: "/".into(),
        language: Lang::ZhHans,
        editions: Vec::new(),
        root_region: 0,
        unit: Unit::Yi,
        min_project_amount: Decimal::new(1, 1),
        funds_scopes: vec![Scope::Foreign, Scope::OutsideProvince],
        percent_decimals: 2,
        precision: gongbao::model::Precision::default(),
        threshold_label: None,
        lede: gongbao::model::LedeItem::DEFAULT.to_vec(),
        sectors: (0..SECTORS).map(|i| Sector { id: format!("s{i}"), name: format!("产业{i}"), name_en: None, chain: None }).collect(),
        theme: "default".into(),
        hidden_in_totals: true,
        ..Site::default()
    };
    Dataset { site, regions, projects, annuals, briefings: Vec::new(), hidden: Vec::new(), negotiating: Vec::new() }
}

/// Every indicator of every region and bulletin year.
fn all_indicators(ds: &Dataset, figures: &Figures) -> usize {
    let mut shown = 0;
    for &year in &figures.years {
        for region in 0..ds.regions.list.len() {
            for metric in Metric::ALL {
                let i = black_box(figures.indicator(ds, region, year, metric));
                shown += usize::from(i.value.is_some());
            }
        }
    }
    shown
}

/// Every 1—N月 figure of every region and bulletin year: the twelve
/// cumulative periods (monthly 通报, `periods: [month]`), each with its
/// month, last year's same months, growth, completion and pace.
fn all_periods(ds: &Dataset, figures: &Figures) -> usize {
    let mut shown = 0;
    for &year in &figures.years {
        for region in 0..ds.regions.list.len() {
            for months in 1..=12 {
                for metric in PERIOD_METRICS {
                    let i = black_box(figures.period_indicator(ds, region, year, months, 1, metric));
                    shown += usize::from(i.value.is_some());
                }
            }
        }
    }
    shown
}

fn figures(c: &mut Criterion) {
    let ds = dataset();
    let mut group = c.benchmark_group("figures_100k_projects_300_regions_10_years");
    group.sample_size(20);
    group.bench_function("compute", |b| b.iter(|| Figures::compute(black_box(&ds))));
    let computed = Figures::compute(&ds);
    assert_eq!(computed.years.len(), YEARS as usize);
    group.bench_function("all_indicators", |b| b.iter(|| all_indicators(&ds, black_box(&computed))));
    group.bench_function("compute_and_all_indicators", |b| {
        b.iter(|| {
            let figures = Figures::compute(black_box(&ds));
            all_indicators(&ds, &figures)
        })
    });
    group.bench_function("all_periods", |b| b.iter(|| all_periods(&ds, black_box(&computed))));
    // What issue 15 holds to 3× of `compute_and_all_indicators` before
    // the periods: every figure, with every monthly period.
    group.bench_function("compute_and_all_indicators_and_periods", |b| {
        b.iter(|| {
            let figures = Figures::compute(black_box(&ds));
            all_indicators(&ds, &figures) + all_periods(&ds, &figures)
        })
    });
    group.finish();
}

criterion_group!(benches, figures);
criterion_main!(benches);
