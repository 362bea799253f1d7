//! Checks of project records: references, money, the dates of each status
//! and their order, funds in place, and the warnings an office wants to see.

use std::collections::HashMap;
use std::sync::Arc;

use super::Checker;
use crate::diag::did_you_mean;
use crate::diag::{Code, Location};
use crate::load::Sourced;
use crate::model::money::MoneyText;
use crate::model::raw::RawProject;
use crate::model::{Date, Expected, Funds, Project, Regions, Site, Status};
use crate::yaml::{Pairs, Spanned};

impl Checker<'_> {
    pub(super) fn projects(&mut self, raw: Vec<Sourced<RawProject>>, site: &Site, regions: &Regions) -> Vec<Project> {
        let mut sectors: HashMap<&str, usize> = HashMap::new();
        for (i, s) in site.sectors.iter().enumerate() {
            sectors.insert(&s.id, i);
            sectors.insert(&s.name, i);
        }
        let mut first_seen: HashMap<String, Location> = HashMap::with_capacity(raw.len());
        let mut projects = Vec::with_capacity(raw.len());
        for Sourced { file, span, set_aside, record } in raw {
            if let Some(id) = &record.id {
                if let Some(first) = first_seen.get(&id.value) {
                    self.error(Code::DuplicateId, &file, id.span, format!("the project id `{}` is used twice", id.value)).related =
                        Some(Box::new((first.clone(), "first used here".into())));
                    continue;
                }
                first_seen.insert(id.value.clone(), Location::new(&file, id.span));
            }
            let place = Record { file: &file, span, set_aside: &set_aside };
            if let Some(p) = self.project(&place, record, site, regions, &sectors) {
                projects.push(p);
            }
        }
        projects
    }

    /// A required key's value; its absence is reported unless the value was
    /// there but wrong (already reported).
    fn required<T>(&mut self, record: &Record, value: Option<T>, key: &str) -> Option<T> {
        if value.is_none() && !record.was_set_aside(key) {
            self.error(Code::MissingField, record.file, record.span, format!("missing required key `{key}`")).hint =
                Some("see docs/content.md for the keys of a project record".into());
        }
        value
    }

    fn project(&mut self, rec: &Record, r: RawProject, site: &Site, regions: &Regions, sectors: &HashMap<&str, usize>) -> Option<Project> {
        let file = rec.file;
        if let Some(status) = &r.status {
            self.check_status_dates(rec, status, &r.dates());
        }
        let id = self.required(rec, r.id, "id");
        let id_ok = id.as_ref().is_some_and(|id| self.check_id(file, id, "a project"));
        let name = self.required(rec, r.name, "name");
        let investor = self.required(rec, r.investor, "investor");
        for (text, what) in [(&name, "the project name"), (&investor, "the investor")] {
            if let Some(t) = text {
                self.check_text(file, t, what);
            }
        }
        let region = self.required(rec, r.region, "region").and_then(|id| self.region_ref(file, &id, regions));
        let sector = self.required(rec, r.sector, "sector").and_then(|s| {
            let found = sectors.get(s.value.as_str()).copied();
            if found.is_none() {
                // A sector is named by its id or its name: suggest either.
                let names = site.sectors.iter().flat_map(|s| [s.id.as_str(), s.name.as_str()]);
                let hint = match did_you_mean(&s.value, names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => {
                        let known: Vec<String> = site.sectors.iter().map(|s| format!("{} ({})", s.id, s.name)).collect();
                        format!("the sectors of site.yaml: {}", known.join(", "))
                    }
                };
                self.error(Code::UnknownSector, file, s.span, format!("unknown sector `{}`", s.value)).hint = Some(hint);
            }
            found
        });
        let scope = self.required(rec, r.scope, "scope");
        let status = self.required(rec, r.status, "status");
        let amount_span = r.amount.as_ref().map(|a| a.span);
        let amount = self.required(rec, r.amount, "amount").map(|a| self.amount(file, a, site.unit, "amount"));
        let planned_investment = match r.planned_investment {
            Some(p) => Some(self.amount(file, p, site.unit, "planned_investment")),
            None => amount,
        };
        let (funds_in_place, funds_spans) = self.funds(file, r.funds_in_place.unwrap_or_default(), site, r.signed.as_ref());
        let total: rust_decimal::Decimal = funds_in_place.iter().map(|f| f.amount).sum();
        // An entry typed in the unit 10,000 times smaller (6800 for 0.68亿元)
        // is said as such, in place of the sum's warning below.
        let slip = match (amount, site.plausibility.funds_slip) {
            (Some(amount), true) if amount > rust_decimal::Decimal::ZERO => funds_in_place
                .iter()
                .zip(&funds_spans)
                .find(|(f, _)| f.amount > amount && f.amount / rust_decimal::Decimal::from(10_000) <= amount),
            _ => None,
        };
        if let (Some((f, span)), Some(amount)) = (slip, amount) {
            let value = f.amount.normalize();
            let message = format!(
                "funds in place of {value}{} for {}, more than the whole agreed `amount` of {}{}",
                site.unit.symbol(),
                f.year,
                amount.normalize(),
                site.unit.symbol()
            );
            self.warning(Code::ImplausibleFunds, file, *span, message).hint = Some(crate::stats::plausible::both_units(value, site.unit));
        } else if let (Some(amount), Some(span)) = (amount, amount_span)
            && total > amount
            && !amount.is_sign_negative()
        {
            let total = total.normalize();
            self.warning(
                Code::FundsAboveAmount,
                file,
                span,
                format!("`funds_in_place` add up to {total}, more than the agreed `amount` of {amount}"),
            )
            .hint = Some("check the amounts and their units (万元 or 亿元)".into());
        }
        let expected = match r.expected {
            Some(e) => Expected {
                output_value: e.output_value.map(|m| self.amount(file, m, site.unit, "output_value")),
                tax: e.tax.map(|m| self.amount(file, m, site.unit, "tax")),
                jobs: e.jobs,
            },
            None => Expected::default(),
        };
        if !id_ok {
            return None;
        }
        Some(Project {
            id: id?.value,
            name: name?.value.trim().to_string(),
            investor: investor?.value.trim().to_string(),
            region: region?,
            park: r.park,
            sector: sector?,
            amount: amount?,
            planned_investment: planned_investment?,
            kind: r.kind,
            scope: scope?,
            origin: r.origin,
            status: status?.value,
            signed: r.signed.map(|d| d.value),
            started: r.started.map(|d| d.value),
            producing: r.producing.map(|d| d.value),
            stalled: r.stalled.map(|d| d.value),
            cancelled: r.cancelled.map(|d| d.value),
            funds_in_place,
            expected,
            key: r.key,
            public: r.public,
            investor_public: r.investor_public,
            tags: r.tags,
            summary: r.summary,
            progress: r.progress.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            progress_public: r.progress_public,
            location: Location::new(file, rec.span),
            amount_at: Location::new(file, amount_span.unwrap_or(rec.span)),
        })
    }

    /// Each status needs its dates, and the dates come in life order. A date
    /// that was there but wrong is reported already, not again as missing.
    fn check_status_dates(&mut self, rec: &Record, status: &Spanned<Status>, d: &Dates) {
        let file = rec.file;
        let status_span = status.span;
        let status = status.value;
        let dates =
            [("signed", d.signed), ("started", d.started), ("producing", d.producing), ("stalled", d.stalled), ("cancelled", d.cancelled)];
        let required: &[&str] = match status {
            Status::Negotiating => &[],
            Status::Signed | Status::Stalled => &["signed"],
            Status::Started => &["signed", "started"],
            Status::Producing => &["signed", "producing"],
            Status::Cancelled => &["cancelled"],
        };
        for (name, date) in dates {
            if required.contains(&name) && date.is_none() && !rec.was_set_aside(name) {
                self.error(Code::MissingDate, file, status_span, format!("status `{}` needs a `{name}` date", status.key())).hint =
                    Some(format!("add `{name}: 2024-03-18` (a day or just the month)"));
            }
        }
        if status == Status::Producing && d.started.is_none() {
            self.warning(Code::MissingDate, file, status_span, "a producing project has no `started` date").hint =
                Some("without it the project is counted in no year's new starts or start rate; add `started: 2024-05`".into());
        }
        if status == Status::Negotiating
            && let Some(signed) = d.signed
        {
            self.error(Code::StatusDateMismatch, file, signed.span, "a project still being negotiated has a signing date").hint =
                Some("set `status: signed` (or a later status) once it is signed".into());
        }
        let later_than_status = match status {
            Status::Signed => &["started", "producing"][..],
            Status::Started => &["producing"][..],
            _ => &[][..],
        };
        for (name, date) in dates {
            if let Some(date) = date.as_ref().filter(|_| later_than_status.contains(&name)) {
                self.warning(
                    Code::StatusDateMismatch,
                    file,
                    date.span,
                    format!("there is a `{name}` date but the status is `{}`", status.key()),
                )
                .hint = Some(format!("did you mean `status: {name}`?"));
            }
        }
        if status != Status::Cancelled
            && let Some(cancelled) = d.cancelled
        {
            self.warning(Code::StatusDateMismatch, file, cancelled.span, "there is a `cancelled` date but the status is not `cancelled`");
        }
        let order = [("signed", d.signed), ("started", d.started), ("producing", d.producing)];
        for (i, (later_name, later)) in order.iter().enumerate() {
            for (earlier_name, earlier) in &order[..i] {
                if let (Some(a), Some(b)) = (earlier, later)
                    && b.value.cmp_loose(&a.value).is_lt()
                {
                    self.error(Code::DateOrder, file, b.span, format!("{later_name} {} is before {earlier_name} {}", b.value, a.value))
                        .hint = Some("a project is signed, then started, then producing".into());
                }
            }
        }
        for (name, date) in [("cancelled", d.cancelled), ("stalled", d.stalled)] {
            if let (Some(signed), Some(date)) = (d.signed, date)
                && date.value.cmp_loose(&signed.value).is_lt()
            {
                self.error(Code::DateOrder, file, date.span, format!("{name} {} is before signed {}", date.value, signed.value));
            }
        }
        for (name, date) in dates {
            if let Some(date) = date {
                self.not_in_future(file, date, name);
            }
        }
        if status == Status::Stalled {
            let since = d.stalled.or(d.started).or(d.signed);
            if let Some(since) = since
                && months_between(&since.value, &self.today) > 12
            {
                self.warning(
                    Code::StalledLong,
                    file,
                    status_span,
                    format!("the project has been stalled since {}, more than a year", since.value),
                )
                .hint = Some("decide with the investor whether it resumes or is cancelled".into());
            }
        }
    }

    /// Funds in place keyed by year (`2021`) or date (`2022-03`).
    /// The funds in place, and where each amount is written.
    fn funds(
        &mut self,
        file: &Arc<str>,
        pairs: Pairs<MoneyText>,
        site: &Site,
        signed: Option<&Spanned<Date>>,
    ) -> (Vec<Funds>, Vec<crate::diag::Span>) {
        let mut funds = Vec::with_capacity(pairs.0.len());
        let mut spans = Vec::with_capacity(pairs.0.len());
        for (key, money) in pairs.0 {
            let text = key.value.trim();
            let (year, date) = if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
                let year = text.parse::<i16>().unwrap_or_default();
                if !(1900..=2999).contains(&year) {
                    self.error(Code::BadDate, file, key.span, format!("{year} is not a plausible year")).hint =
                        Some("years run from 1900 to 2999".into());
                    continue;
                }
                (year, None)
            } else {
                match Date::parse(text) {
                    Ok(d) => (d.year, Some(d)),
                    Err(e) => {
                        self.error(Code::BadDate, file, key.span, e.to_string()).hint =
                            Some("key funds in place by year (`2021: 35.5`) or by month (`2022-03: 12`)".into());
                        continue;
                    }
                }
            };
            if let Some(d) = date {
                self.not_in_future(file, &Spanned { span: key.span, value: d }, "funds in place dated");
            } else if year > self.today.year {
                self.warning(Code::FutureDate, file, key.span, format!("funds in place for {year}, a year still to come"));
            }
            if let Some(signed) = signed {
                let before = match date {
                    Some(d) => d.cmp_loose(&signed.value).is_lt(),
                    None => year < signed.value.year,
                };
                if before {
                    self.warning(
                        Code::FundsBeforeSigning,
                        file,
                        key.span,
                        format!("funds in place dated {text}, before the signing on {}", signed.value),
                    );
                }
            }
            spans.push(money.span);
            let amount = self.amount(file, money, site.unit, "funds_in_place");
            funds.push(Funds { year, date, amount });
        }
        (funds, spans)
    }
}

