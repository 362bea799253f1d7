//! The figures' own checks, which need the figures computed: a running
//! year measured to its `as_of`, and baselines that differ from the records.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Location};
use crate::model::{Dataset, Date, Metric, RegionId};

use super::Figures;
use crate::tr;

/// A year still running is measured to the root region's `as_of`: say so
/// where a region's file gives another date, where a record falls after it,
/// and where this year has figures but no `as_of` at all.
pub fn running_year_warnings(dataset: &Dataset, figures: &Figures, today: Date) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let root = dataset.site.root_region;
    for annual in &dataset.annuals {
        let Some(as_of) = figures.as_of(annual.year) else { continue };
        if annual.region != root && annual.as_of.is_some_and(|d| d != as_of) {
            warnings.push(
                Diagnostic::warning(
                    Code::AsOfDiffers,
                    annual.location.clone(),
                    tr!(zh: "截至日期 `as_of` 与本级区域的 {as_of} 不同", en: "as_of differs from the root region's {as_of}"),
                )
                .with_hint(tr!(
                    zh: "各区域同一年的数字都截至本级区域的 `as_of`，才能相加；删去这里的，或改为 `as_of: {as_of}`",
                    en: "every region's figures of a year stand at the root region's as_of, so that they add up; remove it here, or write `as_of: {as_of}`"
                )),
            );
        }
    }
    for p in &dataset.projects {
        let dates =
            [p.signed, p.started, p.producing, p.cancelled].into_iter().flatten().chain(p.funds_in_place.iter().filter_map(|f| f.date));
        if let Some(late) = dates.into_iter().find(|d| figures.as_of(d.year).is_some_and(|as_of| d.cmp_loose(&as_of).is_gt())) {
            let as_of = figures.as_of(late.year).unwrap_or(late);
            warnings.push(
                {
                    let (id, year) = (&p.id, late.year);
                    Diagnostic::warning(
                        Code::AfterAsOf,
                        p.location.clone(),
                        tr!(
                            zh: "`{id}` 有一个日期（{late}）晚于{year}年数字的截至日期 {as_of}",
                            en: "`{id}` has a date ({late}) after {as_of}, which {year} figures stand at"
                        ),
                    )
                }
                .with_hint(tr!(
                    zh: "它暂不计入；要计入，把本级区域年度文件里的 `as_of` 往后改",
                    en: "it is not counted yet; move as_of forward in the root region's annual file to count it"
                )),
            );
        }
    }
    let this_year = today.year;
    if let Some(annual) = dataset.annual(root, this_year)
        && annual.as_of.is_none()
        && today.cmp_loose(&Date::ymd(this_year, 12, 31)).is_lt()
    {
        warnings.push(
            Diagnostic::warning(
                Code::NoAsOf,
                annual.location.clone(),
                tr!(zh: "{this_year}年还没过完，却没有 `as_of` 说明数字截至哪天", en: "{this_year} is not over, but no as_of says when its figures stand"),
            )
            .with_hint(tr!(
                zh: "加上 `as_of: {today}`，公报会注明截至日期，增速也按同期比较",
                en: "add `as_of: {today}`, so that the bulletin says so and growth compares the same months"
            )),
        );
    }
    warnings
}

/// Where an annual file gives a baseline and last year's records exist too,
/// the baseline wins; say by how much they differ (as the public sees them).
pub fn baseline_warnings(public: &Dataset, figures: &Figures) -> Vec<Diagnostic> {
    figures
        .baseline_gaps(public)
        .into_iter()
        .map(|gap| {
            let file = &gap.annual.location.file;
            let (name, zh_name, year) = (gap.metric.name(), gap.metric.info().zh, gap.annual.year - 1);
            let (baseline, records) = (gap.baseline.normalize(), gap.records.normalize());
            let difference = (gap.baseline - gap.records).normalize();
            Diagnostic::warning(
                Code::BaselineDiffers,
                Location::new(file, gap.span),
                tr!(
                    zh: "{year}年{zh_name}的上年基数（`baseline`）是 {baseline}，项目记录合计却是 {records}（相差 {difference}）",
                    en: "the baseline {name} of {year} is {baseline}, but the {year} records add up to {records} (a difference of {difference})"
                ),
            )
            .with_hint(tr!(
                zh: "增速按上年基数算；删去它就按项目记录算",
                en: "the baseline is used for growth rates; remove it to use the records"
            ))
        })
        .collect()
}

