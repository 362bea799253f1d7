//! The figures engine against indicators.md: its worked example figure by
//! figure, the rules of growth, targets and pace, and rounding edges.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::format::NumberFormat;
use crate::model::{Audience, Date, Lang};
use crate::testing::dataset;
use crate::theme::Theme;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The worked example of indicators.md.
const WORKED: &str = "
- {id: a, name: 甲项目, investor: 甲公司, region: jia, sector: new-materials, amount: 12.5, scope: outside_province, status: started, signed: 2024-02-01, started: 2024-05}
- {id: b, name: 乙项目, investor: 乙公司, region: yi, sector: new-energy, amount: \"3000万元\", scope: local, status: signed, signed: 2024-03-01}
- {id: c, name: 丙项目, investor: 丙公司, region: jia, sector: new-energy, amount: 0.05, scope: local, status: signed, signed: 2024-04-01}
- {id: d, name: 丁项目, investor: 丁公司, region: mouxian, sector: new-energy, amount: 40, scope: foreign, status: started, signed: 2024-11-20, started: 2025-01}
";
const WORKED_ANNUAL: &str = "region: mouxian\nyear: 2024\ntargets:\n  signed_amount: 50\nbaseline:\n  signed_amount: 40\n";

fn worked() -> (Dataset, Figures) {
    let ds = dataset(&[
        ("content/projects/p.yaml", WORKED),
        ("content/annual/2024.yaml", WORKED_ANNUAL),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let figures = Figures::compute(&ds);
    (ds, figures)
}

#[test]
fn worked_example_figure_by_figure() {
    let (ds, f) = worked();
    let root = ds.site.root_region;
    let value = |m| f.indicator(&ds, root, 2024, m).value;
    assert_eq!(value(Metric::SignedCount), Some(dec("3")));
    assert_eq!(value(Metric::SignedAmount), Some(dec("52.8")));
    assert_eq!(value(Metric::SignedOver1), Some(dec("2")));
    // A 12.5 and D 40; B (0.3亿元) is below 1亿元.
    assert_eq!(value(Metric::SignedOver1Amount), Some(dec("52.5")));
    assert_eq!(value(Metric::SignedOver10), Some(dec("2")));
    assert_eq!(value(Metric::StartedCount), Some(dec("1")));
    assert_eq!(value(Metric::StartRate).map(|r| r.round_dp(2)), Some(dec("33.33")));
    let amount = f.indicator(&ds, root, 2024, Metric::SignedAmount);
    assert_eq!(amount.completion, Some(dec("105.6")));
    assert_eq!(amount.yoy, Some(dec("32")));
    assert_eq!(amount.previous, Some(dec("40")));
    assert_eq!(amount.target, Some(dec("50")));
    // D started in 2025: it counts there, not in 2024's start rate.
    assert_eq!(f.tally(root, 2025).map(|t| t.started.count), Some(1));
    assert_eq!(f.indicator(&ds, root, 2025, Metric::StartRate).value, None);
}

#[test]
fn worked_example_lede_reads_like_the_spec() {
    let (ds, f) = worked();
    let theme = Theme::built_in();
    let strings = theme.strings(Lang::ZhHans);
    let fmt = NumberFormat::new(&strings, &ds.site);
    assert_eq!(
        crate::lede::lede(&ds, &f, ds.site.root_region, 2024, &fmt),
        "2024年，某县新签约千万元以上项目3个，协议投资额52.80亿元，同比增长32.00%，完成年度目标（50亿元）的105.60%；新开工千万元以上项目1个，计划投资额12.50亿元；开工项目1个，当年签约当年开工率33.33%。"
    );
}

#[test]
fn children_roll_up_into_parents() {
    let (ds, f) = worked();
    let jia = ds.regions.get("jia").unwrap();
    let yi = ds.regions.get("yi").unwrap();
    let amount = |r| f.tally(r, 2024).unwrap().signed.amount;
    assert_eq!(amount(jia), dec("12.5"));
    assert_eq!(amount(yi), dec("0.3"));
    assert_eq!(amount(ds.site.root_region), dec("52.8"));
    let ranking = f.ranking(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    assert_eq!(ranking.iter().map(|r| (r.region, r.rank)).collect::<Vec<_>>(), vec![(jia, 1), (yi, 2)]);
}

#[test]
fn no_growth_without_a_base() {
    let (ds, f) = worked();
    let jia = ds.regions.get("jia").unwrap();
    // 2023 has no bulletin (no annual file, signings start in 2024): no base.
    let i = f.indicator(&ds, jia, 2024, Metric::SignedAmount);
    assert_eq!((i.previous, i.yoy, i.completion), (None, None, None));
}

#[test]
fn a_target_of_zero_gives_no_completion() {
    let annual = "region: mouxian\nyear: 2024\ntargets:\n  signed_amount: 0\n  signed_count: 0\n";
    let ds = dataset(&[("content/projects/p.yaml", WORKED), ("content/annual/2024.yaml", annual)]);
    let f = Figures::compute(&ds);
    let i = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    assert_eq!((i.target, i.completion), (Some(Decimal::ZERO), None));
}

#[test]
fn pace_compares_completion_with_the_year_elapsed() {
    let annual = "region: mouxian\nyear: 2024\nas_of: 2024-06-30\ntargets:\n  signed_amount: 20\n";
    let ds = dataset(&[("content/projects/p.yaml", WORKED), ("content/annual/2024.yaml", annual)]);
    let f = Figures::compute(&ds);
    let i = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    // By 30 June, A (12.5) and B (0.3) are signed: 12.8 of 20 is 64% done,
    // with 182/366 = 49.73% of the year gone: 14.27 points ahead.
    assert_eq!(i.value, Some(dec("12.8")));
    assert_eq!(i.pace.map(|p| p.round_dp(2)), Some(dec("14.27")));
    let theme = Theme::built_in();
    let strings = theme.strings(Lang::ZhHans);
    let fmt = NumberFormat::new(&strings, &ds.site);
    let lede = crate::lede::lede(&ds, &f, ds.site.root_region, 2024, &fmt);
    assert!(lede.starts_with("2024年1—6月，某县"), "{lede}");
    assert!(lede.contains("协议投资额12.80亿元，完成年度目标（20亿元）的64.00%，超序时进度14.27个百分点"), "{lede}");
}

#[test]
fn records_give_growth_when_last_year_has_a_bulletin() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2023-05-01}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 8, scope: local, status: signed, signed: 2024-05-01}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let jia = ds.regions.get("jia").unwrap();
    let i = f.indicator(&ds, jia, 2024, Metric::SignedAmount);
    assert_eq!(i.yoy, Some(dec("-20")));
}

#[test]
fn funds_count_only_within_funds_scopes_and_split_by_kind() {
    let site = crate::testing::SITE.to_string() + "funds_scopes: [outside_province]\n";
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: outside_province, status: started, signed: 2024-01-05, started: 2024-02, funds_in_place: {2024: 3, 2025-03: 2}}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 5, kind: non_fixed_asset, scope: outside_province, status: signed, signed: 2024-01-05, funds_in_place: {2024-06-01: \"5000万元\"}}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 10, scope: local, status: started, signed: 2024-01-05, started: 2024-02, funds_in_place: {2024: 4}}
";
    let ds = dataset(&[("site.yaml", &site), ("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let t = f.tally(ds.site.root_region, 2024).unwrap();
    assert_eq!((t.funds, t.funds_fixed, t.funds_non_fixed), (dec("3.5"), dec("3"), dec("0.5")));
    assert_eq!(t.funds_by_scope, [dec("0"), dec("3.5"), dec("0"), dec("4")]);
    // Funds rate: 3.5 received by the end of 2024 on 15 agreed, in scope.
    let rate = f.indicator(&ds, ds.site.root_region, 2024, Metric::FundsRate).value.unwrap();
    assert_eq!(rate.round_dp(2), dec("23.33"));
}

#[test]
fn public_figures_leave_out_confidential_projects() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-05-01}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 7, scope: local, status: signed, signed: 2024-05-01, public: false}
- {id: c, name: 丙, investor: 丙公司, region: jia, sector: new-energy, amount: 9, scope: local, status: negotiating}
- {id: d, name: 丁, investor: 丁公司, region: jia, sector: new-energy, amount: 9, scope: local, status: cancelled, cancelled: 2024-06-01}
";
    let all = dataset(&[("content/projects/p.yaml", projects)]);
    let public = all.clone().for_audience(Audience::Public);
    assert_eq!(public.projects.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["a"]);
    let internal = Figures::compute(&all.clone().for_audience(Audience::Internal));
    let root = all.site.root_region;
    assert_eq!(internal.tally(root, 2024).unwrap().signed.amount, dec("17"));
    assert_eq!(internal.tally(root, 2024).unwrap().cancelled_count, 1);
    let public = Figures::compute(&public);
    assert_eq!(public.tally(root, 2024).unwrap().signed.amount, dec("10"));
    assert_eq!(public.tally(root, 2024).unwrap().cancelled_count, 0);
}

#[test]
fn equal_values_share_a_rank() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 5, scope: local, status: signed, signed: 2024-05-01}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 5, scope: local, status: signed, signed: 2024-05-01}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let ranks: Vec<usize> = f.ranking(&ds, ds.site.root_region, 2024, Metric::SignedAmount).iter().map(|r| r.rank).collect();
    assert_eq!(ranks, [1, 1]);
}

