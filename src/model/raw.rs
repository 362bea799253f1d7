//! The content files as written: serde shapes of `site.yaml`,
//! `regions.yaml`, project records, annual files and briefing front matter,
//! with their Chinese key aliases. Values that later checks point at keep
//! their position (`Spanned`). The list of aliases is in docs/content.md.

use serde::Deserialize;

use super::date::Date;
use super::metric::{Metric, MetricKind};
use super::money::{MoneyText, Percent, Unit};
use crate::yaml::{Pairs, Spanned};

/// A language: of a site's pages, or of gongbao's messages.
pub use crate::locale::Lang;

/// The site's settings. `title` and `base_url` are required, but optional
/// here so that a site.yaml missing one still lets every project be checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    #[serde(default, alias = "标题")]
    pub title: Option<Spanned<String>>,
    #[serde(default, alias = "网址")]
    pub base_url: Option<Spanned<String>>,
    #[serde(default, alias = "语言")]
    pub language: Option<Lang>,
    #[serde(default, alias = "版本")]
    pub editions: Vec<Spanned<Lang>>,
    #[serde(default, alias = "根区域")]
    pub root_region: Option<Spanned<String>>,
    #[serde(default, alias = "单位")]
    pub unit: Option<Unit>,
    #[serde(default, alias = "最低项目金额")]
    pub min_project_amount: Option<Spanned<MoneyText>>,
    #[serde(default, alias = "到位资金口径")]
    pub funds_scopes: Option<Vec<Scope>>,
    /// The office that issues the bulletins (发布单位), for their notes.
    #[serde(default, alias = "发布单位")]
    pub publisher: Option<Spanned<String>>,
    /// The office's own names for the scopes (`outside_province: 区外`).
    #[serde(default, alias = "资金口径名称")]
    pub scope_labels: std::collections::BTreeMap<Scope, Spanned<String>>,
    #[serde(default, alias = "百分比小数位数")]
    pub percent_decimals: Option<Spanned<u32>>,
    #[serde(default, alias = "产业")]
    pub sectors: Vec<RawSector>,
    /// Kinds of investor the office counts projects by (世界500强, 央企 …).
    #[serde(default, alias = "企业类别", alias = "投资方类别")]
    pub investor_categories: Vec<RawCategory>,
    /// The lower bounds of the size brackets, in the site's unit, ascending
    /// (`size_brackets: [0.1, 1, 5, 10, 50]`).
    #[serde(default, alias = "规模分档")]
    pub size_brackets: Option<Vec<Spanned<MoneyText>>>,
    #[serde(default, alias = "主题")]
    pub theme: Option<Spanned<String>>,
    #[serde(default, alias = "显示精度")]
    pub precision: Option<RawPrecision>,
    #[serde(default, alias = "统计起点")]
    pub threshold_label: Option<Spanned<String>>,
    #[serde(default, alias = "导语")]
    pub lede: Option<Vec<Spanned<String>>>,
    #[serde(default, alias = "英文标题")]
    pub title_en: Option<Spanned<String>>,
    #[serde(default, alias = "繁体例外", alias = "繁體例外")]
    pub script_exceptions: Option<Pairs<String>>,
    /// The first day the ledger holds every signing from: a year it starts
    /// after 1 January of is no base for growth.
    #[serde(default, alias = "台账起始日期")]
    pub ledger_starts: Option<Spanned<Date>>,
    /// Whether signed projects marked `public: false` count in public totals
    /// (unnamed); default yes, as the office reports them upward.
    #[serde(default, alias = "不公开项目计入总数")]
    pub hidden_in_totals: Option<bool>,
    /// Whether a public build states how many projects are in negotiation
    /// and their intended amount, per region, as counts with no names.
    #[serde(default, alias = "公开在谈项目总数")]
    pub publish_negotiating_totals: Option<bool>,
    /// The ranking tables of a parent's children (排名): which indicators,
    /// which places a child's bulletin states, and the optional 红黑榜.
    #[serde(default, alias = "排名")]
    pub rankings: Option<RawRankings>,
    /// The 1—N月 bulletins published besides the annual one (`[month]`).
    #[serde(default, alias = "通报周期")]
    pub periods: Vec<PeriodKind>,
    // What a government site shows in its header and footer (docs/content.md).
    #[serde(default, alias = "主办单位")]
    pub organizer: Option<Spanned<String>>,
    #[serde(default, alias = "承办单位")]
    pub operator: Option<Spanned<String>>,
    #[serde(default, alias = "ICP备案号")]
    pub icp: Option<Spanned<String>>,
    #[serde(default, alias = "公安机关备案号", alias = "公安备案号")]
    pub police_record: Option<Spanned<String>>,
    #[serde(default, alias = "网站标识码")]
    pub site_code: Option<Spanned<String>>,
    /// A path inside the site folder, relative to site.yaml.
    #[serde(default, alias = "网站标志", alias = "标志")]
    pub logo: Option<Spanned<String>>,
    #[serde(default, alias = "联系方式")]
    pub contact: Option<RawContact>,
    #[serde(default, alias = "页脚")]
    pub footer: Option<Spanned<String>>,
    /// The picture a shared link shows (`og:image`), inside the site folder.
    #[serde(default, alias = "分享图片")]
    pub share_image: Option<Spanned<String>>,
    /// The thresholds of the checks against unit slips.
    #[serde(default, alias = "数值核查")]
    pub plausibility: Option<RawPlausibility>,
    /// The office's own names of ledger columns, with the key each holds
    /// (`所在县区: region`).
    #[serde(default, alias = "台账列名")]
    pub ledger_columns: Option<Pairs<String>>,
}

