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
use crate::tr;
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
        for Sourced { file, span, set_aside, record, chinese_keys } in raw {
            if let Some(id) = &record.id {
                if let Some(first) = first_seen.get(&id.value) {
                    let (at, id) = (id.span, &id.value);
                    let message = tr!(zh: "项目编号 `{id}` 用了两次", en: "the project id `{id}` is used twice");
                    self.error(Code::DuplicateId, &file, at, message).related =
                        Some(Box::new((first.clone(), tr!(zh: "第一次在这里", en: "first used here"))));
                    continue;
                }
                first_seen.insert(id.value.clone(), Location::new(&file, id.span));
            }
            let place = Record { file: &file, span, set_aside: &set_aside, chinese_keys };
            if let Some(p) = self.project(&place, record, site, regions, &sectors) {
                projects.push(p);
            }
        }
        projects
    }

    /// A required key's value; its absence is reported unless the value was
    /// there but wrong (already reported).
    fn required<T>(&mut self, record: &Record, value: Option<T>, key: &'static str) -> Option<T> {
        if value.is_none() && !record.was_set_aside(key) {
            let example = record.example(key);
            let key = record.key(key);
            self.error(Code::MissingField, record.file, record.span, tr!(zh: "缺少必填的键 `{key}`", en: "missing required key `{key}`"))
                .hint = Some(tr!(
                zh: "在这个项目里加上 `{example}`；项目的各个键见 `gongbao explain missing-field`",
                en: "add `{example}` to this project; `gongbao explain missing-field` lists a project's keys"
            ));
        }
        value
    }

    fn project(&mut self, rec: &Record, r: RawProject, site: &Site, regions: &Regions, sectors: &HashMap<&str, usize>) -> Option<Project> {
        let file = rec.file;
        if let Some(status) = &r.status {
            self.check_status_dates(rec, status, &r.dates());
        }
        let id = self.required(rec, r.id, "id");
        let id_ok = id.as_ref().is_some_and(|id| self.check_id(file, id, &tr!(zh: "项目", en: "a project")));
        let name = self.required(rec, r.name, "name");
        let investor = self.required(rec, r.investor, "investor");
        let what = [tr!(zh: "项目名称", en: "the project name"), tr!(zh: "投资方", en: "the investor")];
        for (text, what) in [(&name, &what[0]), (&investor, &what[1])] {
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
                    Some(close) => tr!(zh: "是不是 `{close}`？", en: "did you mean `{close}`?"),
                    None => {
                        let known: Vec<String> = site
                            .sectors
                            .iter()
                            .map(|s| (&s.id, &s.name))
                            .map(|(id, name)| tr!(zh: "`{id}`（{name}）", en: "{id} ({name})"))
                            .collect();
                        let known = known.join(", ");
                        tr!(zh: "site.yaml 里的产业：{known}", en: "the sectors of site.yaml: {known}")
                    }
                };
                let sector = &s.value;
                self.error(Code::UnknownSector, file, s.span, tr!(zh: "未知的产业 `{sector}`", en: "unknown sector `{sector}`")).hint =
                    Some(hint);
            }
            found
        });
        let categories = self.categories(file, &r.categories, site);
        let scope = self.required(rec, r.scope, "scope");
        let status = self.required(rec, r.status, "status");
        let amount_span = r.amount.as_ref().map(|a| a.span);
        let amount = self.required(rec, r.amount, "amount").map(|a| self.amount(file, a, site.unit, rec.key("amount")));
        let planned_investment = match r.planned_investment {
            Some(p) => Some(self.amount(file, p, site.unit, rec.key("planned_investment"))),
            None => amount,
        };
        let (funds_in_place, funds_spans, foreign_funds) = self.funds(rec, r.funds_in_place.unwrap_or_default(), site, r.signed.as_ref());
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
            let (unit, year, amount, key) = (site.unit.symbol(), f.year, amount.normalize(), rec.key("amount"));
            let message = tr!(
                zh: "{year}年到位资金 {value}{unit}，超过了全部协议投资额（`{key}`）{amount}{unit}",
                en: "funds in place of {value}{unit} for {year}, more than the whole agreed `{key}` of {amount}{unit}"
            );
            self.warning(Code::ImplausibleFunds, file, *span, message).hint = Some(crate::stats::plausible::both_units(value, site.unit));
        } else if let (Some(amount), Some(span)) = (amount, amount_span)
            && total > amount
            && !amount.is_sign_negative()
        {
            let (total, unit) = (total.normalize(), site.unit.symbol());
            let (funds_key, amount_key) = (rec.key("funds_in_place"), rec.key("amount"));
            self.warning(
                Code::FundsAboveAmount,
                file,
                span,
                tr!(
                    zh: "到位资金（`{funds_key}`）合计 {total}{unit}，超过了协议投资额（`{amount_key}`）{amount}{unit}",
                    en: "`{funds_key}` add up to {total}{unit}, more than the agreed `{amount_key}` of {amount}{unit}"
                ),
            )
            .hint = Some(tr!(
                zh: "核对各笔金额和单位（万元还是亿元），如 `2024: 3000万元`",
                en: "check the amounts and their units (万元 or 亿元), e.g. `2024: 3000万元`"
            ));
        }
        let expected = match r.expected {
            Some(e) => Expected {
                output_value: e.output_value.map(|m| self.amount(file, m, site.unit, rec.key("output_value"))),
                tax: e.tax.map(|m| self.amount(file, m, site.unit, rec.key("tax"))),
                jobs: e.jobs,
            },
            None => Expected::default(),
        };
        let mut problems = Vec::with_capacity(r.problems.len());
        for q in r.problems {
            if let Some(solved) = &q.solved
                && solved.value.cmp_loose(&q.raised.value).is_lt()
            {
                let (raised, solved_on) = (q.raised.value, solved.value);
                self.error(
                    Code::DateOrder,
                    file,
                    solved.span,
                    tr!(zh: "问题的解决日期 {solved_on} 早于提出日期 {raised}", en: "a problem solved ({solved_on}) before it was raised ({raised})"),
                )
                .hint = Some(tr!(zh: "核对 `solved` 和 `raised` 两个日期", en: "check the dates `solved` and `raised`"));
            }
            problems.push(crate::model::Problem {
                raised: q.raised.value,
                solved: q.solved.map(|d| d.value),
                summary: q.summary.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            });
        }
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
            categories,
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
            foreign_funds,
            expected,
            key: r.key,
            public: r.public,
            investor_public: r.investor_public,
            tags: r.tags,
            summary: r.summary,
            progress: r.progress.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            progress_public: r.progress_public,
            problems,
            location: Location::new(file, rec.span),
            amount_at: Location::new(file, amount_span.unwrap_or(rec.span)),
        })
    }

    /// A project's investor categories, by id or name of
    /// `investor_categories`: each once, in the site's order.
    fn categories(&mut self, file: &Arc<str>, written: &[Spanned<String>], site: &Site) -> Vec<usize> {
        let mut found = Vec::with_capacity(written.len());
        for c in written {
            let name = c.value.trim();
            let known = site.investor_categories.iter().position(|k| k.id == name || k.name == name);
            match known {
                Some(i) => found.push(i),
                None => {
                    let names = site.investor_categories.iter().flat_map(|k| [k.id.as_str(), k.name.as_str()]);
                    let hint = match did_you_mean(name, names) {
                        Some(close) => tr!(zh: "是不是 `{close}`？", en: "did you mean `{close}`?"),
                        None if site.investor_categories.is_empty() => tr!(
                            zh: "先在 site.yaml 的 `investor_categories` 下列出企业类别，如 `- {{id: fortune500, name: 世界500强}}`",
                            en: "list the categories under `investor_categories` in site.yaml first, e.g. `- {{id: fortune500, name: 世界500强}}`"
                        ),
                        None => {
                            let known: Vec<String> = site
                                .investor_categories
                                .iter()
                                .map(|k| (&k.id, &k.name))
                                .map(|(id, name)| tr!(zh: "`{id}`（{name}）", en: "{id} ({name})"))
                                .collect();
                            let known = known.join(", ");
                            tr!(zh: "site.yaml 里的企业类别：{known}", en: "the investor categories of site.yaml: {known}")
                        }
                    };
                    self.error(
                        Code::UnknownCategory,
                        file,
                        c.span,
                        tr!(zh: "未知的企业类别 `{name}`", en: "unknown investor category `{name}`"),
                    )
                    .hint = Some(hint);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
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
        let word = rec.status(status);
        let status_key = rec.key("status");
        for (name, date) in dates {
            if required.contains(&name) && date.is_none() && !rec.was_set_aside(name) {
                let name = rec.key(name);
                self.error(
                    Code::MissingDate,
                    file,
                    status_span,
                    tr!(zh: "状态为 `{word}` 的项目要有 `{name}`", en: "status `{word}` needs a `{name}` date"),
                )
                .hint = Some(
                    tr!(zh: "加上 `{name}: 2024-03-18`（写到日或只写到月）", en: "add `{name}: 2024-03-18` (a day or just the month)"),
                );
            }
        }
        if status == Status::Producing && d.started.is_none() {
            let started = rec.key("started");
            self.warning(
                Code::MissingDate,
                file,
                status_span,
                tr!(zh: "已投产的项目没有开工日期（`{started}`）", en: "a producing project has no `{started}` date"),
            )
            .hint = Some(tr!(
                zh: "没有它，项目不计入任何一年的新开工和开工率；加上 `{started}: 2024-05`",
                en: "without it the project is counted in no year's new starts or start rate; add `{started}: 2024-05`"
            ));
        }
        if status == Status::Negotiating
            && let Some(signed) = d.signed
        {
            let later = rec.status(Status::Signed);
            self.error(
                Code::StatusDateMismatch,
                file,
                signed.span,
                tr!(zh: "项目还在谈（`{word}`），却有签约日期", en: "a project still being negotiated (`{word}`) has a signing date"),
            )
            .hint = Some(tr!(
                zh: "签约后改为 `{status_key}: {later}`（或更后的状态）",
                en: "set `{status_key}: {later}` (or a later status) once it is signed"
            ));
        }
        let later_than_status = match status {
            Status::Signed => &["started", "producing"][..],
            Status::Started => &["producing"][..],
            _ => &[][..],
        };
        for (name, date) in dates {
            if let Some(date) = date.as_ref().filter(|_| later_than_status.contains(&name)) {
                let later = rec.status(if name == "started" { Status::Started } else { Status::Producing });
                let name = rec.key(name);
                self.warning(
                    Code::StatusDateMismatch,
                    file,
                    date.span,
                    tr!(zh: "有 `{name}`，状态却是 `{word}`", en: "there is a `{name}` date but the status is `{word}`"),
                )
                .hint = Some(tr!(zh: "是不是 `{status_key}: {later}`？", en: "did you mean `{status_key}: {later}`?"));
            }
        }
        if status != Status::Cancelled
            && let Some(cancelled) = d.cancelled
        {
            let (name, ended) = (rec.key("cancelled"), rec.status(Status::Cancelled));
            self.warning(
                Code::StatusDateMismatch,
                file,
                cancelled.span,
                tr!(zh: "有 `{name}`，状态却不是 `{ended}`", en: "there is a `{name}` date but the status is not `{ended}`"),
            );
        }
        let order = [("signed", d.signed), ("started", d.started), ("producing", d.producing)];
        for (i, (later_name, later)) in order.iter().enumerate() {
            for (earlier_name, earlier) in &order[..i] {
                if let (Some(a), Some(b)) = (earlier, later)
                    && b.value.cmp_loose(&a.value).is_lt()
                {
                    let (later_name, earlier_name, b_date, a_date) = (rec.key(later_name), rec.key(earlier_name), b.value, a.value);
                    self.error(
                        Code::DateOrder,
                        file,
                        b.span,
                        tr!(
                            zh: "`{later_name}` {b_date} 早于 `{earlier_name}` {a_date}",
                            en: "{later_name} {b_date} is before {earlier_name} {a_date}"
                        ),
                    )
                    .hint = Some(tr!(
                        zh: "项目先签约，再开工，再投产：核对这两个日期",
                        en: "a project is signed, then started, then producing: check the two dates"
                    ));
                }
            }
        }
        for (name, date) in [("cancelled", d.cancelled), ("stalled", d.stalled)] {
            if let (Some(signed), Some(date)) = (d.signed, date)
                && date.value.cmp_loose(&signed.value).is_lt()
            {
                let (name, signed_key, at, date, signed) = (rec.key(name), rec.key("signed"), date.span, date.value, signed.value);
                self.error(
                    Code::DateOrder,
                    file,
                    at,
                    tr!(zh: "`{name}` {date} 早于 `{signed_key}` {signed}", en: "{name} {date} is before {signed_key} {signed}"),
                );
            }
        }
        for (name, date) in dates {
            if let Some(date) = date {
                self.not_in_future(file, date, rec.key(name));
            }
        }
        if status == Status::Stalled {
            let since = d.stalled.or(d.started).or(d.signed);
            if let Some(since) = since
                && months_between(&since.value, &self.today) > 12
            {
                let (since, ended) = (since.value, rec.status(Status::Cancelled));
                self.warning(
                    Code::StalledLong,
                    file,
                    status_span,
                    tr!(zh: "项目自 {since} 起停滞，已超过一年", en: "the project has been stalled since {since}, more than a year"),
                )
                .hint = Some(tr!(
                    zh: "与投资方商定是复工还是终止；终止的写 `{status_key}: {ended}`",
                    en: "decide with the investor whether it resumes or is cancelled (`{status_key}: {ended}`)"
                ));
            }
        }
    }

    /// Funds in place keyed by year (`2021`) or date (`2022-03`).
    /// The funds in place, and where each amount is written.
    fn funds(
        &mut self,
        rec: &Record,
        pairs: Pairs<MoneyText>,
        site: &Site,
        signed: Option<&Spanned<Date>>,
    ) -> (Vec<Funds>, Vec<crate::diag::Span>, Vec<Funds>) {
        let file = rec.file;
        let mut foreign = Vec::new();
        let mut funds = Vec::with_capacity(pairs.0.len());
        let mut spans = Vec::with_capacity(pairs.0.len());
        for (key, money) in pairs.0 {
            let text = key.value.trim();
            let (year, date) = if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
                let year = text.parse::<i16>().unwrap_or_default();
                if !(1900..=2999).contains(&year) {
                    self.error(Code::BadDate, file, key.span, tr!(zh: "{year} 不是合理的年份", en: "{year} is not a plausible year"))
                        .hint = Some(tr!(zh: "年份在 1900 到 2999 之间", en: "years run from 1900 to 2999"));
                    continue;
                }
                (year, None)
            } else {
                match Date::parse(text) {
                    Ok(d) => (d.year, Some(d)),
                    Err(e) => {
                        self.error(Code::BadDate, file, key.span, e.to_string()).hint = Some(tr!(
                            zh: "到位资金按年（`2021: 35.5`）或按月（`2022-03: 12`）记",
                            en: "key funds in place by year (`2021: 35.5`) or by month (`2022-03: 12`)"
                        ));
                        continue;
                    }
                }
            };
            if let Some(d) = date {
                self.not_in_future(file, &Spanned { span: key.span, value: d }, &tr!(zh: "到位资金的日期", en: "funds in place dated"));
            } else if year > self.today.year {
                self.warning(
                    Code::FutureDate,
                    file,
                    key.span,
                    tr!(zh: "{year}年的到位资金，这一年还没到", en: "funds in place for {year}, a year still to come"),
                );
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
                        {
                            let signed = signed.value;
                            tr!(zh: "到位资金记在 {text}，早于签约日期 {signed}", en: "funds in place dated {text}, before the signing on {signed}")
                        },
                    )
                    .hint = Some(tr!(
                        zh: "核对这笔资金的年月和签约日期（`{signed_key}`）",
                        en: "check the date of these funds and the signing date (`{signed_key}`)",
                        signed_key = rec.key("signed")
                    ));
                }
            }
            // Dollars stay dollars: their own list, in 万美元, which no yuan
            // figure (到位资金, the funds rate, the checks) reads.
            if money.value.currency == crate::model::money::Currency::Usd {
                let amount = self.usd_amount(file, money, rec.key("funds_in_place"));
                foreign.push(Funds { year, date, amount });
                continue;
            }
            spans.push(money.span);
            let amount = self.amount(file, money, site.unit, rec.key("funds_in_place"));
            funds.push(Funds { year, date, amount });
        }
        (funds, spans, foreign)
    }
}