#[test]
fn breakdowns_by_bracket_month_sector_and_origin() {
    let (ds, f) = worked();
    let t = f.tally(ds.site.root_region, 2024).unwrap();
    let counts: Vec<u32> = t.by_bracket.iter().map(|s| s.count).collect();
    assert_eq!(counts, [1, 0, 2, 0, 0]);
    assert_eq!(t.by_month[1], dec("12.5"));
    assert_eq!(t.by_month[10], dec("40"));
    assert_eq!(t.by_sector[0].amount, dec("12.5"));
    assert_eq!(t.by_sector[1].amount, dec("40.3"));
    assert_eq!(t.by_origin.get("").map(|s| s.count), Some(3));
}

#[test]
fn funds_rate_counts_funds_from_the_signing_on() {
    // Funds dated before the signing (`check` warns about them) are not
    // "funds in place from signing through Y": 2 of 10, not 5 of 10.
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-06-10, funds_in_place: {2023: 1, 2024-03: 2, 2024-06: 1.5, 2024-12-01: 0.5}}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let rate = f.indicator(&ds, ds.site.root_region, 2024, Metric::FundsRate).value;
    assert_eq!(rate, Some(dec("20")));
    // Funds in place of the year still count every 2024 entry.
    assert_eq!(f.tally(ds.site.root_region, 2024).unwrap().funds, dec("4"));
}