/// The office's contact details, for the footer.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    #[serde(default, alias = "地址")]
    pub address: Option<Spanned<String>>,
    #[serde(default, alias = "电话")]
    pub phone: Option<Spanned<String>>,
    #[serde(default, alias = "邮箱", alias = "电子邮箱")]
    pub email: Option<Spanned<String>>,
}

/// `plausibility:` over the defaults (see `model::Plausibility`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlausibility {
    #[serde(default, alias = "中位数倍数")]
    pub median_factor: Option<u32>,
    #[serde(default, alias = "最少项目数")]
    pub min_projects: Option<u32>,
    #[serde(default, alias = "超过年度目标")]
    pub above_target: Option<bool>,
    #[serde(default, alias = "增速上限")]
    pub growth_above: Option<u32>,
    #[serde(default, alias = "到位资金单位")]
    pub funds_slip: Option<bool>,
}

/// `rankings:` (see `model::Rankings`); metrics by id or Chinese name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRankings {
    #[serde(default, alias = "指标")]
    pub indicators: Option<Vec<Spanned<String>>>,
    #[serde(default, alias = "本级位次", alias = "位次")]
    pub place_in_parent: Vec<Spanned<String>>,
    #[serde(default, alias = "红黑榜")]
    pub red_black: Option<Spanned<u32>>,
}

/// Decimal places per kind of figure; any left out keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrecision {
    #[serde(default, alias = "金额")]
    pub amount: Option<Spanned<u32>>,
    #[serde(default, alias = "增速", alias = "增幅")]
    pub growth: Option<Spanned<u32>>,
    #[serde(default, alias = "完成率")]
    pub completion: Option<Spanned<u32>>,
    #[serde(default, alias = "百分点")]
    pub points: Option<Spanned<u32>>,
    #[serde(default, alias = "比率", alias = "占比")]
    pub percent: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSector {
    #[serde(alias = "编号")]
    pub id: Spanned<String>,
    #[serde(alias = "名称")]
    pub name: Spanned<String>,
    #[serde(default, alias = "英文名称")]
    pub name_en: Option<Spanned<String>>,
    /// The industrial chain or cluster it belongs to, by its name
    /// (`chain: 新能源产业链`): sectors with the same name form one chain.
    #[serde(default, alias = "产业链")]
    pub chain: Option<Spanned<String>>,
}

