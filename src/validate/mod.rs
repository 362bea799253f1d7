//! Validation: turns the raw records into the checked model, reporting
//! every problem at once with its file, line and column.

mod annual;
mod furniture;
mod project;

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic, Diagnostics, Location, Span, did_you_mean};
use crate::load::{RawContent, Sourced};
use crate::model::raw::{RawPrecision, RawRankings, RawRegion, RawSite};
use crate::model::{Dataset, Date, Lang, LedeItem, Precision, Region, RegionKind, Regions, Scope, Sector, Site, Unit};
use crate::tr;
use crate::yaml::Spanned;

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
        Dataset { site, regions, projects, annuals, briefings, hidden: Vec::new(), negotiating: Vec::new() }
    });
    // No dataset is always explained by an error (an empty site.yaml, no
    // regions); should a path be missed, `check` must still fail as `build`
    // would, rather than find no problems.
    if dataset.is_none() && !diagnostics.has_errors() {
        let file: Arc<str> = Arc::from("site.yaml");
        diagnostics.push(
            Diagnostic::error(
                Code::IncompleteSite,
                Location::file(&file),
                tr!(zh: "无法由这些文件组成网站", en: "the site cannot be put together from its files"),
            )
            .with_hint(tr!(
                zh: "没有别的问题能解释原因：请连同网站文件一起报告此问题",
                en: "no other problem explains why: please report this, with the site's files"
            )),
        );
    }
    diagnostics.sort();
    let dataset = dataset.filter(|_| !diagnostics.has_errors());
    (dataset, diagnostics)
}

/// Carries what every check needs: where to report, and what "today" is.
struct Checker<'a> {
    diagnostics: &'a mut Diagnostics,
    today: Date,
}

/// Whether a region id would take the path of a page under a year's
/// bulletin (`/2025/rankings/`, `/2025/periods/`, `/2025/01-06/`).
fn takes_a_page_path(id: &str) -> bool {
    let period = id.len() == 5 && id.as_bytes()[2] == b'-' && id.bytes().enumerate().all(|(i, b)| i == 2 || b.is_ascii_digit());
    matches!(id, "rankings" | "periods") || period
}

