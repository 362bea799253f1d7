//! The figures' own checks, which need the figures computed: a running
//! year measured to its `as_of`, and baselines that differ from the records.

use crate::diag::{Code, Diagnostic, Location};
use crate::model::{Dataset, Date};

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