/// An investor category of `investor_categories`; `lede: true` states it
/// in the bulletin's first paragraph.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    #[serde(alias = "编号")]
    pub id: Spanned<String>,
    #[serde(alias = "名称")]
    pub name: Spanned<String>,
    #[serde(default, alias = "英文名称")]
    pub name_en: Option<Spanned<String>>,
    #[serde(default, alias = "导语")]
    pub lede: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    #[serde(alias = "编号")]
    pub id: Spanned<String>,
    #[serde(alias = "名称")]
    pub name: Spanned<String>,
    #[serde(default, alias = "英文名称")]
    pub name_en: Option<Spanned<String>>,
    #[serde(default, alias = "类型")]
    pub kind: Option<RegionKind>,
    /// A label of the office's own ("片区", "合作区"), shown instead of the kind's.
    #[serde(default, alias = "类型名称")]
    pub kind_label: Option<Spanned<String>>,
    #[serde(default, alias = "下级")]
    pub children: Vec<RawRegion>,
}

/// What a region is, for its label ("县", "开发区" …). Offices name their
/// units in many ways; a free `kind_label` covers any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    #[serde(alias = "省", alias = "自治区")]
    Province,
    #[serde(alias = "市", alias = "地级市", alias = "州", alias = "自治州", alias = "盟")]
    City,
    /// Any county-level unit, when the office does not say which.
    #[serde(alias = "县区", alias = "县级")]
    County,
    #[serde(alias = "县", alias = "自治县")]
    Xian,
    #[serde(alias = "区", alias = "市辖区")]
    District,
    #[serde(alias = "县级市")]
    CountyCity,
    #[serde(alias = "旗", alias = "自治旗")]
    Banner,
    #[serde(alias = "乡镇", alias = "乡", alias = "镇")]
    Town,
    #[serde(alias = "街道", alias = "街道办事处")]
    Subdistrict,
    #[serde(alias = "园区", alias = "产业园区")]
    Park,
    #[serde(alias = "开发区", alias = "高新区", alias = "经开区")]
    DevelopmentZone,
}

impl RegionKind {
    /// The kind a region's name implies ("西山县" is a 县, "东湖街道" a
    /// 街道), for regions whose `kind` is not written. Longer endings are
    /// tried first: "南溪高新技术产业园区" ends in 区 but is a park.
    pub fn from_name(name: &str) -> Option<RegionKind> {
        const ENDINGS: [(&str, RegionKind); 14] = [
            ("开发区", RegionKind::DevelopmentZone),
            ("高新区", RegionKind::DevelopmentZone),
            ("园区", RegionKind::Park),
            ("街道", RegionKind::Subdistrict),
            ("自治区", RegionKind::Province),
            ("县", RegionKind::Xian),
            ("旗", RegionKind::Banner),
            ("镇", RegionKind::Town),
            ("乡", RegionKind::Town),
            ("省", RegionKind::Province),
            ("市", RegionKind::City),
            ("区", RegionKind::District),
            ("州", RegionKind::City),
            ("盟", RegionKind::City),
        ];
        let name = name.trim();
        ENDINGS.iter().find(|(ending, _)| name.ends_with(ending)).map(|(_, kind)| *kind)
    }

    /// The key of the kind's label in the theme's strings.
    pub fn key(self) -> &'static str {
        match self {
            RegionKind::Province => "province",
            RegionKind::City => "city",
            RegionKind::County => "county",
            RegionKind::Xian => "xian",
            RegionKind::District => "district",
            RegionKind::CountyCity => "county_city",
            RegionKind::Banner => "banner",
            RegionKind::Town => "town",
            RegionKind::Subdistrict => "subdistrict",
            RegionKind::Park => "park",
            RegionKind::DevelopmentZone => "development_zone",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[serde(alias = "在谈", alias = "洽谈")]
    Negotiating,
    #[serde(alias = "签约", alias = "已签约")]
    Signed,
    #[serde(alias = "开工", alias = "已开工", alias = "在建")]
    Started,
    #[serde(alias = "投产", alias = "已投产")]
    Producing,
    #[serde(alias = "停滞", alias = "停工", alias = "停建")]
    Stalled,
    #[serde(alias = "终止", alias = "已终止", alias = "撤销")]
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    #[serde(alias = "固定资产投资", alias = "固定资产")]
    FixedAsset,
    #[serde(alias = "非固定资产投资", alias = "非固定资产")]
    NonFixedAsset,
}

impl Kind {
    /// The name the content writes it with.
    pub fn key(self) -> &'static str {
        match self {
            Kind::FixedAsset => "fixed_asset",
            Kind::NonFixedAsset => "non_fixed_asset",
        }
    }
}

