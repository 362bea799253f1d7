//! One side of a diff: the site checked and filtered for its audience, in
//! comparable form.

use super::*;

/// What one side publishes, in comparable form.
pub(super) struct Side {
    pub(super) unit: Unit,
    /// Region id → (position in the site's list, name).
    pub(super) regions: HashMap<String, (usize, String)>,
    /// (region id, year, metric) → value.
    pub(super) figures: BTreeMap<(String, i16, Metric), Decimal>,
    /// Project id → its fields as shown.
    pub(super) projects: BTreeMap<String, Fields>,
    /// (region id, year) → lede.
    pub(super) ledes: BTreeMap<(String, i16), String>,
}

/// A project's fields: (key as written in YAML, value as shown), in the
/// order of the docs; empty values are left out.
pub(super) type Fields = Vec<(&'static str, String)>;

/// Checks the site at `root` as a build would and reads what it publishes
/// for `audience`; content errors are printed, naming `which` side has them.
impl Side {
    /// A site with nothing in it, counted in `unit`.
    pub(super) fn empty(unit: Unit) -> Side {
        Side { unit, regions: HashMap::new(), figures: BTreeMap::new(), projects: BTreeMap::new(), ledes: BTreeMap::new() }
    }
}

pub(super) fn read_side(root: &Path, audience: Audience, which: &str) -> Result<Side, DiffError> {
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
pub(super) fn build_error(e: BuildError, which: &str) -> DiffError {
    if let Some(text) = e.render_diagnostics(Format::Human) {
        diag::print(&text, Format::Human);
        eprintln!("{}", tr!(zh: "{which}的主题有错误，无法对比", en: "the theme of {which} has errors, so it cannot be compared"));
        return DiffError::Content;
    }
    DiffError::Usage(e.to_string())
}

/// The fields of a project as a reader of the diff sees them. A public
/// diff leaves out the switches that only say what is hidden.
pub(super) fn fields(ds: &Dataset, p: &Project, audience: Audience) -> Fields {
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

pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn kind_word(kind: Kind) -> String {
    match kind {
        Kind::FixedAsset => tr!(zh: "固定资产投资", en: "fixed asset"),
        Kind::NonFixedAsset => tr!(zh: "非固定资产投资", en: "non-fixed asset"),
    }
}

pub(super) fn scope_word(scope: Scope) -> String {
    match scope {
        Scope::Foreign => tr!(zh: "境外", en: "foreign"),
        Scope::OutsideProvince => tr!(zh: "省外", en: "outside the province"),
        Scope::OutsideCity => tr!(zh: "省内市外", en: "outside the city"),
        Scope::Local => tr!(zh: "本地", en: "local"),
    }
}

pub(super) fn status_word(status: Status) -> String {
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
pub(super) fn field_label(key: &str) -> String {
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

pub(super) fn metric_label(metric: Metric) -> String {
    let info = metric.info();
    crate::locale::pick(|| info.zh.to_string(), || info.en.to_string())
}
