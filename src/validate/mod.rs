//! Validation: turns the raw records into the checked model, reporting
//! every problem at once with its file, line and column.

mod annual;
mod project;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Diagnostics, Location, Span, did_you_mean};
use crate::load::{self, LoadError, RawContent, Sourced};
use crate::source::Sources;
use crate::model::raw::{RawRegion, RawSite};
use crate::model::{Dataset, Date, Lang, Region, Regions, Scope, Sector, Site, Unit};
use crate::yaml::Spanned;

/// A site's content after checking: the dataset when it has no errors,
/// every problem found, and the source texts the problems quote.
pub struct Checked {
    pub dataset: Option<Dataset>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Loads and checks the site at `root`; `today` is the date future dates are
/// measured against.
pub fn check_site(root: &Path, today: Date) -> Result<Checked, LoadError> {
    let mut raw = load::load(root)?;
    let sources = std::mem::take(&mut raw.sources);
    let (dataset, mut diagnostics) = validate(raw, today);
    if let Some(dataset) = &dataset {
        diagnostics.extend(baseline_warnings(dataset));
        diagnostics.sort();
    }
    Ok(Checked { dataset, diagnostics, sources })
}

/// Where an annual file gives a baseline and last year's records exist too,
/// the baseline wins; say by how much they differ (as the public sees them).
fn baseline_warnings(dataset: &Dataset) -> Vec<Diagnostic> {
    let public = dataset.clone().for_audience(crate::model::Audience::Public);
    let figures = crate::stats::Figures::compute(&public);
    figures
        .baseline_gaps(&public)
        .into_iter()
        .map(|gap| {
            let file = &gap.annual.location.file;
            Diagnostic::warning(
                "baseline-differs",
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

/// The checked dataset (when the content has no errors) and every problem found.
pub fn validate(raw: RawContent, today: Date) -> (Option<Dataset>, Diagnostics) {
    let mut diagnostics = raw.diagnostics;
    let mut ctx = Checker { diagnostics: &mut diagnostics, today };

    let regions = ctx.regions(&raw.regions);
    let site = raw.site.and_then(|site| ctx.site(site, &regions));
    let dataset = site.map(|site| {
        let projects = ctx.projects(raw.projects, &site, &regions);
        let annuals = ctx.annuals(raw.annuals, &site, &regions);
        let briefings = ctx.briefings(raw.briefings, &regions);
        Dataset { site, regions, projects, annuals, briefings }
    });
    diagnostics.sort();
    let dataset = dataset.filter(|_| !diagnostics.has_errors());
    (dataset, diagnostics)
}

/// Carries what every check needs: where to report, and what "today" is.
struct Checker<'a> {
    diagnostics: &'a mut Diagnostics,
    today: Date,
}

impl Checker<'_> {
    fn error(&mut self, code: &'static str, file: &Arc<str>, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::error(code, Location::new(file, span), message))
    }

    fn warning(&mut self, code: &'static str, file: &Arc<str>, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::warning(code, Location::new(file, span), message))
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.diagnostics.push_mut(d)
    }

    /// Ids appear in URLs and file names: lowercase letters, digits and `-`.
    fn check_id(&mut self, file: &Arc<str>, id: &Spanned<String>, what: &str) -> bool {
        if is_valid_id(&id.value) {
            return true;
        }
        let suggestion = slugish(&id.value);
        let d = self.error("bad-id", file, id.span, format!("`{}` cannot be {what} id", id.value));
        d.hint = Some(if suggestion.is_empty() {
            "ids use only lowercase letters a-z, digits and `-`, e.g. `xishan-2024-001`".into()
        } else {
            format!("ids use only lowercase letters a-z, digits and `-`, e.g. `{suggestion}`")
        });
        false
    }

    /// A required text that must not be blank.
    fn check_text(&mut self, file: &Arc<str>, text: &Spanned<String>, what: &str) {
        if text.value.trim().is_empty() {
            self.error("empty-value", file, text.span, format!("{what} is empty"));
        }
    }

    fn site(&mut self, raw: Sourced<RawSite>, regions: &Regions) -> Option<Site> {
        let file = &raw.file;
        let s = raw.record;
        self.check_text(file, &s.title, "the site title");
        let base_url = s.base_url.value.trim().to_string();
        if !(base_url.starts_with('/') || base_url.starts_with("https://") || base_url.starts_with("http://")) {
            self.error("bad-url", file, s.base_url.span, format!("`{base_url}` is not a site address"))
                .hint = Some("write the full address, e.g. https://tzcj.example.gov.cn/, or `/` for a local site".into());
        }
        let min_project_amount = match s.min_project_amount {
            Some(m) => self.amount(file, m, s.unit.unwrap_or_default(), "min_project_amount"),
            None => Decimal::ZERO,
        };
        let percent_decimals = match s.percent_decimals {
            Some(d) if d.value > 6 => {
                self.error("out-of-range", file, d.span, "percent_decimals must be between 0 and 6");
                2
            }
            Some(d) => d.value,
            None => 2,
        };
        let mut sectors: Vec<Sector> = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for raw in &s.sectors {
            self.check_id(file, &raw.id, "a sector");
            self.check_text(file, &raw.name, "the sector name");
            for key in [&raw.id, &raw.name] {
                if let Some(first) = seen.get(&key.value) {
                    let first = Location::new(file, *first);
                    self.error("duplicate-sector", file, key.span, format!("the sector `{}` is listed twice", key.value))
                        .related = Some((first, "first listed here".into()));
                } else {
                    seen.insert(key.value.clone(), key.span);
                }
            }
            sectors.push(Sector { id: raw.id.value.clone(), name: raw.name.value.trim().to_string() });
        }
        let mut editions: Vec<Lang> = Vec::new();
        for edition in &s.editions {
            if !editions.contains(&edition.value) {
                editions.push(edition.value);
            }
        }
        let root_region = match &s.root_region {
            Some(id) => match regions.get(&id.value) {
                Some(r) => Some(r),
                None => {
                    let hint = unknown_hint(&id.value, regions.ids(), "known regions");
                    self.error("unknown-region", file, id.span, format!("the root region `{}` is not in content/regions.yaml", id.value))
                        .hint = Some(hint);
                    None
                }
            },
            None => (!regions.list.is_empty()).then_some(0),
        };
        Some(Site {
            title: s.title.value.trim().to_string(),
            base_url: if base_url.ends_with('/') { base_url } else { base_url + "/" },
            language: s.language.unwrap_or_default(),
            editions,
            root_region: root_region?,
            unit: s.unit.unwrap_or_default(),
            min_project_amount,
            funds_scopes: s.funds_scopes.unwrap_or_else(|| Scope::ALL.to_vec()),
            percent_decimals,
            sectors,
            theme: s.theme.map_or_else(|| "default".to_string(), |t| t.value),
        })
    }

    /// Flattens the region tree, parents first.
    fn regions(&mut self, raw: &[Sourced<RawRegion>]) -> Regions {
        let mut regions = Regions::default();
        let mut places: HashMap<String, Location> = HashMap::new();
        // (region, parent, depth), walked without recursion.
        let mut stack: Vec<(&Arc<str>, &RawRegion, Option<usize>, usize)> =
            raw.iter().rev().map(|r| (&r.file, &r.record, None, 0)).collect();
        while let Some((file, r, parent, depth)) = stack.pop() {
            self.check_id(file, &r.id, "a region");
            self.check_text(file, &r.name, "the region name");
            let here = Location::new(file, r.id.span);
            if let Some(first) = places.get(&r.id.value) {
                self.error("duplicate-id", file, r.id.span, format!("the region id `{}` is used twice", r.id.value))
                    .related = Some((first.clone(), "first used here".into()));
                continue;
            }
            places.insert(r.id.value.clone(), here);
            let index = regions.list.len();
            regions.by_id.insert(r.id.value.clone(), index);
            regions.list.push(Region {
                id: r.id.value.clone(),
                name: r.name.value.trim().to_string(),
                kind: r.kind,
                parent,
                children: Vec::new(),
                depth,
            });
            if let Some(p) = parent {
                regions.list[p].children.push(index);
            }
            stack.extend(r.children.iter().rev().map(|c| (file, c, Some(index), depth + 1)));
        }
        regions
    }

    /// A region id used by a record, with a hint when it is unknown.
    fn region_ref(&mut self, file: &Arc<str>, id: &Spanned<String>, regions: &Regions) -> Option<usize> {
        let found = regions.get(&id.value);
        if found.is_none() {
            let hint = unknown_hint(&id.value, regions.ids(), "known regions");
            self.error("unknown-region", file, id.span, format!("unknown region `{}`", id.value)).hint = Some(hint);
        }
        found
    }

    /// Money in the site's unit; negative amounts are errors.
    fn amount(&mut self, file: &Arc<str>, money: Spanned<crate::model::money::MoneyText>, unit: Unit, what: &str) -> Decimal {
        let value = money.value.in_unit(unit);
        if value.is_sign_negative() && !value.is_zero() {
            self.error("negative-amount", file, money.span, format!("{what} is negative ({value})"))
                .hint = Some("amounts are never below zero; write a withdrawal as a cancellation".into());
        }
        value
    }

    /// Warns about a date after the reference date.
    fn not_in_future(&mut self, file: &Arc<str>, date: &Spanned<Date>, what: &str) {
        if date.value.cmp_loose(&self.today).is_gt() {
            self.warning("future-date", file, date.span, format!("{what} {} is in the future (today is {})", date.value, self.today))
                .hint = Some("a planned date does not belong here until it happens".into());
        }
    }
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// A valid id made from `text`, when it has enough ASCII to make one.
fn slugish(text: &str) -> String {
    let lowered: String =
        text.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    lowered.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

/// "did you mean …?" when a known name is close, else the list of names.
fn unknown_hint<'a>(word: &str, known: impl Iterator<Item = &'a str> + Clone, what: &str) -> String {
    match did_you_mean(word, known.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            let all: Vec<&str> = known.collect();
            let shown = all.iter().take(12).copied().collect::<Vec<_>>().join(", ");
            let more = if all.len() > 12 { format!(" and {} more", all.len() - 12) } else { String::new() };
            format!("{what}: {shown}{more}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_ascii() {
        for ok in ["yc-2021-0001", "a", "hc-etdz"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["../../etc/passwd", "A1", "运城", "a b", "", "-a", "a-", "a/b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(slugish("../../etc/passwd"), "etc-passwd");
    }
}