/// The file a note about a bulletin points at: its region's annual file of
/// that year, else the root region's, else site.yaml.
pub(super) fn bulletin_location(dataset: &Dataset, region: RegionId, year: i16) -> Location {
    dataset
        .annual(region, year)
        .or_else(|| dataset.annual(dataset.site.root_region, year))
        .map(|a| a.location.clone())
        .unwrap_or_else(|| Location::file(&Arc::from("site.yaml")))
}

fn names(metrics: impl IntoIterator<Item = Metric>) -> String {
    let chinese = crate::locale::is_chinese();
    let name = |m: Metric| if chinese { m.info().zh } else { m.name() };
    metrics.into_iter().map(name).collect::<Vec<_>>().join(if chinese { "、" } else { ", " })
}

/// Notes on what bulletins leave out: figures whose inputs no record
/// carries (once for the whole site, once for a region that alone lacks
/// them), and, for each bulletin, figures shown without growth because last
/// year is no base and no baseline stands in.
pub fn bulletin_notes(public: &Dataset, figures: &Figures) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let root = public.site.root_region;
    let by_field = |gaps: &[(Metric, &'static str)]| {
        let mut fields: Vec<(&'static str, Vec<Metric>)> = Vec::new();
        for &(metric, field) in gaps {
            match fields.iter_mut().find(|(f, _)| *f == field) {
                Some((_, metrics)) => metrics.push(metric),
                None => fields.push((field, vec![metric])),
            }
        }
        fields
    };
    // Foreign capital is opt-in: a site that writes no dollar amount has
    // none to report, and is not told so on every check.
    let dollars = figures.tracked(root).foreign_funds;
    let untracked = |region: RegionId| {
        Metric::indicators()
            .filter(|m| *m != Metric::ForeignFunds || dollars)
            .filter_map(|m| figures.tracked(region).covers(m).err().map(|f| (m, f)))
            .collect::<Vec<_>>()
    };
    let site_wide = untracked(root);
    if !figures.years.is_empty() {
        for (field, metrics) in by_field(&site_wide) {
            notes.push(
                Diagnostic::info(
                    Code::FigureUntracked,
                    Location::file(&Arc::from("site.yaml")),
                    {
                        let names = names(metrics);
                        tr!(zh: "没有项目记录写了 `{field}`：公报都不显示{names}", en: "no project record carries `{field}`: no bulletin shows {names}")
                    },
                )
                .with_hint(tr!(
                    zh: "没有记录不等于零；在项目文件里写上 `{field}` 才能发布这些数字",
                    en: "untracked is not zero; record `{field}` in the project files to publish them"
                )),
            );
        }
    }
    for region in 0..public.regions.list.len() {
        let Some(&first_year) = figures.years.first() else { break };
        let own: Vec<(Metric, &'static str)> = untracked(region).into_iter().filter(|gap| !site_wide.contains(gap)).collect();
        let name = &public.regions.list[region].name;
        for (field, metrics) in by_field(&own) {
            notes.push(
                Diagnostic::info(Code::FigureUntracked, bulletin_location(public, region, first_year), {
                    let names = names(metrics);
                    tr!(
                        zh: "{name}没有项目记录写了 `{field}`：它的公报不显示{names}",
                        en: "no project record of {name} carries `{field}`: its bulletins leave out {names}"
                    )
                })
                .with_hint(tr!(
                    zh: "没有记录不等于零；在它的项目文件里写上 `{field}` 才能发布这些数字",
                    en: "untracked is not zero; record `{field}` in its project files to publish them"
                )),
            );
        }
    }
    for &year in &figures.years {
        if figures.is_base(year - 1) {
            continue;
        }
        let last = year - 1;
        let why = match figures.ledger_starts() {
            Some(starts) if starts.year >= last => {
                tr!(zh: "台账从 {starts} 开始，{last}年不完整", en: "the ledger starts {starts}, so {last} is not whole in it")
            }
            _ => tr!(zh: "台账里没有{last}年签约的项目", en: "the ledger holds no signing of {last}"),
        };
        for region in 0..public.regions.list.len() {
            let gaps = figures.gaps(public, region, year);
            if gaps.no_growth.is_empty() {
                continue;
            }
            let name = &public.regions.list[region].name;
            notes.push(
                Diagnostic::info(
                    Code::NoGrowth,
                    bulletin_location(public, region, year),
                    {
                        let names = names(gaps.no_growth);
                        tr!(zh: "{name}{year}年公报的{names}不显示增速：{why}", en: "the {year} bulletin of {name} shows no growth for {names}: {why}")
                    },
                )
                .with_hint(tr!(
                    zh: "在{name}{year}年的年度文件里，把{last}年的数字写在 `baseline:`（上年基数）下，用来比较",
                    en: "give {last} figures under `baseline:` in {name}'s annual file of {year} to compare with"
                )),
            );
        }
    }
    notes
}

/// A year still running compared with a full-year `baseline`: where a
/// running year's annual file gives a baseline that is used (no same-period
/// baseline, no same-period records), say so at the value.
pub fn full_year_baseline_warnings(public: &Dataset, figures: &Figures) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for annual in &public.annuals {
        let Some(as_of) = figures.as_of(annual.year) else { continue };
        for &(metric, _, span) in &annual.baseline.0 {
            let used = annual.baseline_same_period.get(metric).is_none() && figures.last_year(annual.region, annual.year, metric).is_none();
            if used {
                warnings.push(
                    Diagnostic::warning(Code::FullYearBaseline, Location::new(&annual.location.file, span), {
                        let (year, last, name, zh_name) = (annual.year, annual.year - 1, metric.name(), metric.info().zh);
                        tr!(
                            zh: "{year}年的数字截至 {as_of}，{zh_name}却与{last}年全年比较",
                            en: "{year} stands at {as_of}, but its {name} is compared with the whole of {last}"
                        )
                    })
                    .with_hint({
                        let (last, until) = (annual.year - 1, as_of.a_year_before());
                        tr!(
                            zh: "在 `baseline_same_period:`（上年同期）下写{last}年截至 {until} 的数字",
                            en: "give {last}'s figure to {until} under `baseline_same_period:` (上年同期)"
                        )
                    }),
                );
            }
        }
    }
    warnings
}

/// A running year's `as_of` that is not a month's end: pace counts the
/// months complete before it.
pub fn as_of_notes(dataset: &Dataset, figures: &Figures) -> Vec<Diagnostic> {
    let root = dataset.site.root_region;
    figures
        .years
        .iter()
        .filter_map(|&year| {
            let as_of = figures.as_of(year)?;
            let annual = dataset.annual(root, year)?;
            let months = super::months_complete(as_of);
            (months != as_of.month).then(|| {
                let counted = if months == 0 {
                    tr!(zh: "不计任何月份，不显示序时进度", en: "no month, so no pace is shown")
                } else {
                    format!("1—{months}月")
                };
                Diagnostic::info(
                    Code::AsOfMidMonth,
                    annual.location.clone(),
                    tr!(zh: "`as_of` {as_of} 不是月末：序时进度按{counted}计", en: "as_of {as_of} is not a month's end: 序时进度 counts {counted}"),
                )
                .with_hint(tr!(
                    zh: "序时进度按整月计：把 `as_of` 写成所报月份的最后一天",
                    en: "offices report pace for whole months: set as_of to the last day of the month reported"
                ))
            })
        })
        .collect()
}

/// Hidden projects (signed, `public: false`) that public totals count: warn
/// where one is the only project of its region, or of a sector or month of
/// its region, in its year (that figure is its amount); note where it is
/// the only hidden one there (the figure less the listed projects is).
/// A region's figures include its subregions', so the groups are counted
/// over each region's subtree; the project's own region is the smallest
/// group it is in, so its ancestors need no check of their own.
pub fn hidden_project_warnings(dataset: &Dataset) -> Vec<Diagnostic> {
    let site = &dataset.site;
    if !site.hidden_in_totals {
        return Vec::new();
    }
    let counted = |p: &&crate::model::Project| p.amount >= site.min_project_amount && p.was_signed();
    let hidden = |p: &crate::model::Project| !p.public;
    // (all, hidden) per group.
    let mut groups: HashMap<(RegionId, i16, u8, usize), (u32, u32)> = HashMap::new();
    let keys = |p: &crate::model::Project, d: Date| {
        [(p.region, d.year, 0, 0), (p.region, d.year, 1, p.sector), (p.region, d.year, 2, d.month as usize)]
    };
    for p in dataset.projects.iter().filter(counted) {
        let Some(signed) = p.signed else { continue };
        for region in dataset.regions.lineage(p.region) {
            for (_, year, kind, part) in keys(p, signed) {
                let entry = groups.entry((region, year, kind, part)).or_default();
                entry.0 += 1;
                entry.1 += u32::from(hidden(p));
            }
        }
    }
    let mut out = Vec::new();
    for p in dataset.projects.iter().filter(counted).filter(|p| hidden(p)) {
        let Some(signed) = p.signed else { continue };
        let region = &dataset.regions.list[p.region].name;
        let sector = dataset.site.sectors.get(p.sector).map_or("", |s| s.name.as_str());
        let (year, month) = (signed.year, signed.month);
        let what = |kind: u8| match kind {
            0 => tr!(zh: "{year}年的{region}", en: "{region} in {year}"),
            1 => tr!(zh: "{year}年{region}的{sector}产业", en: "{sector} in {region} in {year}"),
            _ => tr!(zh: "{year}年{month}月的{region}", en: "{region} in {year}年{month}月"),
        };
        let mut alone = Vec::new();
        let mut alone_hidden = Vec::new();
        for key in keys(p, signed) {
            match groups.get(&key) {
                Some((1, _)) => alone.push(what(key.2)),
                Some((_, 1)) => alone_hidden.push(what(key.2)),
                _ => {}
            }
        }
        let hint = tr!(
            zh: "把它设为公开，或在 site.yaml 里写 `hidden_in_totals: false`，让不公开的项目不计入公开的合计",
            en: "mark it public, or set `hidden_in_totals: false` in site.yaml to leave hidden projects out of public totals"
        );
        let id = &p.id;
        if !alone.is_empty() {
            out.push(
                Diagnostic::warning(
                    Code::HiddenAlone,
                    p.location.clone(),
                    {
                        let groups = alone.join(if crate::locale::is_chinese() { "、" } else { ", " });
                        tr!(
                            zh: "`{id}` 不公开，却计入公开的合计，而且是{groups}唯一签约的项目：那个数字就是它的金额",
                            en: "`{id}` is not public but counts in public totals, and is the only project signed in {groups}: that figure is its amount"
                        )
                    },
                )
                .with_hint(hint),
            );
        } else if !alone_hidden.is_empty() {
            out.push(
                Diagnostic::info(
                    Code::HiddenAlone,
                    p.location.clone(),
                    {
                        let groups = alone_hidden.join(if crate::locale::is_chinese() { "、" } else { ", " });
                        tr!(
                            zh: "`{id}` 不公开，却计入公开的合计，而且是{groups}唯一这样签约的项目：那个数字减去列出的项目，就是它的金额",
                            en: "`{id}` is not public but counts in public totals, and is the only such project signed in {groups}: that figure less the listed projects is its amount"
                        )
                    },
                )
                .with_hint(hint),
            );
        }
    }
    out
}
