//! The figures' own checks, which need the figures computed: a running
//! year measured to its `as_of`, and baselines that differ from the records.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Location};
use crate::model::{Dataset, Date, Metric, RegionId};

use super::Figures;

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
                Diagnostic::warning(Code::AsOfDiffers, annual.location.clone(), format!("as_of differs from the root region's {as_of}"))
                    .with_hint("every region's figures of a year stand at the root region's as_of, so that they add up"),
            );
        }
    }
    for p in &dataset.projects {
        let dates =
            [p.signed, p.started, p.producing, p.cancelled].into_iter().flatten().chain(p.funds_in_place.iter().filter_map(|f| f.date));
        if let Some(late) = dates.into_iter().find(|d| figures.as_of(d.year).is_some_and(|as_of| d.cmp_loose(&as_of).is_gt())) {
            let as_of = figures.as_of(late.year).unwrap_or(late);
            warnings.push(
                Diagnostic::warning(
                    Code::AfterAsOf,
                    p.location.clone(),
                    format!("`{}` has a date ({late}) after {as_of}, which {} figures stand at", p.id, late.year),
                )
                .with_hint("it is not counted yet; move as_of forward in the root region's annual file to count it"),
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
                format!("{this_year} is not over, but no as_of says when its figures stand"),
            )
            .with_hint(format!("add `as_of: {today}`, so that the bulletin says so and growth compares the same months")),
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
            Diagnostic::warning(
                Code::BaselineDiffers,
                Location::new(file, gap.span),
                format!(
                    "the baseline {} of {} is {}, but the {} records add up to {} (a difference of {})",
                    gap.metric.name(),
                    gap.annual.year - 1,
                    gap.baseline.normalize(),
                    gap.annual.year - 1,
                    gap.records.normalize(),
                    (gap.baseline - gap.records).normalize()
                ),
            )
            .with_hint("the baseline is used for growth rates; remove it to use the records")
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
    metrics.into_iter().map(Metric::name).collect::<Vec<_>>().join(", ")
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
    let untracked =
        |region: RegionId| Metric::indicators().filter_map(|m| figures.tracked(region).covers(m).err().map(|f| (m, f))).collect::<Vec<_>>();
    let site_wide = untracked(root);
    if !figures.years.is_empty() {
        for (field, metrics) in by_field(&site_wide) {
            notes.push(
                Diagnostic::info(
                    Code::FigureUntracked,
                    Location::file(&Arc::from("site.yaml")),
                    format!("no project record carries `{field}`: no bulletin shows {}", names(metrics)),
                )
                .with_hint(format!("untracked is not zero; record `{field}` in the project files to publish them")),
            );
        }
    }
    for region in 0..public.regions.list.len() {
        let Some(&first_year) = figures.years.first() else { break };
        let own: Vec<(Metric, &'static str)> = untracked(region).into_iter().filter(|gap| !site_wide.contains(gap)).collect();
        let name = &public.regions.list[region].name;
        for (field, metrics) in by_field(&own) {
            notes.push(
                Diagnostic::info(
                    Code::FigureUntracked,
                    bulletin_location(public, region, first_year),
                    format!("no project record of {name} carries `{field}`: its bulletins leave out {}", names(metrics)),
                )
                .with_hint(format!("untracked is not zero; record `{field}` in its project files to publish them")),
            );
        }
    }
    for &year in &figures.years {
        if figures.is_base(year - 1) {
            continue;
        }
        let why = match figures.ledger_starts() {
            Some(starts) if starts.year >= year - 1 => format!("the ledger starts {starts}, so {} is not whole in it", year - 1),
            _ => format!("the ledger holds no signing of {}", year - 1),
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
                    format!("the {year} bulletin of {name} shows no growth for {}: {why}", names(gaps.no_growth)),
                )
                .with_hint(format!("give {} figures under `baseline:` in {name}'s annual file of {year} to compare with", year - 1)),
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
                    Diagnostic::warning(
                        Code::FullYearBaseline,
                        Location::new(&annual.location.file, span),
                        format!(
                            "{} stands at {as_of}, but its {} is compared with the whole of {}",
                            annual.year,
                            metric.name(),
                            annual.year - 1
                        ),
                    )
                    .with_hint(format!(
                        "give {}'s figure to {} under `baseline_same_period:` (上年同期)",
                        annual.year - 1,
                        as_of.a_year_before()
                    )),
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
                let counted = if months == 0 { "no month, so no pace is shown".to_string() } else { format!("1—{months}月") };
                Diagnostic::info(
                    Code::AsOfMidMonth,
                    annual.location.clone(),
                    format!("as_of {as_of} is not a month's end: 序时进度 counts {counted}"),
                )
                .with_hint("offices report pace for whole months: set as_of to the last day of the month reported")
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
        let what = |kind: u8| match kind {
            0 => format!("{region} in {}", signed.year),
            1 => format!("{sector} in {region} in {}", signed.year),
            _ => format!("{region} in {}年{}月", signed.year, signed.month),
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
        let hint = "mark it public, or set `hidden_in_totals: false` in site.yaml to leave hidden projects out of public totals";
        if !alone.is_empty() {
            out.push(
                Diagnostic::warning(
                    Code::HiddenAlone,
                    p.location.clone(),
                    format!(
                        "`{}` is not public but counts in public totals, and is the only project signed in {}: that figure is its amount",
                        p.id,
                        alone.join(", ")
                    ),
                )
                .with_hint(hint),
            );
        } else if !alone_hidden.is_empty() {
            out.push(
                Diagnostic::info(
                    Code::HiddenAlone,
                    p.location.clone(),
                    format!(
                        "`{}` is not public but counts in public totals, and is the only such project signed in {}: that figure less the listed projects is its amount",
                        p.id,
                        alone_hidden.join(", ")
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    out
}
