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
    let ds = dataset(&[
        ("content/projects/p.yaml", WORKED),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    let i = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    assert_eq!((i.target, i.completion), (Some(Decimal::ZERO), None));
}

#[test]
fn pace_compares_completion_with_the_year_elapsed() {
    let annual = "region: mouxian\nyear: 2024\nas_of: 2024-06-30\ntargets:\n  signed_amount: 20\n";
    let ds = dataset(&[
        ("content/projects/p.yaml", WORKED),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    let i = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    // By 30 June, A (12.5) and B (0.3) are signed: 12.8 of 20 is 64% done;
    // 1—6月 is 6/12 = 50% of the year: 14 points ahead.
    assert_eq!(i.value, Some(dec("12.8")));
    assert_eq!(i.pace.map(|p| p.round_dp(2)), Some(dec("14")));
    let theme = Theme::built_in();
    let strings = theme.strings(Lang::ZhHans);
    let fmt = NumberFormat::new(&strings, &ds.site);
    let lede = crate::lede::lede(&ds, &f, ds.site.root_region, 2024, &fmt);
    assert!(lede.starts_with("2024年1—6月，某县"), "{lede}");
    assert!(lede.contains("协议投资额12.80亿元，完成年度目标（20亿元）的64.00%，超序时进度14.00个百分点"), "{lede}");
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

/// The worked example of "Foreign capital in US dollars" in indicators.md:
/// dollars sum exactly in 万美元, in their own figure only; yuan funds of the
/// same project stay in 到位资金; each scope has its own figure and target.
#[test]
fn us_dollars_are_their_own_figure_never_mixed_into_yuan() {
    let site = crate::testing::SITE.to_string() + "funds_scopes: [foreign, outside_province]\n";
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: foreign, status: signed, signed: 2024-01-05, funds_in_place: {2024-03: 1200万美元, 2024-09: \"0.35亿美元\", 2024-10: \"3000万元\"}}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 5, scope: outside_province, status: signed, signed: 2024-02-05, funds_in_place: {2024: 2, 2025: 3500000美元}}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 4, scope: outside_city, status: signed, signed: 2024-02-05, funds_in_place: {2024: 1.5}}
";
    let annual = "region: mouxian\nyear: 2024\ntargets:\n  实际到位外资: 1亿美元\n  funds_outside_province: 4\n  funds_outside_city: 3\n";
    let ds = dataset(&[
        ("site.yaml", &site),
        ("content/projects/p.yaml", projects),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    let root = ds.site.root_region;
    let t = f.tally(root, 2024).unwrap();
    // 1200 + 3500 万美元, exactly; the 3000万元 is 0.3亿元 of 到位资金.
    assert_eq!(t.foreign_funds, dec("4700"));
    assert_eq!(t.funds, dec("2.3"));
    assert_eq!(t.funds_by_scope, [dec("0.3"), dec("2"), dec("1.5"), dec("0")]);
    let value = |m| f.indicator(&ds, root, 2024, m).value;
    assert_eq!(value(Metric::ForeignFunds), Some(dec("4700")));
    assert_eq!(value(Metric::FundsInPlace), Some(dec("2.3")));
    assert_eq!(value(Metric::FundsOutsideProvince), Some(dec("2")));
    assert_eq!(value(Metric::FundsOutsideCity), Some(dec("1.5")));
    // The funds rate reads yuan only: (0.3 + 2) ÷ (10 + 5).
    assert_eq!(value(Metric::FundsRate).map(|r| r.round_dp(2)), Some(dec("15.33")));
    let foreign = f.indicator(&ds, root, 2024, Metric::ForeignFunds);
    assert_eq!((foreign.target, foreign.completion), (Some(dec("10000")), Some(dec("47"))));
    assert_eq!(f.indicator(&ds, root, 2024, Metric::FundsOutsideCity).completion, Some(dec("50")));
    // 350万美元 in 2025, on 4700 the year before.
    assert_eq!(f.indicator(&ds, root, 2025, Metric::ForeignFunds).value, Some(dec("350")));
    // A site whose records hold no dollars does not publish 0万美元.
    let yuan_only = dataset(&[("content/projects/p.yaml", projects.lines().filter(|l| l.contains("id: c")).collect::<String>().as_str())]);
    let f = Figures::compute(&yuan_only);
    let root = yuan_only.site.root_region;
    assert_eq!(f.indicator(&yuan_only, root, 2024, Metric::ForeignFunds).value, None);
    assert_eq!(f.tracked(root).covers(Metric::ForeignFunds), Err("funds_in_place"));
    assert!(f.tracked(root).covers(Metric::FundsOutsideCity).is_ok());
}

/// Dollars are shown in 万美元, or 亿美元 from 1亿美元, and never as yuan.
#[test]
fn us_dollars_are_shown_in_dollar_units() {
    let theme = Theme::built_in();
    let strings = theme.strings(Lang::ZhHans);
    let fmt = NumberFormat { strings: &strings, precision: crate::model::Precision::default(), unit: crate::model::Unit::Yi };
    assert_eq!(fmt.usd_parts(dec("4700")), ("4700".to_string(), "万美元".to_string()));
    assert_eq!(fmt.usd_phrase(dec("12000")), "1.20亿美元");
    assert_eq!(fmt.target_phrase(Metric::ForeignFunds, dec("10000")), "1亿美元");
    let en = theme.strings(Lang::En);
    let fmt = NumberFormat { strings: &en, precision: crate::model::Precision::default(), unit: crate::model::Unit::Yi };
    assert_eq!(fmt.usd_phrase(dec("4700")), "47.00 million US dollars");
}

#[test]
fn public_figures_count_hidden_signed_projects_without_naming_them() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-05-01}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 7, scope: local, status: signed, signed: 2024-05-01, public: false, origin: 广东省深圳市}
- {id: c, name: 丙, investor: 丙公司, region: jia, sector: new-energy, amount: 9, scope: local, status: negotiating}
- {id: d, name: 丁, investor: 丁公司, region: jia, sector: new-energy, amount: 9, scope: local, status: cancelled, cancelled: 2024-06-01}
";
    let all = dataset(&[("content/projects/p.yaml", projects)]);
    let public = all.clone().for_audience(Audience::Public);
    assert_eq!(public.projects.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["a"]);
    // B is kept for the totals, with nothing that names it; C and D, never
    // signed, are not.
    assert_eq!(public.hidden.len(), 1);
    let b = &public.hidden[0];
    assert_eq!((b.id.as_str(), b.name.as_str(), b.investor.as_str(), &*b.location.file), ("", "", "", ""));
    assert_eq!((b.amount, b.origin.as_deref()), (dec("7"), Some("广东省深圳市")));
    let internal = Figures::compute(&all.clone().for_audience(Audience::Internal));
    let root = all.site.root_region;
    let public_figures = Figures::compute(&public);
    let (inside, outside) = (internal.tally(root, 2024).unwrap(), public_figures.tally(root, 2024).unwrap());
    assert_eq!(inside.signed, outside.signed);
    assert_eq!(outside.signed.amount, dec("17"));
    // D was cancelled before it was signed: no figure counts it, in any build.
    assert_eq!((inside.cancelled_count, outside.cancelled_count), (0, 0));
    // Counted, never listed.
    assert_eq!(outside.signed_projects.len(), 1);
    assert_eq!(inside.signed_projects.len(), 2);
    // An office may leave hidden projects out of public totals.
    let mut leave_out = all.clone();
    leave_out.site.hidden_in_totals = false;
    let public = leave_out.for_audience(Audience::Public);
    assert!(public.hidden.is_empty());
    assert_eq!(Figures::compute(&public).tally(root, 2024).unwrap().signed.amount, dec("10"));
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
    let ds = dataset(&[
        ("content/projects/p.yaml", WORKED),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    let rate = f.indicator(&ds, ds.site.root_region, 2024, Metric::StartRate);
    assert_eq!(rate.completion, None);
    assert_eq!(rate.vs_target.map(|p| p.round_dp(2)), Some(dec("3.33")));
}

// ---------------------------------------------------------------------------
// Untracked is not zero; tiny bases; the year before; running years; pace.

#[test]
fn competition_ranking_shares_ties_and_lists_missing_values_last() {
    let v = |s: &str| Some(dec(s));
    // 5, 8, 8, none, 3, 8 → 8 (1), 8 (1), 8 (1), 5 (4), 3 (5), then none unranked.
    let ranked = competition_ranks(&[v("5"), v("8"), v("8"), None, v("3"), v("8.00")]);
    assert_eq!(ranked, [(1, Some(1)), (2, Some(1)), (5, Some(1)), (0, Some(4)), (4, Some(5)), (3, None)]);
    // 1, 2, 2, 4 over four.
    let ranks: Vec<Option<usize>> = competition_ranks(&[v("9"), v("7"), v("7"), v("1")]).into_iter().map(|r| r.1).collect();
    assert_eq!(ranks, [Some(1), Some(2), Some(2), Some(4)]);
    assert!(competition_ranks(&[]).is_empty());
    assert_eq!(competition_ranks(&[None, None]), [(0, None), (1, None)]);
}

#[test]
fn a_ranking_table_leaves_unpublished_figures_unranked() {
    // 乙镇 records no start date: its start rate is not published, so it
    // is listed after 甲镇 without a rank, not ranked as a zero.
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: started, signed: 2024-05-01, started: 2024-06}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-05-01}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let (root, jia, yi) = (ds.site.root_region, ds.regions.get("jia").unwrap(), ds.regions.get("yi").unwrap());
    let rows = |m| f.ranking_table(&ds, root, 2024, m).into_iter().map(|p| (p.region, p.rank)).collect::<Vec<_>>();
    assert_eq!(rows(Metric::StartRate), [(jia, Some(1)), (yi, None)]);
    assert_eq!(rows(Metric::SignedAmount), [(jia, Some(1)), (yi, Some(1))]);
}

#[test]
fn untracked_figures_are_not_published() {
    // 甲镇 records a start; 乙镇 records nothing but signings; nobody
    // records production, funds or cancellations.
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: started, signed: 2024-05-01, started: 2024-06}
- {id: b, name: 乙, investor: 乙公司, region: yi, sector: new-energy, amount: 8, scope: local, status: signed, signed: 2024-05-01}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let (root, jia, yi) = (ds.site.root_region, ds.regions.get("jia").unwrap(), ds.regions.get("yi").unwrap());
    let value = |r, m| f.indicator(&ds, r, 2024, m).value;
    for m in [Metric::StartedCount, Metric::NewStartInvestment, Metric::StartRate] {
        assert!(value(root, m).is_some() && value(jia, m).is_some(), "{m:?}");
        assert_eq!(value(yi, m), None, "{m:?}: no record of 乙镇 carries `started`");
    }
    for m in [
        Metric::ProducingCount,
        Metric::FundsInPlace,
        Metric::FundsInPlaceFixed,
        Metric::FundsInPlaceNonFixed,
        Metric::FundsRate,
        Metric::CancelledCount,
    ] {
        assert_eq!(value(root, m), None, "{m:?}");
    }
    assert_eq!(value(yi, Metric::SignedCount), Some(dec("1")));
    assert_eq!(value(root, Metric::StartRate), Some(dec("50")));
    let gaps = f.gaps(&ds, yi, 2024);
    assert!(gaps.untracked.contains(&(Metric::StartRate, "started")), "{gaps:?}");
    assert!(gaps.untracked.contains(&(Metric::CancelledCount, "cancelled")), "{gaps:?}");
}

#[test]
fn a_count_below_ten_last_year_gives_no_percentage() {
    let mut projects = String::from(
        "- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 0.5, scope: local, status: signed, signed: 2023-05-01}\n",
    );
    for i in 0..4 {
        projects += &format!(
            "- {{id: b{i}, name: 乙{i}, investor: 乙公司, region: jia, sector: new-energy, amount: 1, scope: local, status: signed, signed: 2024-05-01}}\n"
        );
    }
    for i in 0..10 {
        projects += &format!(
            "- {{id: c{i}, name: 丙{i}, investor: 丙公司, region: yi, sector: new-energy, amount: 1, scope: local, status: signed, signed: 2023-05-01}}\n"
        );
    }
    for i in 0..12 {
        projects += &format!(
            "- {{id: d{i}, name: 丁{i}, investor: 丁公司, region: yi, sector: new-energy, amount: 1, scope: local, status: signed, signed: 2024-05-01}}\n"
        );
    }
    let ds = dataset(&[("content/projects/p.yaml", &projects), ("content/annual/2023.yaml", "region: mouxian\nyear: 2023\n")]);
    let f = Figures::compute(&ds);
    let (jia, yi) = (ds.regions.get("jia").unwrap(), ds.regions.get("yi").unwrap());
    // 1 → 4: "上年1个", not "增长300.00%".
    let count = f.indicator(&ds, jia, 2024, Metric::SignedCount);
    assert_eq!((count.value, count.previous, count.yoy), (Some(dec("4")), Some(dec("1")), None));
    // 10 → 12 is a base: 20%.
    assert_eq!(f.indicator(&ds, yi, 2024, Metric::SignedCount).yoy, Some(dec("20")));
    // Amounts have no such rule: 0.5 → 4 is 700%.
    assert_eq!(f.indicator(&ds, jia, 2024, Metric::SignedAmount).yoy, Some(dec("700")));
}

/// A ledger with a whole year of signings before the first annual file.
const TWO_YEARS: &str = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 20, scope: local, status: signed, signed: 2023-03-01}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 30, scope: local, status: signed, signed: 2023-12-01}
- {id: c, name: 丙, investor: 丙公司, region: jia, sector: new-energy, amount: 60, scope: local, status: signed, signed: 2024-05-01}
";

#[test]
fn last_years_records_are_a_base_before_the_first_annual_file() {
    let annual = ("content/annual/2024.yaml", "region: mouxian\nyear: 2024\n");
    let ds = dataset(&[("content/projects/p.yaml", TWO_YEARS), annual]);
    let f = Figures::compute(&ds);
    assert_eq!(f.years, [2024]);
    let i = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    assert_eq!((i.previous, i.yoy), (Some(dec("50")), Some(dec("20"))));
    assert!(f.gaps(&ds, ds.site.root_region, 2024).no_growth.is_empty());
    // A ledger that starts in March 2023 holds only part of 2023: no base.
    let site = crate::testing::SITE.to_string() + "台账起始日期: 2023-03-01\n";
    let ds = dataset(&[("site.yaml", &site), ("content/projects/p.yaml", TWO_YEARS), annual]);
    let f = Figures::compute(&ds);
    let i = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    assert_eq!((i.value, i.previous, i.yoy), (Some(dec("60")), None, None));
    assert!(f.gaps(&ds, ds.site.root_region, 2024).no_growth.contains(&Metric::SignedAmount));
    // One that starts on 1 January holds it whole.
    let site = crate::testing::SITE.to_string() + "ledger_starts: 2023-01-01\n";
    let ds = dataset(&[("site.yaml", &site), ("content/projects/p.yaml", TWO_YEARS), annual]);
    assert!(Figures::compute(&ds).is_base(2023));
}

#[test]
fn a_running_year_uses_its_same_period_baseline_then_records_then_the_full_year() {
    // 2024 runs to 30 June; 2023 records: 20 by June, 50 in all.
    let annual = "region: mouxian\nyear: 2024\nas_of: 2024-06-30\nbaseline:\n  signed_amount: 50\n  signed_count: 40\n上年同期:\n  signed_amount: 24\n";
    let ds = dataset(&[
        ("content/projects/p.yaml", TWO_YEARS),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    let root = ds.site.root_region;
    let amount = f.indicator(&ds, root, 2024, Metric::SignedAmount);
    assert_eq!((amount.value, amount.previous, amount.yoy), (Some(dec("60")), Some(dec("24")), Some(dec("150"))));
    // No same-period baseline for the count: last year's records to 30 June (1).
    assert_eq!(f.indicator(&ds, root, 2024, Metric::SignedCount).previous, Some(dec("1")));
    assert!(checks::full_year_baseline_warnings(&ds, &f).is_empty());
    // Without 2023 in the ledger, the full-year baseline is all there is: a warning.
    let site = crate::testing::SITE.to_string() + "ledger_starts: 2023-06-01\n";
    let ds = dataset(&[
        ("site.yaml", &site),
        ("content/projects/p.yaml", TWO_YEARS),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    assert_eq!(f.indicator(&ds, root, 2024, Metric::SignedCount).previous, Some(dec("40")));
    let warnings = checks::full_year_baseline_warnings(&ds, &f);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("signed_count is compared with the whole of 2023"), "{}", warnings[0].message);
    assert_eq!(warnings[0].location.span.map(|s| s.line), Some(6));
}

#[test]
fn pace_counts_months_as_offices_do() {
    // 福建: 94.1% done at 1—11月, against 11/12 = 91.67%: 2.43 points ahead.
    let projects = "- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 94.1, scope: local, status: signed, signed: 2024-03-01}\n";
    let annual = "region: mouxian\nyear: 2024\nas_of: 2024-11-30\ntargets:\n  signed_amount: 100\n";
    let ds = dataset(&[
        ("content/projects/p.yaml", projects),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    let i = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount);
    assert_eq!(i.completion, Some(dec("94.1")));
    assert_eq!(i.pace.map(|p| p.round_dp(2)), Some(dec("2.43")));
    // 安庆: 77.69% at 1—9月, against 75%: 2.69 points ahead.
    let projects = "- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 77.69, scope: local, status: signed, signed: 2024-03-01}\n";
    let annual = "region: mouxian\nyear: 2024\nas_of: 2024-09\ntargets:\n  signed_amount: 100\n";
    let ds = dataset(&[
        ("content/projects/p.yaml", projects),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    assert_eq!(f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount).pace, Some(dec("2.69")));
    // Mid-month counts the months complete: 15 September is 1—8月.
    let annual = "region: mouxian\nyear: 2024\nas_of: 2024-09-15\ntargets:\n  signed_amount: 100\n";
    let ds = dataset(&[
        ("content/projects/p.yaml", projects),
        ("content/annual/2024.yaml", annual),
        ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
    ]);
    let f = Figures::compute(&ds);
    let pace = f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedAmount).pace;
    assert_eq!(pace.map(|p| p.round_dp(2)), Some(dec("11.02")));
    assert_eq!(checks::as_of_notes(&ds, &f).len(), 1);
}

#[test]
fn months_complete_at_a_date() {
    assert_eq!(months_complete(Date::ymd(2024, 11, 30)), 11);
    assert_eq!(months_complete(Date::ymd(2024, 2, 29)), 2);
    assert_eq!(months_complete(Date::ymd(2023, 2, 28)), 2);
    assert_eq!(months_complete(Date::ymd(2024, 2, 28)), 1);
    assert_eq!(months_complete(Date::parse("2024-06").unwrap()), 6);
    assert_eq!(months_complete(Date::ymd(2024, 1, 15)), 0);
}

#[test]
fn a_hidden_project_alone_in_a_group_is_warned_about() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-05-01}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 7, scope: local, status: signed, signed: 2024-05-03, public: false}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 7, scope: local, status: signed, signed: 2024-05-03, public: false}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let found = checks::hidden_project_warnings(&ds);
    let by_id = |id: &str| found.iter().find(|d| d.message.starts_with(&format!("`{id}`"))).map(|d| d.severity);
    // C is 乙镇's only project of 2024: 乙镇's total is its amount.
    assert_eq!(by_id("c"), Some(crate::diag::Severity::Warning));
    // B shares 甲镇 with A, but A is listed: the total less A is B's amount.
    assert_eq!(by_id("b"), Some(crate::diag::Severity::Info));
    assert_eq!(found.len(), 2);
    let mut leave_out = ds.clone();
    leave_out.site.hidden_in_totals = false;
    assert!(checks::hidden_project_warnings(&leave_out).is_empty());
}

/// 履约率 and 投产率 over the cohort signed in 2024, at the year's end: a
/// project cancelled by then stays in the denominator and out of the
/// numerator, even though it had started; one started only in 2025 is not
/// under way at the end of 2024.
#[test]
fn the_three_rates_count_the_signing_cohort() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: producing, signed: 2024-02-01, started: 2024-03, producing: 2024-10}
- {id: b, name: 乙, investor: 乙公司, region: jia, sector: new-energy, amount: 8, scope: local, status: started, signed: 2024-03-01, started: 2024-05}
- {id: c, name: 丙, investor: 丙公司, region: yi, sector: new-energy, amount: 6, scope: local, status: cancelled, signed: 2024-04-01, started: 2024-06, cancelled: 2024-11-01}
- {id: d, name: 丁, investor: 丁公司, region: yi, sector: new-energy, amount: 5, scope: local, status: started, signed: 2024-09-01, started: 2025-02}
- {id: e, name: 戊, investor: 戊公司, region: yi, sector: new-energy, amount: 4, scope: local, status: producing, signed: 2024-12-01, producing: 2024-12-20}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let root = ds.site.root_region;
    let rate = |m| {
        let i = f.indicator(&ds, root, 2024, m);
        (i.value.map(|v| v.round_dp(2)), i.numerator)
    };
    // Started in 2024: a, b, c (c was cancelled later, the start stands).
    assert_eq!(rate(Metric::StartRate), (Some(dec("60")), Some(3)));
    // Under way at the end of 2024: a, b, e; c was cancelled, d starts in 2025.
    assert_eq!(rate(Metric::FulfilmentRate), (Some(dec("60")), Some(3)));
    // In production at the end of 2024: a and e.
    assert_eq!(rate(Metric::ProducingRate), (Some(dec("40")), Some(2)));
    // A county adds up to its parent: 甲镇 2 of 2, 乙镇 1 of 3.
    let yi = ds.regions.get("yi").unwrap();
    assert_eq!(f.indicator(&ds, yi, 2024, Metric::FulfilmentRate).numerator, Some(1));
    // The 2025 cohort is empty: no rate, no numerator.
    assert_eq!(f.indicator(&ds, root, 2025, Metric::ProducingRate).value, None);
    assert_eq!(f.indicator(&ds, root, 2025, Metric::ProducingRate).numerator, None);
}