/// How often a 1—N月 bulletin comes out (`periods:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    #[serde(alias = "月", alias = "月度")]
    Month,
    #[serde(alias = "季", alias = "季度")]
    Quarter,
}

impl PeriodKind {
    /// Whether a bulletin for 1—`months`月 is one of this kind.
    pub fn publishes(self, months: u8) -> bool {
        match self {
            PeriodKind::Month => true,
            PeriodKind::Quarter => months.is_multiple_of(3),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    #[serde(alias = "外资", alias = "境外")]
    Foreign,
    #[serde(alias = "省外")]
    OutsideProvince,
    #[serde(alias = "市外", alias = "省内市外")]
    OutsideCity,
    #[serde(alias = "本地", alias = "市内")]
    Local,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Foreign, Scope::OutsideProvince, Scope::OutsideCity, Scope::Local];

    /// The name the content writes it with.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Foreign => "foreign",
            Scope::OutsideProvince => "outside_province",
            Scope::OutsideCity => "outside_city",
            Scope::Local => "local",
        }
    }
}

impl Status {
    /// The name the content writes it with.
    pub fn key(self) -> &'static str {
        match self {
            Status::Negotiating => "negotiating",
            Status::Signed => "signed",
            Status::Started => "started",
            Status::Producing => "producing",
            Status::Stalled => "stalled",
            Status::Cancelled => "cancelled",
        }
    }
}

/// The keys of a project record that checks name, with the aliases serde
/// accepts for each (the attributes below say the same; a test keeps them
/// in step): to tell which key a wrong value written under an alias was.
pub const PROJECT_KEYS: &[(&str, &[&str])] = &[
    ("id", &["编号"]),
    ("name", &["名称", "项目名称"]),
    ("investor", &["投资方", "投资主体"]),
    ("region", &["区域", "所属区域"]),
    ("sector", &["产业", "行业"]),
    ("amount", &["协议投资额", "总投资"]),
    ("scope", &["资金来源", "资金来源地"]),
    ("status", &["状态"]),
    ("signed", &["签约日期"]),
    ("started", &["开工日期"]),
    ("producing", &["投产日期"]),
    ("stalled", &["停滞日期"]),
    ("cancelled", &["终止日期"]),
];

/// The key of a project record that `written` (a key or an alias) names.
pub fn project_key(written: &str) -> Option<&'static str> {
    PROJECT_KEYS.iter().find(|(key, aliases)| *key == written || aliases.contains(&written)).map(|(key, _)| *key)
}