impl Checker<'_> {
    fn error(&mut self, code: Code, file: &Arc<str>, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::error(code, Location::new(file, span), message))
    }

    fn warning(&mut self, code: Code, file: &Arc<str>, span: Span, message: impl Into<String>) -> &mut Diagnostic {
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
        let suggestion = if suggestion.is_empty() { "xishan-2024-001".to_string() } else { suggestion };
        let (span, id) = (id.span, &id.value);
        let d = self.error(Code::BadId, file, span, tr!(zh: "`{id}` 不能作为{what}编号", en: "`{id}` cannot be {what} id"));
        d.hint = Some(tr!(
            zh: "编号只用小写字母 a-z、数字和 `-`，如 `{suggestion}`",
            en: "ids use only lowercase letters a-z, digits and `-`, e.g. `{suggestion}`"
        ));
        false
    }

    /// A required text that must not be blank.
    fn check_text(&mut self, file: &Arc<str>, text: &Spanned<String>, what: &str) {
        if text.value.trim().is_empty() {
            self.error(Code::EmptyValue, file, text.span, tr!(zh: "{what}是空的", en: "{what} is empty")).hint =
                Some(tr!(zh: "写上内容，或删去这一行", en: "write it, or remove the line"));
        }
    }

    fn site(&mut self, raw: Sourced<RawSite>, regions: &Regions) -> Option<Site> {
        let file = &raw.file;
        let s = raw.record;
        // A missing title or address is reported, and the rest checked as if
        // it were there: the projects need only the sectors and the unit.
        let title = match &s.title {
            Some(title) => {
                self.check_text(file, title, &tr!(zh: "网站标题", en: "the site title"));
                title.value.trim().to_string()
            }
            None => {
                self.error(
                    Code::MissingField,
                    file,
                    raw.span,
                    tr!(zh: "缺少必填的键 `title`（标题）", en: "missing required key `title`"),
                )
                .hint = Some(tr!(zh: "写上网站名称，如 `标题: 某某市招商引资公报`", en: "name the site, e.g. `title: 某某市招商引资公报`"));
                String::new()
            }
        };
        let base_url = match &s.base_url {
            Some(url) => {
                let base_url = url.value.trim().to_string();
                if !is_site_address(&base_url) {
                    self.error(
                        Code::BadUrl,
                        file,
                        url.span,
                        tr!(zh: "`{base_url}` 不是网站地址", en: "`{base_url}` is not a site address"),
                    )
                    .hint = Some(tr!(
                        zh: "写完整的地址，如 `https://tzcj.example.gov.cn/`；只在本机看的网站写 `/`",
                        en: "write the full address, e.g. `https://tzcj.example.gov.cn/`, or `/` for a local site"
                    ));
                }
                base_url
            }
            None => {
                self.error(
                    Code::MissingField,
                    file,
                    raw.span,
                    tr!(zh: "缺少必填的键 `base_url`（网址）", en: "missing required key `base_url`"),
                )
                .hint = Some(tr!(
                    zh: "写上网站地址，如 `网址: https://tzcj.example.gov.cn/`；只在本机看的网站写 `/`",
                    en: "give the site's address, e.g. `base_url: https://tzcj.example.gov.cn/`, or `/` for a local site"
                ));
                "/".to_string()
            }
        };
        let furniture = self.furniture(file, &s);
        let min_project_amount = match s.min_project_amount {
            Some(m) => self.amount(file, m, s.unit.unwrap_or_default(), "min_project_amount"),
            None => Decimal::ZERO,
        };
        let percent_decimals = match s.percent_decimals {
            Some(d) if d.value > 6 => {
                self.error(
                    Code::OutOfRange,
                    file,
                    d.span,
                    tr!(zh: "`percent_decimals` 要在 0 到 6 之间", en: "percent_decimals must be between 0 and 6"),
                )
                .hint = Some(tr!(zh: "如 `percent_decimals: 1`", en: "e.g. `percent_decimals: 1`"));
                2
            }
            Some(d) => d.value,
            None => 2,
        };
        let precision = self.precision(file, s.precision.as_ref(), percent_decimals);
        let threshold_label = s.threshold_label.as_ref().map(|l| l.value.trim().to_string()).filter(|l| !l.is_empty());
        let lede = s.lede.as_deref().map(|items| self.lede_items(file, items)).unwrap_or_else(|| LedeItem::DEFAULT.to_vec());
        let mut sectors: Vec<Sector> = Vec::new();
        let mut chains: Vec<String> = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for raw in &s.sectors {
            self.check_id(file, &raw.id, &tr!(zh: "产业", en: "a sector"));
            self.check_text(file, &raw.name, &tr!(zh: "产业名称", en: "the sector name"));
            for key in [&raw.id, &raw.name] {
                if let Some(first) = seen.get(&key.value) {
                    let first = Location::new(file, *first);
                    let sector = &key.value;
                    let d = self.error(
                        Code::DuplicateSector,
                        file,
                        key.span,
                        tr!(zh: "产业 `{sector}` 列了两次", en: "the sector `{sector}` is listed twice"),
                    );
                    d.related = Some(Box::new((first, tr!(zh: "第一次在这里", en: "first listed here"))));
                    d.hint = Some(tr!(zh: "删去其中一个，或给它另取编号和名称", en: "remove one of them, or give it another id and name"));
                } else {
                    seen.insert(key.value.clone(), key.span);
                }
            }
            let name_en = self.english_name(file, raw.name_en.as_ref(), &tr!(zh: "产业英文名", en: "the sector's English name"));
            // A chain is named, not declared: the sectors that give the same
            // name form it, in the order first named.
            let chain = raw.chain.as_ref().map(|c| c.value.trim().to_string()).filter(|c| !c.is_empty()).map(|name| {
                chains.iter().position(|c| *c == name).unwrap_or_else(|| {
                    chains.push(name);
                    chains.len() - 1
                })
            });
            sectors.push(Sector { id: raw.id.value.clone(), name: raw.name.value.trim().to_string(), name_en, chain });
        }
        let investor_categories = self.investor_categories(file, &s.investor_categories);
        let size_brackets = self.size_brackets(file, s.size_brackets.as_deref().unwrap_or_default(), s.unit.unwrap_or_default());
        let theme = match &s.theme {
            Some(theme) if crate::theme::is_theme_name(&theme.value) => theme.value.clone(),
            Some(theme) => {
                let name = &theme.value;
                self.error(Code::BadTheme, file, theme.span, tr!(zh: "`{name}` 不是主题名", en: "`{name}` is not a theme name")).hint =
                    Some(tr!(
                        zh: "写 themes/ 下的一个文件夹名，如 `theme: gov` 对应 themes/gov/；网站文件夹以外的都不读",
                        en: "name a folder under themes/, e.g. `theme: gov` for themes/gov/; nothing outside the site folder is read"
                    ));
                "default".to_string()
            }
            None => "default".to_string(),
        };
        let mut scope_labels = Vec::new();
        for (scope, label) in &s.scope_labels {
            self.check_text(file, label, &tr!(zh: "资金来源的名称", en: "a scope label"));
            scope_labels.push((*scope, label.value.trim().to_string()));
        }
        let title_en = self.english_name(file, s.title_en.as_ref(), &tr!(zh: "英文标题", en: "the English title"));
        let script_exceptions = self.script_exceptions(file, s.script_exceptions.as_ref());
        let mut editions: Vec<Lang> = Vec::new();
        for edition in &s.editions {
            if !editions.contains(&edition.value) {
                editions.push(edition.value);
            }
        }
        // Without regions nothing else can be checked (that is reported
        // where the regions are read); an unknown root region is reported
        // and the first region stands in, so the projects are still checked.
        if regions.list.is_empty() {
            return None;
        }
        if let Some(id) = &s.root_region
            && regions.get(&id.value).is_none()
        {
            let hint = unknown_hint(&id.value, regions.ids(), &tr!(zh: "已有的区域", en: "known regions"));
            let region = &id.value;
            self.error(
                Code::UnknownRegion,
                file,
                id.span,
                tr!(zh: "本级区域 `{region}` 不在 content/regions.yaml 里", en: "the root region `{region}` is not in content/regions.yaml"),
            )
            .hint = Some(hint);
        }
        let root_region = s.root_region.as_ref().and_then(|id| regions.get(&id.value)).unwrap_or(0);
        let funds_scopes = s.funds_scopes.clone().unwrap_or_else(|| Scope::ALL.to_vec());
        let rankings = self.rankings(file, s.rankings.as_ref(), &funds_scopes);
        Some(Site {
            title,
            base_url: if base_url.ends_with('/') { base_url } else { base_url + "/" },
            language: s.language.unwrap_or_default(),
            editions,
            root_region,
            unit: s.unit.unwrap_or_default(),
            min_project_amount,
            funds_scopes,
            scope_labels,
            publisher: s.publisher.as_ref().map(|p| p.value.trim().to_string()).filter(|p| !p.is_empty()),
            percent_decimals,
            precision,
            threshold_label,
            lede,
            sectors,
            investor_categories,
            chains,
            size_brackets,
            theme,
            title_en,
            script_exceptions,
            ledger_starts: s.ledger_starts.map(|d| d.value),
            hidden_in_totals: s.hidden_in_totals.unwrap_or(true),
            publish_negotiating_totals: s.publish_negotiating_totals.unwrap_or(false),
            rankings,
            periods: s.periods.clone(),
            furniture,
            plausibility: {
                let raw = s.plausibility.as_ref();
                let defaults = crate::model::Plausibility::default();
                crate::model::Plausibility {
                    median_factor: raw.and_then(|p| p.median_factor).unwrap_or(defaults.median_factor),
                    min_projects: raw.and_then(|p| p.min_projects).unwrap_or(defaults.min_projects),
                    above_target: raw.and_then(|p| p.above_target).unwrap_or(defaults.above_target),
                    growth_above: raw.and_then(|p| p.growth_above).unwrap_or(defaults.growth_above),
                    funds_slip: raw.and_then(|p| p.funds_slip).unwrap_or(defaults.funds_slip),
                }
            },
        })
    }

    /// `precision:` over the defaults: 2 places for amounts, and
    /// `percent_decimals` for percentages.
    fn precision(&mut self, file: &Arc<str>, raw: Option<&RawPrecision>, percent_decimals: u32) -> Precision {
        let mut precision = Precision::with_percent_decimals(percent_decimals);
        let Some(raw) = raw else { return precision };
        let fields = [
            (&raw.amount, &mut precision.amount, "amount"),
            (&raw.growth, &mut precision.growth, "growth"),
            (&raw.completion, &mut precision.completion, "completion"),
            (&raw.points, &mut precision.points, "points"),
            (&raw.percent, &mut precision.percent, "percent"),
        ];
        for (given, slot, key) in fields {
            match given {
                Some(d) if d.value > 6 => {
                    self.error(
                        Code::OutOfRange,
                        file,
                        d.span,
                        tr!(zh: "`precision` 的 `{key}` 要在 0 到 6 之间", en: "precision `{key}` must be between 0 and 6"),
                    )
                    .hint = Some(tr!(zh: "小数位数写 0 到 6，如 `{key}: 2`", en: "give 0 to 6 decimal places, e.g. `{key}: 2`"));
                }
                Some(d) => *slot = d.value,
                None => {}
            }
        }
        precision
    }

    /// `rankings:` over the defaults; an unknown indicator is an error with
    /// the closest name.
    fn rankings(&mut self, file: &Arc<str>, raw: Option<&RawRankings>, funds_scopes: &[Scope]) -> crate::model::Rankings {
        let mut rankings = crate::model::Rankings::of_scopes(funds_scopes);
        let Some(raw) = raw else { return rankings };
        if let Some(names) = &raw.indicators {
            rankings.indicators = self.metrics(file, names);
        }
        rankings.place_in_parent = self.metrics(file, &raw.place_in_parent);
        rankings.red_black = match &raw.red_black {
            Some(n) if n.value == 0 || n.value > 50 => {
                self.error(
                    Code::OutOfRange,
                    file,
                    n.span,
                    tr!(zh: "`red_black` 要在 1 到 50 之间", en: "red_black must be between 1 and 50"),
                )
                .hint = Some(tr!(
                    zh: "写上榜的个数，如 `red_black: 3`；不要红黑榜就删去这一行",
                    en: "give how many are listed, e.g. `red_black: 3`; remove the line for no red and black lists"
                ));
                None
            }
            Some(n) => Some(n.value),
            None => None,
        };
        rankings
    }

    /// The metrics a list names (by id or Chinese name), each once, in the
    /// written order; an unknown name is an error with the closest id.
    fn metrics(&mut self, file: &Arc<str>, names: &[Spanned<String>]) -> Vec<crate::model::Metric> {
        let mut metrics = Vec::with_capacity(names.len());
        for name in names {
            match crate::model::Metric::from_key(name.value.trim()) {
                Some(metric) if !metrics.contains(&metric) => metrics.push(metric),
                Some(_) => {}
                None => {
                    let known = crate::model::metric::METRICS.iter().map(|i| i.id);
                    let hint = unknown_hint(&name.value, known, &tr!(zh: "可用的指标", en: "the indicators"));
                    let (span, name) = (name.span, &name.value);
                    self.error(Code::UnknownValue, file, span, tr!(zh: "`{name}` 不是指标名", en: "`{name}` is not an indicator")).hint =
                        Some(hint);
                }
            }
        }
        metrics
    }

    /// The clauses a `lede:` list names; an unknown name is an error with
    /// the closest name.
    pub(crate) fn lede_items(&mut self, file: &Arc<str>, items: &[Spanned<String>]) -> Vec<LedeItem> {
        let mut clauses = Vec::with_capacity(items.len());
        for item in items {
            match LedeItem::from_name(&item.value) {
                Some(clause) if !clauses.contains(&clause) => clauses.push(clause),
                Some(_) => {}
                None => {
                    let hint = unknown_hint(&item.value, LedeItem::names(), &tr!(zh: "导语可用的分句", en: "the lede's clauses"));
                    let clause = &item.value;
                    self.error(
                        Code::UnknownValue,
                        file,
                        item.span,
                        tr!(zh: "`{clause}` 不是导语的分句", en: "`{clause}` is not a clause of the lede"),
                    )
                    .hint = Some(hint);
                }
            }
        }
        clauses
    }

    /// `investor_categories`: each id and name once, like the sectors.
    fn investor_categories(&mut self, file: &Arc<str>, raw: &[crate::model::raw::RawCategory]) -> Vec<crate::model::InvestorCategory> {
        let mut categories = Vec::with_capacity(raw.len());
        let mut seen: HashMap<String, Span> = HashMap::new();
        for c in raw {
            self.check_id(file, &c.id, &tr!(zh: "企业类别", en: "an investor category"));
            self.check_text(file, &c.name, &tr!(zh: "企业类别名称", en: "the investor category name"));
            for key in [&c.id, &c.name] {
                let name = key.value.trim();
                if let Some(first) = seen.get(name) {
                    let first = Location::new(file, *first);
                    let d = self.error(
                        Code::DuplicateCategory,
                        file,
                        key.span,
                        tr!(zh: "企业类别 `{name}` 列了两次", en: "the investor category `{name}` is listed twice"),
                    );
                    d.related = Some(Box::new((first, tr!(zh: "第一次在这里", en: "first listed here"))));
                    d.hint = Some(tr!(zh: "删去其中一个，或给它另取编号和名称", en: "remove one of them, or give it another id and name"));
                } else {
                    seen.insert(name.to_string(), key.span);
                }
            }
            let name_en =
                self.english_name(file, c.name_en.as_ref(), &tr!(zh: "企业类别英文名", en: "the investor category's English name"));
            categories.push(crate::model::InvestorCategory {
                id: c.id.value.clone(),
                name: c.name.value.trim().to_string(),
                name_en,
                lede: c.lede,
            });
        }
        categories
    }

    /// An optional English name (`name_en`, `title_en` …): trimmed, and not blank.
    pub(super) fn english_name(&mut self, file: &Arc<str>, name: Option<&Spanned<String>>, what: &str) -> Option<String> {
        let name = name?;
        self.check_text(file, name, what);
        Some(name.value.trim().to_string()).filter(|n| !n.is_empty())
    }

    /// `script_exceptions`: Simplified phrase → the exact text Traditional
    /// pages show. A blank phrase would match nowhere and a blank
    /// replacement would delete the phrase from every page: both are errors.
    fn script_exceptions(&mut self, file: &Arc<str>, pairs: Option<&crate::yaml::Pairs<String>>) -> Vec<(String, String)> {
        // A phrase given twice is a `duplicate-key` of the YAML mapping.
        let mut list: Vec<(String, String)> = Vec::new();
        for (from, to) in pairs.map(|p| p.0.as_slice()).unwrap_or_default() {
            if from.value.trim().is_empty() {
                self.error(
                    Code::EmptyValue,
                    file,
                    from.span,
                    tr!(zh: "繁简例外里有一条的词语是空的", en: "a script exception has an empty phrase"),
                )
                .hint = Some(tr!(
                    zh: "写简体词语和繁体页面上要显示的文字，如 `东湖里: 東湖里`",
                    en: "write the Simplified phrase and the text to show for it, e.g. `东湖里: 東湖里`"
                ));
                continue;
            }
            if to.value.trim().is_empty() {
                let phrase = &from.value;
                self.error(
                    Code::EmptyValue,
                    file,
                    to.span,
                    tr!(zh: "`{phrase}` 的繁简例外是空的", en: "the script exception for `{phrase}` is empty"),
                )
                .hint = Some(tr!(
                    zh: "写繁体页面上 `{phrase}` 要显示的文字，如 `东湖里: 東湖里`",
                    en: "write the text Traditional pages show for `{phrase}`, e.g. `东湖里: 東湖里`"
                ));
                continue;
            }
            list.push((from.value.clone(), to.value.clone()));
        }
        list
    }

    /// Flattens the region tree, parents first.
    fn regions(&mut self, raw: &[Sourced<RawRegion>]) -> Regions {
        let mut regions = Regions::default();
        let mut places: HashMap<String, Location> = HashMap::new();
        // (region, parent, depth), walked without recursion.
        let mut stack: Vec<(&Arc<str>, &RawRegion, Option<usize>, usize)> =
            raw.iter().rev().map(|r| (&r.file, &r.record, None, 0)).collect();
        while let Some((file, r, parent, depth)) = stack.pop() {
            if self.check_id(file, &r.id, &tr!(zh: "区域", en: "a region")) && takes_a_page_path(&r.id.value) {
                let id = &r.id.value;
                self.error(
                    Code::BadId,
                    file,
                    r.id.span,
                    tr!(zh: "区域编号 `{id}` 与公报的页面路径重名", en: "the region id `{id}` is the name of a bulletin page's path"),
                )
                .hint = Some(tr!(
                    zh: "`rankings`、`periods` 和 `01-06` 这样的编号留给排名页和月度通报；给区域另取编号，如 `{id}-qu`",
                    en: "`rankings`, `periods` and ids like `01-06` are the paths of rankings and monthly bulletins; give the region another id, e.g. `{id}-qu`"
                ));
            }
            self.check_text(file, &r.name, &tr!(zh: "区域名称", en: "the region name"));
            let here = Location::new(file, r.id.span);
            if let Some(first) = places.get(&r.id.value) {
                let id = &r.id.value;
                let d = self.error(
                    Code::DuplicateId,
                    file,
                    r.id.span,
                    tr!(zh: "区域编号 `{id}` 用了两次", en: "the region id `{id}` is used twice"),
                );
                d.related = Some(Box::new((first.clone(), tr!(zh: "第一次在这里", en: "first used here"))));
                d.hint =
                    Some(tr!(zh: "每个区域的编号都不同：给其中一个另取编号", en: "each region has its own id: give one of them another"));
                continue;
            }
            places.insert(r.id.value.clone(), here);
            let index = regions.list.len();
            regions.by_id.insert(r.id.value.clone(), index);
            let name_en = self.english_name(file, r.name_en.as_ref(), &tr!(zh: "区域英文名", en: "the region's English name"));
            regions.list.push(Region {
                name_en,
                id: r.id.value.clone(),
                name: r.name.value.trim().to_string(),
                kind: region_kind(r, parent.is_none()),
                kind_label: r.kind_label.as_ref().map(|l| l.value.trim().to_string()).filter(|l| !l.is_empty()),
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
            let hint = unknown_hint(&id.value, regions.ids(), &tr!(zh: "已有的区域", en: "known regions"));
            let region = &id.value;
            self.error(Code::UnknownRegion, file, id.span, tr!(zh: "未知的区域 `{region}`", en: "unknown region `{region}`")).hint =
                Some(hint);
        }
        found
    }

    /// Money in the site's unit, for the key `key`. Negative amounts, and
    /// amounts beyond any economy (a slip of unit, or of the keyboard), are
    /// errors; the latter count as zero so that no sum can overflow.
    /// `size_brackets`: positive amounts, each larger than the one before.
    /// The first bracket is below the first bound, so a bound of 0 would
    /// make an empty bracket.
    fn size_brackets(&mut self, file: &Arc<str>, raw: &[Spanned<crate::model::money::MoneyText>], unit: Unit) -> Vec<Decimal> {
        let mut bounds = Vec::with_capacity(raw.len());
        for given in raw {
            let value = self.amount(file, given.clone(), unit, "size_brackets");
            if value <= Decimal::ZERO {
                self.error(
                    Code::OutOfRange,
                    file,
                    given.span,
                    tr!(zh: "规模分档要大于零：{value}", en: "a size bracket must be above zero: {value}"),
                )
                .hint = Some(
                    tr!(zh: "从最小一档的下限写起，如 `size_brackets: [0.1, 1, 5, 10, 50]`", en: "start from the lower bound of the smallest bracket, e.g. `size_brackets: [0.1, 1, 5, 10, 50]`"),
                );
            } else if let Some(before) = bounds.last().copied().filter(|b: &Decimal| value <= *b) {
                self.error(
                    Code::OutOfRange,
                    file,
                    given.span,
                    tr!(zh: "规模分档要从小到大：{value} 不大于前一档 {before}", en: "size brackets must ascend: {value} is not above {before}"),
                )
                .hint = Some(tr!(zh: "按从小到大写，如 `size_brackets: [0.1, 1, 5, 10, 50]`", en: "list them smallest first, e.g. `size_brackets: [0.1, 1, 5, 10, 50]`"));
            } else {
                bounds.push(value);
            }
        }
        bounds
    }

    fn amount(&mut self, file: &Arc<str>, money: Spanned<crate::model::money::MoneyText>, unit: Unit, key: &str) -> Decimal {
        if money.value.currency == crate::model::money::Currency::Usd {
            // No exchange rate is ever assumed: a dollar amount has no value
            // in yuan, so it counts as nothing rather than as a guess.
            let written = money.value.written();
            self.error(
                Code::CurrencyMismatch,
                file,
                money.span,
                tr!(zh: "`{key}` 要用人民币，这里写的是美元（{written}）", en: "`{key}` is in 人民币, but US dollars are written ({written})"),
            )
            .hint = Some(tr!(
                zh: "这里写人民币金额，如 `3.5亿元`；美元不换算，只写在到位资金下（如 `2025: 500万美元`），计入实际到位外资；详见 `gongbao explain currency-mismatch`",
                en: "write an amount in 人民币 here, e.g. `3.5亿元`; dollars are never converted: write them as funds in place (e.g. `2025: 500万美元`), which count as foreign capital; see `gongbao explain currency-mismatch`"
            ));
            return Decimal::ZERO;
        }
        let Some(value) = money.value.in_unit(unit) else {
            self.error(
                Code::OutOfRange,
                file,
                money.span,
                tr!(zh: "`{key}` 大得不可能是真的", en: "`{key}` is far too large to be real"),
            )
            .hint = Some(tr!(
                zh: "超过一亿亿元（10^16 元）的金额不收；核对数字和单位",
                en: "amounts above 一亿亿元 (10^16 元) are refused; check the number and its unit"
            ));
            return Decimal::ZERO;
        };
        if value.is_sign_negative() && !value.is_zero() {
            self.error(Code::NegativeAmount, file, money.span, tr!(zh: "`{key}` 是负数：{value}", en: "`{key}` is negative: {value}"))
                .hint = Some(tr!(
                zh: "金额不会小于零；撤资的项目记为已终止",
                en: "amounts are never below zero; record a withdrawal as a cancellation"
            ));
        }
        value
    }

    /// Money in US dollars, in 万美元, for the key `key` (a dollar funds
    /// entry, the foreign-capital target): a bare number is already in
    /// 万美元; an amount in yuan is an error, as no exchange rate is assumed.
    fn usd_amount(&mut self, file: &Arc<str>, money: Spanned<crate::model::money::MoneyText>, key: &str) -> Decimal {
        if money.value.currency != crate::model::money::Currency::Usd && money.value.unit.is_some() {
            let written = money.value.written();
            self.error(
                Code::CurrencyMismatch,
                file,
                money.span,
                tr!(zh: "`{key}` 要用美元，这里写的是人民币（{written}）", en: "`{key}` is in US dollars, but 人民币 is written ({written})"),
            )
            .hint = Some(tr!(
                zh: "外资按美元计，不折算：写成 `5000万美元` 或 `1.2亿美元`",
                en: "foreign capital is counted in dollars, never converted: write `5000万美元` or `1.2亿美元`"
            ));
            return Decimal::ZERO;
        }
        let Some(value) = money.value.in_usd_wan() else {
            self.error(
                Code::OutOfRange,
                file,
                money.span,
                tr!(zh: "`{key}` 大得不可能是真的", en: "`{key}` is far too large to be real"),
            )
            .hint = Some(tr!(zh: "核对数字和单位（万美元还是亿美元）", en: "check the number and its unit (万美元 or 亿美元)"));
            return Decimal::ZERO;
        };
        if value.is_sign_negative() && !value.is_zero() {
            self.error(Code::NegativeAmount, file, money.span, tr!(zh: "`{key}` 是负数：{value}", en: "`{key}` is negative: {value}"))
                .hint = Some(tr!(
                zh: "金额不会小于零；撤资的项目记为已终止",
                en: "amounts are never below zero; record a withdrawal as a cancellation"
            ));
        }
        value
    }

    /// Warns about a date after the reference date.
    fn not_in_future(&mut self, file: &Arc<str>, date: &Spanned<Date>, what: &str) {
        if date.value.cmp_loose(&self.today).is_gt() {
            let (date_value, today) = (date.value, self.today);
            self.warning(
                Code::FutureDate,
                file,
                date.span,
                tr!(zh: "{what} {date_value} 还没到（今天是 {today}）", en: "{what} {date_value} is in the future (today is {today})"),
            )
            .hint = Some(tr!(zh: "计划中的日期等到真正发生再写", en: "a planned date does not belong here until it happens"));
        }
    }
}

/// A site's address: absolute on the web (`https://…/`) or a path (`/`).
pub fn is_site_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://") || (url.starts_with('/') && !url.starts_with("//"))
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
    let lowered: String = text.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    lowered.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

/// "did you mean …?" when a known name is close, else the list of names.
fn unknown_hint<'a>(word: &str, known: impl Iterator<Item = &'a str> + Clone, what: &str) -> String {
    match did_you_mean(word, known.clone()) {
        Some(s) => tr!(zh: "是不是 `{s}`？", en: "did you mean `{s}`?"),
        None => {
            let all: Vec<&str> = known.collect();
            let shown = all.iter().take(12).copied().collect::<Vec<_>>().join(", ");
            let rest = all.len().saturating_sub(12);
            let more = if rest > 0 { tr!(zh: " 等，另有 {rest} 个", en: " and {rest} more") } else { String::new() };
            tr!(zh: "{what}：{shown}{more}", en: "{what}: {shown}{more}")
        }
    }
}

/// A region's kind: as written, else as its name implies. The site's own
/// region is never the generic "county-level" kind, which reads
/// "县（市、区）": its name says better what it is.
fn region_kind(r: &RawRegion, is_root: bool) -> Option<RegionKind> {
    match r.kind {
        Some(RegionKind::County) if is_root => RegionKind::from_name(&r.name.value),
        Some(kind) => Some(kind),
        None => RegionKind::from_name(&r.name.value),
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

    #[test]
    fn region_ids_keep_clear_of_page_paths() {
        for taken in ["rankings", "periods", "01-06", "12-31"] {
            assert!(takes_a_page_path(taken), "{taken}");
        }
        for free in ["xishan", "rankings-2", "01-06a", "1-6", "ab-cd"] {
            assert!(!takes_a_page_path(free), "{free}");
        }
    }
}