/// Where a record is, for messages about the record as a whole.
struct Record<'a> {
    file: &'a Arc<str>,
    span: crate::diag::Span,
    set_aside: &'a [String],
    chinese_keys: bool,
}

impl Record<'_> {
    /// The key `english` as this record would write it (`开工日期` in a
    /// record written with Chinese keys).
    fn key(&self, english: &'static str) -> &'static str {
        crate::yaml::as_written(crate::yaml::key_names::<RawProject>(), english, self.chinese_keys)
    }

    /// The word for `status` this record's reader knows: Chinese in a
    /// Chinese message or a record written with Chinese keys (the YAML
    /// takes both).
    fn status(&self, status: Status) -> &'static str {
        if self.chinese_keys || crate::locale::is_chinese() { status_word(status) } else { status.key() }
    }

    /// A line to add for the key `english`, as this record writes keys.
    fn example(&self, english: &'static str) -> String {
        let value = match english {
            "id" => "xishan-2025-001",
            "name" => "年产10万吨新材料项目",
            "investor" => "某某有限公司",
            "amount" => "3.5亿元",
            "scope" => {
                if self.chinese_keys || crate::locale::is_chinese() {
                    "本地"
                } else {
                    "local"
                }
            }
            "status" => self.status(Status::Signed),
            "signed" | "started" | "producing" | "stalled" | "cancelled" => "2024-03-18",
            _ => "…",
        };
        format!("{}: {value}", self.key(english))
    }

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

/// The Chinese word the YAML takes for a status, as the bulletins say it.
fn status_word(status: Status) -> &'static str {
    match status {
        Status::Negotiating => "在谈",
        Status::Signed => "已签约",
        Status::Started => "已开工",
        Status::Producing => "已投产",
        Status::Stalled => "停滞",
        Status::Cancelled => "已终止",
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