/// A project record. The required keys are optional here so that a record
/// missing one is still checked for everything else; validation reports
/// what is missing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    #[serde(default, alias = "编号")]
    pub id: Option<Spanned<String>>,
    #[serde(default, alias = "名称", alias = "项目名称")]
    pub name: Option<Spanned<String>>,
    #[serde(default, alias = "投资方", alias = "投资主体")]
    pub investor: Option<Spanned<String>>,
    #[serde(default, alias = "区域", alias = "所属区域")]
    pub region: Option<Spanned<String>>,
    #[serde(default, alias = "园区")]
    pub park: Option<String>,
    #[serde(default, alias = "产业", alias = "行业")]
    pub sector: Option<Spanned<String>>,
    /// Investor categories of `investor_categories`, by id or name.
    #[serde(default, alias = "企业类别", alias = "投资方类别")]
    pub categories: Vec<Spanned<String>>,
    #[serde(default, alias = "协议投资额", alias = "总投资")]
    pub amount: Option<Spanned<MoneyText>>,
    #[serde(default, alias = "计划投资额")]
    pub planned_investment: Option<Spanned<MoneyText>>,
    #[serde(default, alias = "类型", alias = "项目类型")]
    pub kind: Kind,
    #[serde(default, alias = "资金来源", alias = "资金来源地")]
    pub scope: Option<Scope>,
    #[serde(default, alias = "来源地")]
    pub origin: Option<String>,
    #[serde(default, alias = "状态")]
    pub status: Option<Spanned<Status>>,
    #[serde(default, alias = "签约日期")]
    pub signed: Option<Spanned<Date>>,
    #[serde(default, alias = "开工日期")]
    pub started: Option<Spanned<Date>>,
    #[serde(default, alias = "投产日期")]
    pub producing: Option<Spanned<Date>>,
    #[serde(default, alias = "停滞日期")]
    pub stalled: Option<Spanned<Date>>,
    #[serde(default, alias = "终止日期")]
    pub cancelled: Option<Spanned<Date>>,
    #[serde(default, alias = "到位资金")]
    pub funds_in_place: Option<Pairs<MoneyText>>,
    #[serde(default, alias = "预期效益")]
    pub expected: Option<RawExpected>,
    #[serde(default, alias = "重点项目")]
    pub key: bool,
    #[serde(default = "yes", alias = "公开")]
    pub public: bool,
    #[serde(default = "yes", alias = "公开投资方")]
    pub investor_public: bool,
    #[serde(default, alias = "标签")]
    pub tags: Vec<String>,
    #[serde(default, alias = "简介", alias = "建设内容")]
    pub summary: Option<String>,
    /// Progress notes: internal unless `progress_public`, since they may
    /// name an investor's difficulties.
    #[serde(default, alias = "进展", alias = "进展情况", alias = "推进情况")]
    pub progress: Option<String>,
    #[serde(default, alias = "进展公开")]
    pub progress_public: bool,
    /// Problems raised in serving the project and when each was solved.
    #[serde(default, alias = "问题")]
    pub problems: Vec<RawProblem>,
}

