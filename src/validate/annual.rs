//! Checks of annual files (targets, baselines, facts) and of briefings'
//! front matter.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::{Checker, is_valid_id};
use crate::diag::{Code, Location};
use crate::load::{RawBriefing, Sourced};
use crate::model::raw::RawFact;
use crate::model::raw::{RawAnnual, RawMetricValue, RawMetricValues};
use crate::model::{Annual, Briefing, Campaign, Fact, MetricValues, Regions, Site};
use crate::tr;
use crate::yaml::Spanned;

impl Checker<'_> {
    pub(super) fn annuals(&mut self, raw: Vec<Sourced<RawAnnual>>, site: &Site, regions: &Regions) -> Vec<Annual> {
        let mut first_seen: HashMap<(usize, i16), Location> = HashMap::new();
        let mut annuals = Vec::with_capacity(raw.len());
        for Sourced { file, span, record: a, .. } in raw {
            let region = self.region_ref(&file, &a.region, regions);
            let year = self.year(&file, &a.year);
            if let Some(as_of) = &a.as_of {
                if let Some(year) = year
                    && as_of.value.year != year
                {
                    let date = as_of.value;
                    self.error(
                        Code::BadDate,
                        &file,
                        as_of.span,
                        tr!(zh: "截至日期 `as_of` {date} 不在 {year} 年", en: "as_of {date} is not in {year}"),
                    )
                    .hint = Some(tr!(
                        zh: "{year}年的数字截至{year}年的某一天，如 `as_of: {year}-12-31`",
                        en: "the figures of {year} stand at a date of {year}, e.g. `as_of: {year}-12-31`"
                    ));
                }
                self.not_in_future(&file, as_of, "as_of");
            }
            let targets = self.metric_values(&file, a.targets, site);
            let baseline = self.metric_values(&file, a.baseline, site);
            let baseline_same_period = self.metric_values(&file, a.baseline_same_period, site);
            let facts = self.facts(&file, a.facts, false);
            let mut campaigns = Vec::with_capacity(a.campaigns.len());
            for c in a.campaigns {
                self.check_text(&file, &c.name, &tr!(zh: "专项行动名称", en: "the campaign name"));
                if c.to.value.cmp_loose(&c.from.value).is_lt() {
                    let (from, to) = (c.from.value, c.to.value);
                    self.error(
                        Code::DateOrder,
                        &file,
                        c.to.span,
                        tr!(zh: "专项行动的结束日期 {to} 早于开始日期 {from}", en: "the campaign ends ({to}) before it begins ({from})"),
                    )
                    .hint = Some(tr!(
                        zh: "跨年的行动写次年的日期，如 `to: 2026-02-05`",
                        en: "a campaign into the next year ends on a date of that year, e.g. `to: 2026-02-05`"
                    ));
                }
                let facts = self.facts(&file, c.facts, false);
                campaigns.push(Campaign { name: c.name.value.trim().to_string(), from: c.from.value, to: c.to.value, facts });
            }
            let lede = a.lede.as_deref().map(|items| self.lede_items(&file, items));
            let (Some(region), Some(year)) = (region, year) else { continue };
            let here = Location::new(&file, a.region.span);
            if let Some(first) = first_seen.get(&(region, year)) {
                let id = &a.region.value;
                let d = self.error(
                    Code::DuplicateAnnual,
                    &file,
                    a.region.span,
                    tr!(zh: "`{id}` 的 {year} 年度文件有了第二个", en: "a second annual file for `{id}` in {year}"),
                );
                d.related = Some(Box::new((first.clone(), tr!(zh: "第一个在这里", en: "the first one"))));
                d.hint = Some(tr!(
                    zh: "一个区域一年只有一个年度文件：把两个合并，或改正其中一个的 `region` 或 `year`",
                    en: "a region has one annual file a year: merge the two, or correct the `region` or `year` of one"
                ));
                continue;
            }
            first_seen.insert((region, year), here);
            let mut published_months: Vec<u8> = Vec::new();
            for m in &a.published_months {
                match u8::try_from(m.value).ok().filter(|n| (1..=12).contains(n)) {
                    Some(n) => published_months.push(n),
                    None => {
                        let month = m.value;
                        self.error(
                            Code::OutOfRange,
                            &file,
                            m.span,
                            tr!(zh: "`published_months` 里的 {month} 不是月份", en: "{month} in `published_months` is not a month"),
                        )
                        .hint = Some(tr!(
                            zh: "写已发布的1—N月通报的 N，1 到 12，如 `published_months: [1, 2, 3]`",
                            en: "list the N of each 1—N月 bulletin released, 1 to 12, e.g. `published_months: [1, 2, 3]`"
                        ));
                    }
                }
            }
            published_months.sort_unstable();
            published_months.dedup();
            annuals.push(Annual {
                region,
                year,
                as_of: a.as_of.map(|d| d.value),
                published_months,
                targets,
                baseline,
                baseline_same_period,
                facts,
                campaigns,
                publisher: a.publisher.map(|p| p.value.trim().to_string()).filter(|p| !p.is_empty()),
                published: a.published.map(|d| d.value),
                lede,
                location: Location::new(&file, span),
            });
        }
        annuals.sort_by_key(|a| (a.region, a.year));
        annuals
    }

    /// Stated facts with their sub-items. A fact that is summed, or has
    /// last year's value, must be a number: a sum or a growth of "约20" is
    /// no figure. Sub-items of a summable fact are summable too.
    fn facts(&mut self, file: &Arc<str>, raw: Vec<RawFact>, within_summable: bool) -> Vec<Fact> {
        let mut facts = Vec::with_capacity(raw.len());
        for f in raw {
            let label_en = self.english_name(file, f.label_en.as_ref(), &tr!(zh: "概况的英文名称", en: "the fact's English label"));
            let unit_en = self.english_name(file, f.unit_en.as_ref(), &tr!(zh: "概况的英文单位", en: "the fact's English unit"));
            let summable = f.summable || within_summable;
            let label = f.label.trim().to_string();
            let numbers = [(Some(&f.value), summable || f.previous.is_some()), (f.previous.as_ref(), true)];
            for (text, must) in numbers {
                if let Some(text) = text.filter(|t| must && crate::stats::fact_number(&t.value).is_none()) {
                    let value = text.value.trim();
                    self.error(
                        Code::WrongType,
                        file,
                        text.span,
                        tr!(
                            zh: "工作数据“{label}”的 `{value}` 不是数字，不能汇总或算同比",
                            en: "`{value}` of the fact “{label}” is not a number: it cannot be summed or compared with last year"
                        ),
                    )
                    .hint = Some(tr!(
                        zh: "只写数字，如 `value: 21`，单位写在 `unit` 里",
                        en: "write the number alone, e.g. `value: 21`, and the unit under `unit`"
                    ));
                }
            }
            let items = self.facts(file, f.items, summable);
            facts.push(Fact {
                key: f.id.map(|id| id.value.trim().to_string()).filter(|id| !id.is_empty()).unwrap_or_else(|| label.clone()),
                label,
                value: f.value.value.trim().to_string(),
                unit: f.unit.unwrap_or_default(),
                label_en,
                unit_en,
                previous: f.previous.map(|p| p.value.trim().to_string()),
                items,
                summable,
            });
        }
        facts
    }

    /// A year of the bulletins: from 1900 to 2999, as dates are.
    fn year(&mut self, file: &Arc<str>, year: &Spanned<i64>) -> Option<i16> {
        let plausible = (1900..=2999).contains(&year.value);
        let year_span = year.span;
        if !plausible {
            let year = year.value;
            self.error(Code::OutOfRange, file, year_span, tr!(zh: "{year} 不是合理的年份", en: "{year} is not a plausible year")).hint =
                Some(tr!(zh: "年份在 1900 到 2999 之间", en: "years run from 1900 to 2999"));
        }
        plausible.then_some(year.value as i16)
    }

    /// Targets or baseline values, in the site's unit and in percent.
    fn metric_values(&mut self, file: &Arc<str>, raw: RawMetricValues, site: &Site) -> MetricValues {
        let mut values = Vec::with_capacity(raw.0.len());
        for (metric, value) in raw.0 {
            match value {
                RawMetricValue::Count(c) => values.push((metric, Decimal::from(c.value), c.span)),
                RawMetricValue::Money(m) if metric.kind() == crate::model::MetricKind::MoneyUsd => {
                    let span = m.span;
                    values.push((metric, self.usd_amount(file, m, metric.name()), span));
                }
                RawMetricValue::Money(m) => {
                    let span = m.span;
                    values.push((metric, self.amount(file, m, site.unit, metric.name()), span));
                }
                RawMetricValue::Rate(r) => {
                    if r.value.0 < Decimal::ZERO || r.value.0 > Decimal::ONE_HUNDRED {
                        let name = metric.name();
                        self.error(
                            Code::OutOfRange,
                            file,
                            r.span,
                            tr!(zh: "`{name}` 要在 0% 到 100% 之间", en: "{name} must be between 0% and 100%"),
                        )
                        .hint = Some(tr!(zh: "写百分数，如 `{name}: 60%`", en: "write a percentage, e.g. `{name}: 60%`"));
                    }
                    values.push((metric, r.value.0, r.span));
                }
            }
        }
        values.sort_by_key(|(m, _, _)| *m);
        MetricValues(values)
    }

    pub(super) fn briefings(&mut self, raw: Vec<Sourced<RawBriefing>>, regions: &Regions) -> Vec<Briefing> {
        let mut first_seen: HashMap<String, Location> = HashMap::new();
        let mut briefings = Vec::with_capacity(raw.len());
        for Sourced { file, span, record, .. } in raw {
            let RawBriefing { front, body, body_line_offset, stem, folder } = record;
            self.check_text(&file, &front.title, &tr!(zh: "标题", en: "the title"));
            let slug = match &front.slug {
                Some(slug) => self.check_id(&file, slug, &tr!(zh: "简报", en: "a briefing")).then(|| slug.value.clone()),
                None if is_valid_id(&stem) => Some(stem),
                None => {
                    self.error(
                        Code::BadId,
                        &file,
                        span,
                        tr!(zh: "文件名 `{stem}` 不能用作网址", en: "the file name `{stem}` cannot be a web address"),
                    )
                    .hint = Some(tr!(
                        zh: "文件改用小写字母、数字和 `-` 命名，或在文件头加上 `slug: a-name`",
                        en: "rename the file with lowercase letters, digits and `-`, or add `slug: a-name` to the front matter"
                    ));
                    None
                }
            };
            let region = match &front.region {
                Some(id) => self.region_ref(&file, id, regions).map(Some),
                None => Some(None),
            };
            if !front.draft {
                self.not_in_future(&file, &front.date, &tr!(zh: "日期", en: "the date"));
            }
            let year = match &front.year {
                Some(year) => self.year(&file, year),
                None => Some(front.date.value.year),
            };
            let (Some(slug), Some(region), Some(year)) = (slug, region, year) else { continue };
            if let Some(first) = first_seen.get(&slug) {
                let d = self.error(
                    Code::DuplicateId,
                    &file,
                    span,
                    tr!(zh: "又一篇网址为 `{slug}` 的简报", en: "a second briefing with the address `{slug}`"),
                );
                d.related = Some(Box::new((first.clone(), tr!(zh: "第一篇在这里", en: "the first one"))));
                d.hint = Some(tr!(zh: "给其中一篇另写 `slug: another-name`", en: "give one of them another `slug: another-name`"));
                continue;
            }
            first_seen.insert(slug.clone(), Location::new(&file, span));
            briefings.push(Briefing {
                slug,
                title: front.title.value.trim().to_string(),
                date: front.date.value,
                region,
                year,
                authors: front.authors.into_vec(),
                source: front.source,
                summary: front.summary,
                draft: front.draft,
                body,
                file,
                body_line_offset,
                folder,
            });
        }
        briefings.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        briefings
    }
}