/// A ledger that records no production dates publishes no 投产率, and one
/// that records neither starts nor production no 履约率.
#[test]
fn the_three_rates_are_untracked_without_their_dates() {
    let projects = "
- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: started, signed: 2024-02-01, started: 2024-03}
";
    let ds = dataset(&[("content/projects/p.yaml", projects)]);
    let f = Figures::compute(&ds);
    let root = ds.site.root_region;
    assert_eq!(f.indicator(&ds, root, 2024, Metric::FulfilmentRate).value, Some(dec("100")));
    assert_eq!(f.indicator(&ds, root, 2024, Metric::ProducingRate).value, None);
    let bare = dataset(&[(
        "content/projects/p.yaml",
        "- {id: a, name: 甲, investor: 甲公司, region: jia, sector: new-energy, amount: 10, scope: local, status: signed, signed: 2024-02-01}\n",
    )]);
    let f = Figures::compute(&bare);
    assert_eq!(f.indicator(&bare, root, 2024, Metric::FulfilmentRate).value, None);
}

/// Brackets from `size_brackets` (in the site's unit), and 亿元以上项目 at
/// the first bracket at or above 1亿元: with 0.5, 2 and 5, that is 2亿元.
#[test]
fn size_brackets_follow_the_site() {
    let site = "title: t\nbase_url: /\nsize_brackets: [0.5, 2, 5]\nsectors:\n  - {id: new-energy, name: 新能源}\n  - {id: new-materials, name: 新材料}\n";
    let ds = dataset(&[("site.yaml", site), ("content/projects/p.yaml", WORKED)]);
    let f = Figures::compute(&ds);
    let t = f.tally(ds.site.root_region, 2024).unwrap();
    // No `min_project_amount` here: B 0.3 and C 0.05 are below 0.5; A 12.5
    // and D 40 are from 5.
    let counts: Vec<u32> = t.by_bracket.iter().map(|s| s.count).collect();
    assert_eq!(counts, [2, 0, 0, 2]);
    assert_eq!(ds.site.over_1_threshold(), dec("2"));
    assert_eq!(f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedOver1).value, Some(dec("2")));
    assert_eq!(f.indicator(&ds, ds.site.root_region, 2024, Metric::SignedOver1Amount).value, Some(dec("52.5")));
}

/// A chain sums its sectors; the sectors in no chain are summed apart.
#[test]
fn chains_sum_their_sectors() {
    let site =
        "title: t\nbase_url: /\nsectors:\n  - {id: new-energy, name: 新能源, chain: 绿色产业链}\n  - {id: new-materials, name: 新材料}\n";
    let ds = dataset(&[("site.yaml", site), ("content/projects/p.yaml", WORKED)]);
    let f = Figures::compute(&ds);
    let t = f.tally(ds.site.root_region, 2024).unwrap();
    let (chains, rest) = ds.site.chain_sums(&t.by_sector);
    assert_eq!(ds.site.chains, ["绿色产业链"]);
    // B 0.3, C 0.05 (no `min_project_amount` here) and D 40 are 新能源.
    assert_eq!(chains.iter().map(|s| (s.count, s.amount)).collect::<Vec<_>>(), [(3, dec("40.35"))]);
    assert_eq!(rest.map(|s| (s.count, s.amount)), Some((1, dec("12.5"))));
}