/// A problem of project service (项目服务): its summary is internal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProblem {
    #[serde(alias = "提出日期")]
    pub raised: Spanned<Date>,
    #[serde(default, alias = "解决日期")]
    pub solved: Option<Spanned<Date>>,
    #[serde(default, alias = "问题描述")]
    pub summary: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpected {
    #[serde(default, alias = "年产值")]
    pub output_value: Option<Spanned<MoneyText>>,
    #[serde(default, alias = "年税收")]
    pub tax: Option<Spanned<MoneyText>>,
    #[serde(default, alias = "就业人数", alias = "带动就业")]
    pub jobs: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnnual {
    #[serde(alias = "区域")]
    pub region: Spanned<String>,
    /// Any whole number, so that an implausible year gets the message that
    /// says so rather than one about the range of a type.
    #[serde(alias = "年度", alias = "年份")]
    pub year: Spanned<i64>,
    #[serde(default, alias = "截至日期", alias = "截至")]
    pub as_of: Option<Spanned<Date>>,
    /// The 1—N月 bulletins of this year the office has released.
    #[serde(default, alias = "已发布月份")]
    pub published_months: Vec<Spanned<u64>>,
    #[serde(default, alias = "目标任务", alias = "年度目标")]
    pub targets: RawMetricValues,
    #[serde(default, alias = "基数", alias = "上年基数")]
    pub baseline: RawMetricValues,
    /// Last year's figures over the same months, for a year still running.
    #[serde(default, alias = "上年同期")]
    pub baseline_same_period: RawMetricValues,
    #[serde(default, alias = "工作数据")]
    pub facts: Vec<RawFact>,
    #[serde(default, alias = "专项行动", alias = "攻坚行动")]
    pub campaigns: Vec<RawCampaign>,
    /// Who issues this bulletin, when not the site's `publisher`.
    #[serde(default, alias = "发布单位")]
    pub publisher: Option<Spanned<String>>,
    /// The date the bulletin is published, for its notes.
    #[serde(default, alias = "发布日期")]
    pub published: Option<Spanned<Date>>,
    #[serde(default, alias = "导语")]
    pub lede: Option<Vec<Spanned<String>>>,
}

/// Targets and baselines: a value for any of the computed metrics, keyed by
/// the names of the metric registry (`super::metric`), in the file's order.
#[derive(Debug, Default)]
pub struct RawMetricValues(pub Vec<(Metric, RawMetricValue)>);

/// A metric's value as written, read as its kind says.
#[derive(Debug)]
pub enum RawMetricValue {
    Count(Spanned<u64>),
    Money(Spanned<MoneyText>),
    Rate(Spanned<Percent>),
}

/// Read as a struct with one optional field per metric would be (the same
/// errors: unknown key with the known ones, a key under two of its names, a
/// value of the wrong kind), but from the registry, so a new metric needs
/// no field here.
impl<'de> Deserialize<'de> for RawMetricValues {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValuesVisitor;
        impl<'de> serde::de::Visitor<'de> for ValuesVisitor {
            type Value = RawMetricValues;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("struct RawMetricValues")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawMetricValues, A::Error> {
                let mut values = Vec::new();
                let mut seen = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let Some(metric) = Metric::from_key(&key) else {
                        return Err(serde::de::Error::unknown_field(&key, super::metric::annual_keys()));
                    };
                    if seen.contains(&metric) {
                        return Err(serde::de::Error::duplicate_field(metric.name()));
                    }
                    seen.push(metric);
                    let value = match metric.kind() {
                        MetricKind::Count(_) => map.next_value::<Option<Spanned<u64>>>()?.map(RawMetricValue::Count),
                        MetricKind::Money | MetricKind::MoneyUsd => {
                            map.next_value::<Option<Spanned<MoneyText>>>()?.map(RawMetricValue::Money)
                        }
                        MetricKind::Rate => map.next_value::<Option<Spanned<Percent>>>()?.map(RawMetricValue::Rate),
                    };
                    values.extend(value.map(|v| (metric, v)));
                }
                Ok(RawMetricValues(values))
            }
        }
        deserializer.deserialize_struct("RawMetricValues", &[], ValuesVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    #[serde(alias = "名称", alias = "项目")]
    pub label: String,
    #[serde(alias = "数值")]
    pub value: Spanned<String>,
    #[serde(default, alias = "单位")]
    pub unit: Option<String>,
    #[serde(default, alias = "英文名称")]
    pub label_en: Option<Spanned<String>>,
    #[serde(default, alias = "英文单位")]
    pub unit_en: Option<Spanned<String>>,
    /// What matches it with the same fact of other regions (else its label).
    #[serde(default, alias = "编号")]
    pub id: Option<Spanned<String>>,
    /// Last year's value, for growth.
    #[serde(default, alias = "上年", alias = "上年数值")]
    pub previous: Option<Spanned<String>>,
    /// Sub-items: "其中：主要领导带队12次".
    #[serde(default, alias = "其中")]
    pub items: Vec<RawFact>,
    /// A parent region without its own value shows the sum of its children's.
    #[serde(default, alias = "可汇总", alias = "逐级汇总")]
    pub summable: bool,
}

/// A campaign period of an annual file (百日攻坚 10月28日—次年2月5日): its
/// ledger figures are computed over its dates, its facts are stated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCampaign {
    #[serde(alias = "名称")]
    pub name: Spanned<String>,
    #[serde(alias = "开始日期", alias = "起")]
    pub from: Spanned<Date>,
    #[serde(alias = "结束日期", alias = "止")]
    pub to: Spanned<Date>,
    #[serde(default, alias = "工作数据")]
    pub facts: Vec<RawFact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    #[serde(alias = "标题")]
    pub title: Spanned<String>,
    #[serde(alias = "日期")]
    pub date: Spanned<Date>,
    #[serde(default, alias = "区域")]
    pub region: Option<Spanned<String>>,
    #[serde(default, alias = "年度")]
    pub year: Option<Spanned<i64>>,
    #[serde(default, alias = "作者")]
    pub authors: OneOrMany,
    #[serde(default, alias = "来源")]
    pub source: Option<String>,
    #[serde(default, alias = "摘要")]
    pub summary: Option<String>,
    #[serde(default, alias = "草稿")]
    pub draft: bool,
    #[serde(default, alias = "网址名")]
    pub slug: Option<Spanned<String>>,
}

