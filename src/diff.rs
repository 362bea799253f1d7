//! `gongbao diff`: what a change to the content changes in what is
//! published. The current site is compared with a git revision of it (read
//! through `git ls-tree` and `git cat-file`, without a second checkout) or
//! with another folder: the bulletins' figures, the projects field by
//! field, and the ledes. Each side is checked and filtered for its audience
//! exactly as a build would, so a public diff names nothing a public build
//! would not show.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::{self, Format};
use crate::load::LoadError;
use crate::model::date::reference_date;
use crate::model::{Audience, Dataset, Kind, Metric, MetricKind, Project, Scope, Status, Unit};
use crate::pipeline::{self, BuildError};
use crate::stats::Figures;
use crate::theme::Theme;
use crate::tr;

/// At most this many rows of each table in Markdown: a pull-request comment
/// on a year's ledger import stays readable, and says how many it leaves out.
const MARKDOWN_ROWS: usize = 50;
/// At most this many lede changes in Markdown.
const MARKDOWN_LEDES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

/// What the current site is compared with.
#[derive(Debug, Clone)]
pub enum Base {
    /// A git revision of the same site folder.
    Revision(String),
    /// Another site folder.
    Folder(PathBuf),
}

#[derive(Debug, Clone)]
pub struct DiffOptions {
    pub root: PathBuf,
    pub base: Base,
    pub format: DiffFormat,
    pub internal: bool,
    pub fail_on_change: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Bad usage or a failure of git or of reading (exit 2).
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Load(#[from] LoadError),
    /// One side has content errors; they are printed (exit 1).
    #[error("the content has errors")]
    Content,
    /// `--fail-on-change` and something changed; the diff is printed (exit 1).
    #[error("the content changed")]
    Changed,
}

/// Runs `gongbao diff` and prints the changes to standard output.
pub fn run(options: &DiffOptions) -> Result<(), DiffError> {
    let audience = if options.internal { Audience::Internal } else { Audience::Public };
    let (base, label) = match &options.base {
        Base::Folder(folder) => (read_side(folder, audience, &tr!(zh: "对比的网站", en: "the base site"))?, folder.display().to_string()),
        Base::Revision(rev) => {
            let checkout = extract_revision(&options.root, rev)?;
            let side = read_side(checkout.path(), audience, &tr!(zh: "版本 `{rev}` 的网站", en: "the site at `{rev}`"))?;
            (side, rev.clone())
        }
    };
    let current = read_side(&options.root, audience, &tr!(zh: "当前网站", en: "the current site"))?;
    let changes = compare(&base, &current, label, audience);
    let text = match options.format {
        DiffFormat::Human => human(&changes),
        DiffFormat::Markdown => markdown(&changes),
        DiffFormat::Json => serde_json::to_string_pretty(&changes).map(|t| t + "\n").unwrap_or_default(),
    };
    print!("{text}");
    if options.fail_on_change && changes.changed { Err(DiffError::Changed) } else { Ok(()) }
}

// ---------------------------------------------------------------- one side

/// What one side publishes, in comparable form.
struct Side {
    unit: Unit,
    /// Region id → (position in the site's list, name).
    regions: HashMap<String, (usize, String)>,
    /// (region id, year, metric) → value.
    figures: BTreeMap<(String, i16, Metric), Decimal>,
    /// Project id → its fields as shown.
    projects: BTreeMap<String, Fields>,
    /// (region id, year) → lede.
    ledes: BTreeMap<(String, i16), String>,
}

/// A project's fields: (key as written in YAML, value as shown), in the
/// order of the docs; empty values are left out.
type Fields = Vec<(&'static str, String)>;

/// Checks the site at `root` as a build would and reads what it publishes
/// for `audience`; content errors are printed, naming `which` side has them.
fn read_side(root: &Path, audience: Audience, which: &str) -> Result<Side, DiffError> {
    let checked = pipeline::check(root, reference_date())?;
    let Some(dataset) = checked.dataset else {
        diag::print(&diag::render(&checked.diagnostics, Format::Human, &checked.sources), Format::Human);
        eprintln!(
            "{}",
            tr!(zh: "{which}有错误，无法对比；请先改正（`gongbao check` 可列出全部问题）", en: "{which} has errors, so it cannot be compared; fix them first (`gongbao check` lists them all)")
        );
        return Err(DiffError::Content);
    };
    let dataset = dataset.for_audience(audience);
    let figures = match (audience, checked.public_figures) {
        (Audience::Public, Some(figures)) => figures,
        _ => Figures::compute(&dataset),
    };
    let theme = Theme::load(root, &dataset.site.theme).map_err(|d| build_error(BuildError::theme(d), which))?;
    let ledes = crate::site::ledes(&dataset, &figures, &theme).map_err(|e| build_error(e, which))?;
    let id = |region: usize| dataset.regions.list[region].id.clone();
    let mut values = BTreeMap::new();
    for &year in &figures.years {
        for region in 0..dataset.regions.list.len() {
            for metric in Metric::in_data() {
                if let Some(value) = figures.indicator(&dataset, region, year, metric).value {
                    values.insert((id(region), year, metric), value);
                }
            }
        }
    }
    Ok(Side {
        unit: dataset.site.unit,
        regions: dataset.regions.list.iter().enumerate().map(|(i, r)| (r.id.clone(), (i, r.name.clone()))).collect(),
        figures: values,
        projects: dataset.projects.iter().map(|p| (p.id.clone(), fields(&dataset, p, audience))).collect(),
        ledes: ledes.into_iter().map(|(region, year, text)| ((id(region), year), text)).collect(),
    })
}

/// A theme that cannot be read is a content error of the side; anything
/// else (a script edition that cannot be made) is the failure as it is.
fn build_error(e: BuildError, which: &str) -> DiffError {
    if let Some(text) = e.render_diagnostics(Format::Human) {
        diag::print(&text, Format::Human);
        eprintln!("{}", tr!(zh: "{which}的主题有错误，无法对比", en: "the theme of {which} has errors, so it cannot be compared"));
        return DiffError::Content;
    }
    DiffError::Usage(e.to_string())
}

/// The fields of a project as a reader of the diff sees them. A public
/// diff leaves out the switches that only say what is hidden.
fn fields(ds: &Dataset, p: &Project, audience: Audience) -> Fields {
    let money = |v: Decimal| v.normalize().to_string();
    let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let flag = |b: bool| if b { tr!(zh: "是", en: "yes") } else { tr!(zh: "否", en: "no") };
    let funds: Vec<String> = p
        .funds_in_place
        .iter()
        .map(|f| match f.date {
            Some(d) => format!("{d}: {}", money(f.amount)),
            None => format!("{}: {}", f.year, money(f.amount)),
        })
        .collect();
    let mut out: Fields = vec![
        ("name", p.name.clone()),
        ("investor", p.investor.clone()),
        ("region", ds.regions.list.get(p.region).map(|r| r.name.clone()).unwrap_or_default()),
        ("park", p.park.clone().unwrap_or_default()),
        ("sector", ds.site.sectors.get(p.sector).map(|s| s.name.clone()).unwrap_or_default()),
        ("amount", money(p.amount)),
        ("planned_investment", if p.planned_investment.is_zero() { String::new() } else { money(p.planned_investment) }),
        ("kind", kind_word(p.kind)),
        ("scope", scope_word(p.scope)),
        ("origin", p.origin.clone().unwrap_or_default()),
        ("status", status_word(p.status)),
        ("signed", date(p.signed)),
        ("started", date(p.started)),
        ("producing", date(p.producing)),
        ("stalled", date(p.stalled)),
        ("cancelled", date(p.cancelled)),
        ("funds_in_place", funds.join("; ")),
        ("output_value", p.expected.output_value.map(money).unwrap_or_default()),
        ("tax", p.expected.tax.map(money).unwrap_or_default()),
        ("jobs", p.expected.jobs.map(|j| j.to_string()).unwrap_or_default()),
        ("key", if p.key { flag(true) } else { String::new() }),
        ("tags", p.tags.join(", ")),
        ("summary", one_line(p.summary.as_deref().unwrap_or_default())),
        ("progress", one_line(p.progress.as_deref().unwrap_or_default())),
    ];
    if audience == Audience::Internal {
        out.push(("public", flag(p.public)));
        out.push(("investor_public", flag(p.investor_public)));
        out.push(("progress_public", flag(p.progress_public)));
    }
    out.retain(|(_, v)| !v.is_empty());
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_word(kind: Kind) -> String {
    match kind {
        Kind::FixedAsset => tr!(zh: "固定资产投资", en: "fixed asset"),
        Kind::NonFixedAsset => tr!(zh: "非固定资产投资", en: "non-fixed asset"),
    }
}

fn scope_word(scope: Scope) -> String {
    match scope {
        Scope::Foreign => tr!(zh: "境外", en: "foreign"),
        Scope::OutsideProvince => tr!(zh: "省外", en: "outside the province"),
        Scope::OutsideCity => tr!(zh: "省内市外", en: "outside the city"),
        Scope::Local => tr!(zh: "本地", en: "local"),
    }
}

fn status_word(status: Status) -> String {
    match status {
        Status::Negotiating => tr!(zh: "在谈", en: "negotiating"),
        Status::Signed => tr!(zh: "已签约", en: "signed"),
        Status::Started => tr!(zh: "已开工", en: "started"),
        Status::Producing => tr!(zh: "已投产", en: "producing"),
        Status::Stalled => tr!(zh: "停滞", en: "stalled"),
        Status::Cancelled => tr!(zh: "终止", en: "cancelled"),
    }
}

/// A field's name as the docs name it.
fn field_label(key: &str) -> String {
    match key {
        "id" => tr!(zh: "编号", en: "id"),
        "name" => tr!(zh: "项目名称", en: "name"),
        "investor" => tr!(zh: "投资方", en: "investor"),
        "region" => tr!(zh: "区域", en: "region"),
        "park" => tr!(zh: "园区", en: "park"),
        "sector" => tr!(zh: "产业", en: "sector"),
        "amount" => tr!(zh: "协议投资额", en: "amount"),
        "planned_investment" => tr!(zh: "计划投资额", en: "planned investment"),
        "kind" => tr!(zh: "类型", en: "kind"),
        "scope" => tr!(zh: "资金来源", en: "scope"),
        "origin" => tr!(zh: "来源地", en: "origin"),
        "status" => tr!(zh: "状态", en: "status"),
        "signed" => tr!(zh: "签约日期", en: "signed"),
        "started" => tr!(zh: "开工日期", en: "started"),
        "producing" => tr!(zh: "投产日期", en: "producing"),
        "stalled" => tr!(zh: "停滞日期", en: "stalled"),
        "cancelled" => tr!(zh: "终止日期", en: "cancelled"),
        "funds_in_place" => tr!(zh: "到位资金", en: "funds in place"),
        "output_value" => tr!(zh: "年产值", en: "expected output value"),
        "tax" => tr!(zh: "年税收", en: "expected tax"),
        "jobs" => tr!(zh: "就业人数", en: "expected jobs"),
        "key" => tr!(zh: "重点项目", en: "key project"),
        "tags" => tr!(zh: "标签", en: "tags"),
        "summary" => tr!(zh: "简介", en: "summary"),
        "progress" => tr!(zh: "进展", en: "progress"),
        "public" => tr!(zh: "公开", en: "public"),
        "investor_public" => tr!(zh: "公开投资方", en: "investor public"),
        "progress_public" => tr!(zh: "进展公开", en: "progress public"),
        other => other.to_string(),
    }
}

fn metric_label(metric: Metric) -> String {
    let info = metric.info();
    crate::locale::pick(|| info.zh.to_string(), || info.en.to_string())
}

// ---------------------------------------------------------------- the changes

/// Everything that changed, as printed (and, with English keys, as JSON).
#[derive(Debug, Serialize)]
struct Changes {
    /// What the current site was compared with: the revision or folder.
    base: String,
    audience: &'static str,
    /// The site's money unit (`unit` in site.yaml), which money figures and
    /// amounts are in.
    unit: &'static str,
    changed: bool,
    figures: Vec<FigureChange>,
    projects: ProjectChanges,
    ledes: Vec<LedeChange>,
}

#[derive(Debug, Serialize)]
struct FigureChange {
    region: String,
    region_name: String,
    year: i16,
    metric: &'static str,
    #[serde(skip)]
    label: String,
    #[serde(skip)]
    kind: MetricKind,
    /// Exact decimals, as strings; `null` where the figure is not published.
    old: Option<String>,
    new: Option<String>,
    difference: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct ProjectChanges {
    added: Vec<ProjectEntry>,
    removed: Vec<ProjectEntry>,
    changed: Vec<ProjectChange>,
}

#[derive(Debug, Serialize)]
struct ProjectEntry {
    id: String,
    name: String,
    region: String,
    amount: String,
    status: String,
}

#[derive(Debug, Serialize)]
struct ProjectChange {
    id: String,
    name: String,
    fields: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
struct FieldChange {
    field: &'static str,
    old: String,
    new: String,
}

#[derive(Debug, Serialize)]
struct LedeChange {
    region: String,
    region_name: String,
    year: i16,
    old: Option<String>,
    new: Option<String>,
}

fn compare(base: &Side, current: &Side, label: String, audience: Audience) -> Changes {
    // Regions in the current site's order, then those only the base has.
    let place = |id: &str| -> (usize, String) {
        match (current.regions.get(id), base.regions.get(id)) {
            (Some((i, name)), _) => (*i, name.clone()),
            (None, Some((i, name))) => (current.regions.len() + i, name.clone()),
            (None, None) => (usize::MAX, id.to_string()),
        }
    };
    // Money of the base in the current unit, should the unit have changed.
    let in_unit = |metric: Metric, v: Decimal| if metric.kind() == MetricKind::Money { base.unit.convert(v, current.unit) } else { v };

    let keys: BTreeSet<&(String, i16, Metric)> = base.figures.keys().chain(current.figures.keys()).collect();
    let mut figures: Vec<FigureChange> = keys
        .into_iter()
        .filter_map(|key| {
            let old = base.figures.get(key).map(|&v| in_unit(key.2, v));
            let new = current.figures.get(key).copied();
            (old != new).then(|| {
                let (region, year, metric) = key;
                FigureChange {
                    region: region.clone(),
                    region_name: place(region).1,
                    year: *year,
                    metric: metric.info().id,
                    label: metric_label(*metric),
                    kind: metric.kind(),
                    old: old.map(|v| exact(metric.kind(), v)),
                    new: new.map(|v| exact(metric.kind(), v)),
                    difference: old.zip(new).map(|(o, n)| signed(exact(metric.kind(), n - o))),
                }
            })
        })
        .collect();
    figures.sort_by_key(|f| (f.year, place(&f.region).0, Metric::from_key(f.metric)));

    let mut projects = ProjectChanges::default();
    let value = |fields: &Fields, key: &str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    let entry = |id: &str, f: &Fields| ProjectEntry {
        id: id.to_string(),
        name: value(f, "name"),
        region: value(f, "region"),
        amount: value(f, "amount"),
        status: value(f, "status"),
    };
    for (id, old) in &base.projects {
        match current.projects.get(id) {
            None => projects.removed.push(entry(id, old)),
            Some(new) => {
                let mut keys: Vec<&'static str> = new.iter().map(|(k, _)| *k).collect();
                keys.extend(old.iter().map(|(k, _)| *k).filter(|k| !new.iter().any(|(n, _)| n == k)));
                let fields: Vec<FieldChange> = keys
                    .into_iter()
                    .map(|k| {
                        let (o, n) = (value(old, k), value(new, k));
                        let o = if k == "amount" || k == "planned_investment" { rescale(&o, base.unit, current.unit) } else { o };
                        FieldChange { field: k, old: o, new: n }
                    })
                    .filter(|c| c.old != c.new)
                    .collect();
                if !fields.is_empty() {
                    projects.changed.push(ProjectChange { id: id.clone(), name: value(new, "name"), fields });
                }
            }
        }
    }
    for (id, new) in &current.projects {
        if !base.projects.contains_key(id) {
            projects.added.push(entry(id, new));
        }
    }

    let keys: BTreeSet<&(String, i16)> = base.ledes.keys().chain(current.ledes.keys()).collect();
    let mut ledes: Vec<LedeChange> = keys
        .into_iter()
        .filter_map(|key| {
            let (old, new) = (base.ledes.get(key), current.ledes.get(key));
            (old != new).then(|| LedeChange {
                region: key.0.clone(),
                region_name: place(&key.0).1,
                year: key.1,
                old: old.cloned(),
                new: new.cloned(),
            })
        })
        .collect();
    ledes.sort_by_key(|l| (l.year, place(&l.region).0));

    let changed = !(figures.is_empty()
        && projects.added.is_empty()
        && projects.removed.is_empty()
        && projects.changed.is_empty()
        && ledes.is_empty());
    let audience = if audience == Audience::Internal { "internal" } else { "public" };
    Changes { base: label, audience, unit: current.unit.symbol(), changed, figures, projects, ledes }
}

/// An amount of the base, written in the current unit.
fn rescale(text: &str, from: Unit, to: Unit) -> String {
    match text.parse::<Decimal>() {
        Ok(v) if from != to => from.convert(v, to).normalize().to_string(),
        _ => text.to_string(),
    }
}

/// A value as the diff shows it: money and counts exactly; a rate, an
/// endless decimal, to a hundredth of a point (as bulletins round it).
fn exact(kind: MetricKind, v: Decimal) -> String {
    let v = if kind == MetricKind::Rate { v.round_dp(2) } else { v };
    v.normalize().to_string()
}

/// A difference with its sign: "+1.5", "-2", "0".
fn signed(v: String) -> String {
    if v.starts_with('-') || v == "0" { v } else { format!("+{v}") }
}

// ---------------------------------------------------------------- printing

/// A figure's value with its unit: "12.5", "12.5%".
fn shown(value: &Option<String>, kind: MetricKind) -> String {
    match value {
        Some(v) if kind == MetricKind::Rate => format!("{v}%"),
        Some(v) => v.clone(),
        None => "—".to_string(),
    }
}

fn difference(f: &FigureChange) -> String {
    match &f.difference {
        Some(d) if f.kind == MetricKind::Rate => tr!(zh: "{d}个百分点", en: "{d} points"),
        Some(d) => d.clone(),
        None => "—".to_string(),
    }
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// The one-line summary: what was compared, and how much changed.
fn summary(c: &Changes) -> String {
    let (f, a, r, p, l) = (c.figures.len(), c.projects.added.len(), c.projects.removed.len(), c.projects.changed.len(), c.ledes.len());
    tr!(
        zh: "数据 {f} 项，项目新增 {a} 个、删除 {r} 个、修改 {p} 个，导语 {l} 篇有变化",
        en: "{f} figures, {a} projects added, {r} removed, {p} changed, {l} ledes changed"
    )
}

fn heading_line(c: &Changes) -> String {
    // Between backticks in the line: a backtick of its own would end them.
    let (base, unit) = (c.base.replace('`', "'"), c.unit);
    let edition = if c.audience == "internal" {
        tr!(zh: "内部版（含保密项目）", en: "internal (with confidential projects)")
    } else {
        tr!(zh: "公开版", en: "public")
    };
    tr!(zh: "与 `{base}` 对比（{edition}，金额单位：{unit}）", en: "compared with `{base}` ({edition}; money in {unit}, the site's `unit`)")
}

fn human(c: &Changes) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(heading_line(c));
    if !c.changed {
        line(tr!(zh: "没有变化", en: "nothing changed"));
        return out;
    }
    line(summary(c));
    if !c.figures.is_empty() {
        line(String::new());
        line(tr!(zh: "数据：", en: "Figures:"));
        for f in &c.figures {
            let (old, new) = (shown(&f.old, f.kind), shown(&f.new, f.kind));
            let (name, year, label, d) = (&f.region_name, f.year, &f.label, difference(f));
            line(tr!(zh: "  {name} {year} {label}  {old} → {new}（{d}）", en: "  {name} {year} {label}  {old} → {new} ({d})"));
        }
    }
    let p = &c.projects;
    if !(p.added.is_empty() && p.removed.is_empty() && p.changed.is_empty()) {
        line(String::new());
        line(tr!(zh: "项目：", en: "Projects:"));
        for e in &p.added {
            line(format!("  + {} {}  {}  {}", e.id, e.name, or_dash(&e.region), or_dash(&e.amount)));
        }
        for e in &p.removed {
            line(format!("  - {} {}  {}  {}", e.id, e.name, or_dash(&e.region), or_dash(&e.amount)));
        }
        for ch in &p.changed {
            line(format!("  ~ {} {}", ch.id, ch.name));
            for f in &ch.fields {
                let (label, old, new) = (field_label(f.field), or_dash(&f.old), or_dash(&f.new));
                line(tr!(zh: "      {label}：{old} → {new}", en: "      {label}: {old} → {new}"));
            }
        }
    }
    if !c.ledes.is_empty() {
        line(String::new());
        line(tr!(zh: "导语：", en: "Ledes:"));
        for l in &c.ledes {
            line(format!("  {} {}", l.region_name, l.year));
            let (old, new) = (l.old.as_deref().unwrap_or("—"), l.new.as_deref().unwrap_or("—"));
            line(tr!(zh: "    原：{old}", en: "    old: {old}"));
            line(tr!(zh: "    新：{new}", en: "    new: {new}"));
        }
    }
    out
}

/// Text safe in a Markdown table cell and as plain text: no markup, no
/// HTML, no line breaks.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in one_line(text).chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

fn more_line(out: &mut String, left: usize) {
    if left > 0 {
        out.push_str(&tr!(zh: "\n……另有 {left} 项未列出\n", en: "\n…and {left} more\n"));
    }
}

fn markdown(c: &Changes) -> String {
    let mut out = String::new();
    out.push_str(&tr!(zh: "### gongbao：数据变更\n\n", en: "### gongbao: what this change publishes\n\n"));
    out.push_str(&heading_line(c).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
    out.push_str("\n\n");
    if !c.changed {
        out.push_str(&tr!(zh: "**没有变化**\n", en: "**Nothing changed.**\n"));
        return out;
    }
    out.push_str(&format!("**{}**\n", summary(c)));
    if !c.figures.is_empty() {
        out.push_str(&format!("\n#### {}\n\n", tr!(zh: "数据", en: "Figures")));
        let head = tr!(zh: "| 区域 | 年份 | 指标 | 原值 | 新值 | 变化 |", en: "| Region | Year | Figure | Old | New | Change |");
        out.push_str(&format!("{head}\n|---|---:|---|---:|---:|---:|\n"));
        for f in c.figures.iter().take(MARKDOWN_ROWS) {
            let (old, new) = (shown(&f.old, f.kind), shown(&f.new, f.kind));
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                md(&f.region_name),
                f.year,
                md(&f.label),
                old,
                new,
                md(&difference(f))
            ));
        }
        more_line(&mut out, c.figures.len().saturating_sub(MARKDOWN_ROWS));
    }
    let p = &c.projects;
    let rows: Vec<(String, &str, &str, String)> = p
        .added
        .iter()
        .map(|e| (tr!(zh: "新增", en: "added"), e.id.as_str(), e.name.as_str(), added_removed(e)))
        .chain(p.removed.iter().map(|e| (tr!(zh: "删除", en: "removed"), e.id.as_str(), e.name.as_str(), added_removed(e))))
        .chain(p.changed.iter().map(|ch| {
            let fields: Vec<String> = ch
                .fields
                .iter()
                .map(|f| {
                    let (label, old, new) = (md(&field_label(f.field)), md(or_dash(&f.old)), md(or_dash(&f.new)));
                    tr!(zh: "{label}：{old} → {new}", en: "{label}: {old} → {new}")
                })
                .collect();
            (tr!(zh: "修改", en: "changed"), ch.id.as_str(), ch.name.as_str(), fields.join("<br>"))
        }))
        .collect();
    if !rows.is_empty() {
        out.push_str(&format!("\n#### {}\n\n", tr!(zh: "项目", en: "Projects")));
        let head = tr!(zh: "| | 编号 | 项目名称 | 内容 |", en: "| | Id | Name | What |");
        out.push_str(&format!("{head}\n|---|---|---|---|\n"));
        for (what, id, name, detail) in rows.iter().take(MARKDOWN_ROWS) {
            out.push_str(&format!("| {what} | {} | {} | {detail} |\n", md(id), md(name)));
        }
        more_line(&mut out, rows.len().saturating_sub(MARKDOWN_ROWS));
    }
    if !c.ledes.is_empty() {
        let n = c.ledes.len();
        out.push_str(&format!(
            "\n<details><summary>{}</summary>\n",
            tr!(zh: "导语有变化的公报（{n} 篇）", en: "Bulletins whose lede changed ({n})")
        ));
        for l in c.ledes.iter().take(MARKDOWN_LEDES) {
            out.push_str(&format!("\n**{} {}**\n\n", md(&l.region_name), l.year));
            let (old, new) = (md(l.old.as_deref().unwrap_or("—")), md(l.new.as_deref().unwrap_or("—")));
            out.push_str(&tr!(zh: "- 原：{old}\n", en: "- old: {old}\n"));
            out.push_str(&tr!(zh: "- 新：{new}\n", en: "- new: {new}\n"));
        }
        more_line(&mut out, n.saturating_sub(MARKDOWN_LEDES));
        out.push_str("\n</details>\n");
    }
    out
}

/// An added or removed project in one cell: its region and amount.
fn added_removed(e: &ProjectEntry) -> String {
    let (region, amount) = (md(or_dash(&e.region)), md(or_dash(&e.amount)));
    let (region_label, amount_label) = (md(&field_label("region")), md(&field_label("amount")));
    tr!(zh: "{region_label}：{region}；{amount_label}：{amount}", en: "{region_label}: {region}; {amount_label}: {amount}")
}

// ---------------------------------------------------------------- git

/// A folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let path = std::env::temp_dir().join(format!("gongbao-diff-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path)?;
        Ok(TempDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs git in `dir`; its output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, DiffError> {
    Command::new("git").arg("-C").arg(dir).args(args).stdin(Stdio::null()).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            DiffError::Usage(tr!(
                zh: "找不到 `git` 命令：`--base` 要用 git 读取旧版本。请安装 git，或用 `--base-root 文件夹` 与另一个文件夹对比",
                en: "`git` is not installed: `--base` reads the old version through git. Install git, or compare with another folder with `--base-root DIR`"
            ))
        } else {
            DiffError::Usage(tr!(zh: "无法运行 `git`：{e}", en: "cannot run `git`: {e}"))
        }
    })
}

fn stdout_text(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim_end_matches(['\n', '\r']).to_string()
}

/// Writes the site folder `root` as it was at `rev` into a new temporary
/// folder: the files of its tree at that commit, read from git's objects.
fn extract_revision(root: &Path, rev: &str) -> Result<TempDir, DiffError> {
    let shown_root = root.display().to_string();
    if !root.is_dir() {
        return Err(LoadError::NotASite(root.to_path_buf()).into());
    }
    let prefix = git(root, &["rev-parse", "--show-prefix"])?;
    if !prefix.status.success() {
        return Err(DiffError::Usage(tr!(
            zh: "`{shown_root}` 不在 git 仓库中：`--base` 要从 git 读取旧版本。要与另一个文件夹对比，请用 `--base-root 文件夹`",
            en: "`{shown_root}` is not in a git repository: `--base` reads the old version from git. To compare with another folder, use `--base-root DIR`"
        )));
    }
    let prefix = stdout_text(&prefix);
    let unknown = || {
        DiffError::Usage(tr!(
            zh: "找不到版本 `{rev}`：请写分支名、标签或提交号，如 `--base origin/main` 或 `--base HEAD~1`",
            en: "unknown revision `{rev}`: give a branch, a tag or a commit, e.g. `--base origin/main` or `--base HEAD~1`"
        ))
    };
    // A revision starting with `-` would be read by git as an option.
    if rev.is_empty() || rev.starts_with('-') {
        return Err(unknown());
    }
    let commit = git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])?;
    if !commit.status.success() {
        return Err(unknown());
    }
    let commit = stdout_text(&commit);
    let tree = git(root, &["ls-tree", "-r", "-z", "--full-tree", &format!("{commit}:{prefix}")])?;
    if !tree.status.success() {
        let folder = if prefix.is_empty() { ".".to_string() } else { prefix.clone() };
        return Err(DiffError::Usage(tr!(
            zh: "版本 `{rev}` 中没有网站文件夹 `{folder}`",
            en: "the site folder `{folder}` does not exist at `{rev}`"
        )));
    }
    // "<mode> <type> <object>\t<path>", each ending in NUL: blobs only
    // (no submodules), and no symbolic links, which could point anywhere.
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in tree.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut meta = meta.split(' ');
        let (Some(mode), Some("blob"), Some(object)) = (meta.next(), meta.next(), meta.next()) else { continue };
        let path = PathBuf::from(path);
        if mode == "120000" || !path.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        files.push((object.to_string(), path));
    }
    let dir =
        TempDir::new().map_err(|e| DiffError::Usage(tr!(zh: "无法新建临时文件夹：{e}", en: "cannot create a temporary folder: {e}")))?;
    write_blobs(root, &files, dir.path())?;
    Ok(dir)
}