/// Where a record is, for messages about the record as a whole.
struct Record<'a> {
    file: &'a Arc<str>,
    span: crate::diag::Span,
    set_aside: &'a [String],
}

impl Record<'_> {
    /// Whether the value of `key` was there but wrong (and reported).
    fn was_set_aside(&self, key: &str) -> bool {
        self.set_aside.iter().any(|written| crate::model::raw::project_key(written) == Some(key))
    }
}

/// The life dates of a record, as written.
struct Dates<'a> {
    signed: Option<&'a Spanned<Date>>,
    started: Option<&'a Spanned<Date>>,
    producing: Option<&'a Spanned<Date>>,
    stalled: Option<&'a Spanned<Date>>,
    cancelled: Option<&'a Spanned<Date>>,
}

impl RawProject {
    fn dates(&self) -> Dates<'_> {
        Dates {
            signed: self.signed.as_ref(),
            started: self.started.as_ref(),
            producing: self.producing.as_ref(),
            stalled: self.stalled.as_ref(),
            cancelled: self.cancelled.as_ref(),
        }
    }
}

/// Whole months from `a` to `b` (negative when `b` is earlier).
fn months_between(a: &Date, b: &Date) -> i32 {
    let months = (b.year as i32 - a.year as i32) * 12 + (b.month as i32 - a.month as i32);
    match (a.day, b.day) {
        (Some(x), Some(y)) if y < x => months - 1,
        _ => months,
    }
}