/// `authors: 记者甲` or `authors: [记者甲, 记者乙]`. Read by hand rather than
/// as an untagged enum, whose error ("data did not match any variant")
/// would tell the user nothing.
#[derive(Debug, Default)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor;
        impl<'de> serde::de::Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name or a list of names")
            }
            fn visit_unit<E>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany::None)
            }
            fn visit_str<E>(self, name: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(name.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element()? {
                    names.push(name);
                }
                Ok(OneOrMany::Many(names))
            }
        }
        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each alias of `PROJECT_KEYS` fills its key: the table and the serde
    /// attributes agree.
    #[test]
    fn project_key_aliases_match_the_record() {
        let value = |key: &str| match key {
            "amount" => "1",
            "scope" => "local",
            "status" => "signed",
            "signed" | "started" | "producing" | "stalled" | "cancelled" => "2024-01",
            _ => "甲",
        };
        for (key, aliases) in PROJECT_KEYS {
            for written in aliases.iter().chain([key]) {
                let text = format!("{written}: {}\n", value(key));
                let file: std::sync::Arc<str> = std::sync::Arc::from("t.yaml");
                let (documents, _) = crate::yaml::parse(&text, &file);
                let record: RawProject = crate::yaml::from_node(&documents[0]).unwrap_or_else(|e| panic!("{written}: {e}"));
                let filled = match *key {
                    "id" => record.id.is_some(),
                    "name" => record.name.is_some(),
                    "investor" => record.investor.is_some(),
                    "region" => record.region.is_some(),
                    "sector" => record.sector.is_some(),
                    "amount" => record.amount.is_some(),
                    "scope" => record.scope.is_some(),
                    "status" => record.status.is_some(),
                    "signed" => record.signed.is_some(),
                    "started" => record.started.is_some(),
                    "producing" => record.producing.is_some(),
                    "stalled" => record.stalled.is_some(),
                    _ => record.cancelled.is_some(),
                };
                assert!(filled, "`{written}` fills `{key}`");
                assert_eq!(project_key(written), Some(*key));
            }
        }
    }

    /// Every name the registry gives a metric is read as that metric, with
    /// the kind of value the registry says; any other key is unknown.
    #[test]
    fn metric_values_are_keyed_by_the_registry() {
        let read = |text: &str| {
            let file: std::sync::Arc<str> = std::sync::Arc::from("t.yaml");
            let (documents, _) = crate::yaml::parse(text, &file);
            crate::yaml::from_node::<RawMetricValues>(&documents[0])
        };
        for info in &crate::model::metric::METRICS {
            let value = match info.kind {
                MetricKind::Count(_) => "3",
                MetricKind::Money => "\"3亿元\"",
                MetricKind::MoneyUsd => "\"300万美元\"",
                MetricKind::Rate => "\"30%\"",
            };
            for name in [info.id, info.zh].iter().chain(info.aliases) {
                let values = read(&format!("{name}: {value}\n")).unwrap_or_else(|e| panic!("{name}: {e}"));
                let kind_matches = matches!(
                    (&values.0[..], info.kind),
                    ([(_, RawMetricValue::Count(_))], MetricKind::Count(_))
                        | ([(_, RawMetricValue::Money(_))], MetricKind::Money | MetricKind::MoneyUsd)
                        | ([(_, RawMetricValue::Rate(_))], MetricKind::Rate)
                );
                assert!(kind_matches && values.0[0].0 == info.metric, "`{name}` is read as `{}`: {values:?}", info.id);
            }
        }
        let unknown = read("signd_count: 3\n").unwrap_err();
        assert!(matches!(unknown.kind, crate::yaml::DeErrorKind::UnknownField { ref field, .. } if field == "signd_count"));
        let twice = read("signed_count: 3\n新签约项目: 4\n").unwrap_err();
        assert_eq!(twice.kind, crate::yaml::DeErrorKind::DuplicateField("signed_count"));
    }
}