/// Writes each (object, path) under `dir`, reading the objects through one
/// `git cat-file --batch`.
fn write_blobs(root: &Path, files: &[(String, PathBuf)], dir: &Path) -> Result<(), DiffError> {
    let failed =
        |e: std::io::Error| DiffError::Usage(tr!(zh: "无法从 git 读取旧版本：{e}", en: "cannot read the old version from git: {e}"));
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    let mut stdin = child.stdin.take().ok_or_else(|| failed(std::io::ErrorKind::BrokenPipe.into()))?;
    let objects: String = files.iter().map(|(object, _)| format!("{object}\n")).collect();
    // Written from another thread, so that git never waits on a full pipe
    // while this one waits on git.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(objects.as_bytes());
    });
    let stdout = child.stdout.take().ok_or_else(|| failed(std::io::ErrorKind::BrokenPipe.into()))?;
    let mut reader = BufReader::new(stdout);
    let result = (|| -> std::io::Result<()> {
        for (_, path) in files {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            // "<object> blob <size>"
            let size: u64 = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| std::io::Error::other(header.trim_end().to_string()))?;
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut file = std::fs::File::create(&target)?;
            std::io::copy(&mut (&mut reader).take(size), &mut file)?;
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline)?;
        }
        Ok(())
    })();
    let _ = writer.join();
    let _ = child.wait();
    result.map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(i: usize) -> FigureChange {
        FigureChange {
            region: format!("r{i}"),
            region_name: format!("Region | {i}"),
            year: 2025,
            metric: "signed_count",
            label: "New projects signed".to_string(),
            kind: MetricKind::Count("个"),
            old: Some("1".to_string()),
            new: Some("2".to_string()),
            difference: Some("+1".to_string()),
        }
    }

    #[test]
    fn markdown_caps_long_tables_and_escapes_cells() {
        let changes = Changes {
            base: "HEAD~1".to_string(),
            audience: "public",
            unit: "亿元",
            changed: true,
            figures: (0..MARKDOWN_ROWS + 10).map(figure).collect(),
            projects: ProjectChanges::default(),
            ledes: Vec::new(),
        };
        let text = markdown(&changes);
        assert_eq!(text.lines().filter(|l| l.starts_with("| Region \\|")).count(), MARKDOWN_ROWS, "{text}");
        assert!(text.contains("…and 10 more"), "{text}");
        assert_eq!(md("<b>a|b</b> *x*"), "&lt;b&gt;a\\|b&lt;/b&gt; \\*x\\*");
    }
}