#[test]
fn a_running_year_counts_to_as_of_and_compares_the_same_months() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-05-01}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 30, scope: local, status: signed, signed: 2024-10-01}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 12, scope: local, status: started, signed: 2025-03-01, started: 2025-09}
- {id: d, name: 丁, investor: 丁公司, region: yi, sector: new-energy, amount: 70, scope: local, status: signed, signed: 2025-08-15}
";
    let ds = dataset(&[
        ("content/projects/p.yaml", projects),
        ("content/annual/2024.yaml", "region: mouxian\nyear: 2024\n"),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\nas_of: 2025-06-30\n"),
    ]);
    let f = Figures::compute(&ds);
    let root = ds.site.root_region;
    let yi = ds.regions.get("yi").unwrap();
    assert_eq!(f.as_of(2025), Some(Date::ymd(2025, 6, 30)));
    assert_eq!(f.as_of(2024), None);
    // Only what happened by 30 June counts, in every region.
    let amount = f.indicator(&ds, root, 2025, Metric::SignedAmount);
    assert_eq!(amount.value, Some(dec("12")));
    assert_eq!(f.indicator(&ds, yi, 2025, Metric::SignedAmount).value, Some(dec("12")));
    assert_eq!(f.indicator(&ds, root, 2025, Metric::StartedCount).value, Some(dec("0")));
    // Growth compares January–June with January–June: 12 against 10.
    assert_eq!(amount.previous, Some(dec("10")));
    assert_eq!(amount.yoy, Some(dec("20")));
    // The year before, as its own bulletin, is whole.
    assert_eq!(f.indicator(&ds, root, 2024, Metric::SignedAmount).value, Some(dec("40")));
}

#[test]
fn rates_have_no_completion_only_points_against_the_target() {
    let annual = "region: mouxian\nyear: 2024\ntargets:\n  start_rate: 30%\n";
    let ds = dataset(&[("content/projects/p.yaml", WORKED), ("content/annual/2024.yaml", annual)]);
    let f = Figures::compute(&ds);
    let rate = f.indicator(&ds, ds.site.root_region, 2024, Metric::StartRate);
    assert_eq!(rate.completion, None);
    assert_eq!(rate.vs_target.map(|p| p.round_dp(2)), Some(dec("3.33")));
}
