//! `gongbao ledger template` and `gongbao ledger export`: an empty ledger
//! to fill in Excel, and the current ledger written out as .xlsx, .csv or
//! YAML, so an office can move between formats without losing a field.
//!
//! The export works on the records as written (each value's text, and
//! whether it was a plain YAML scalar), not on the checked model: what it
//! writes reads back as the same records, so a site built from the export
//! is the same site, byte for byte (tests/ledger_tools.rs).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

use crate::ledger::{self, NOTES_SHEET};
use crate::model::money::Unit;
use crate::model::raw::RawRegion;
use crate::tr;
use crate::yaml::{self, Node, NodeKind};

/// The formats `ledger export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Yaml,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Yaml => "yaml",
        }
    }
}

/// Why a ledger command wrote nothing.
#[derive(Debug)]
pub enum ToolError {
    /// The file is there already: it is never overwritten.
    Exists(PathBuf),
    /// The file would be in the site's public output folder.
    Public(PathBuf),
    Io(PathBuf, std::io::Error),
    Xlsx(String),
}

impl std::fmt::Display for ToolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            ToolError::Exists(path) => {
                let path = path.display();
                tr!(
                    zh: "{path} 已经存在，没有覆盖它；用 `-o` 换一个文件名",
                    en: "{path} exists already and is not overwritten; give another name with `-o`"
                )
            }
            ToolError::Public(path) => {
                let path = path.display();
                tr!(
                    zh: "不能写到网站的发布文件夹里：{path}。台账含保密项目，请用 `-o` 写到别处",
                    en: "will not write into the site's published folder: {path}. The ledger holds confidential projects; write it elsewhere with `-o`"
                )
            }
            ToolError::Io(path, e) => {
                let path = path.display();
                tr!(zh: "无法写入 {path}：{e}", en: "cannot write {path}: {e}")
            }
            ToolError::Xlsx(e) => tr!(zh: "无法生成 Excel 文件：{e}", en: "cannot make the Excel file: {e}"),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ToolError {}

impl From<XlsxError> for ToolError {
    fn from(e: XlsxError) -> Self {
        ToolError::Xlsx(e.to_string())
    }
}

/// A column of a ledger: a key of a project, or a key inside one that holds
/// a mapping (a year of `funds_in_place`, a key of `expected`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Col {
    Field(usize),
    Funds(String),
    Expected(usize),
}

/// The keys of a project in a ledger's order: English name, the Chinese
/// header (a name the reader accepts), and what to fill in, for the notes.
const FIELDS: &[(&str, &str, &str)] = &[
    ("id", "编号", "项目编号，全台账唯一，只用字母、数字和连字符，如 hc-2025-001。必填"),
    ("name", "项目名称", "项目的全称。必填"),
    ("investor", "投资方", "投资企业的全称。必填"),
    ("region", "区域", "项目所在区域：从下拉列表选区域编号（content/regions.yaml 里的 id）。必填"),
    ("park", "园区", "所在园区，可不填"),
    ("sector", "产业", "从下拉列表选产业（site.yaml 里的产业名称）。必填"),
    ("amount", "协议投资额", "协议投资额：只填数字时按表头括号里的单位；也可写“8000万元”。必填"),
    ("planned_investment", "计划投资额", "计划投资额，写法同协议投资额，可不填"),
    ("kind", "项目类型", "固定资产投资 或 非固定资产投资；不填按固定资产投资"),
    ("scope", "资金来源", "从下拉列表选：境外、省外、市外、本地。必填"),
    ("origin", "来源地", "投资方来自哪里，如 浙江省杭州市，可不填"),
    ("status", "状态", "从下拉列表选：在谈、签约、开工、投产、停滞、终止。必填"),
    ("signed", "签约日期", "日期，如 2025-06-03；只知道月份时写 2025-06"),
    ("started", "开工日期", "日期，写法同签约日期"),
    ("producing", "投产日期", "日期，写法同签约日期"),
    ("stalled", "停滞日期", "日期，写法同签约日期"),
    ("cancelled", "终止日期", "日期，写法同签约日期"),
    ("key", "重点项目", "是 或 否；不填为否"),
    ("public", "公开", "是 或 否；填“否”的项目不在公开网站上列出名称。不填为是"),
    ("investor_public", "公开投资方", "是 或 否；填“否”时公开网站不显示投资方。不填为是"),
    ("tags", "标签", "多个标签用顿号“、”隔开"),
    ("categories", "企业类别", "投资方类别（site.yaml 的企业类别名称或编号），多个用顿号“、”隔开"),
    ("summary", "简介", "建设内容简介"),
    ("progress", "进展", "推进情况；只在内部版显示，除非“进展公开”填是"),
    ("progress_public", "进展公开", "是 或 否；不填为否"),
    ("problems", "问题", "项目服务收集的问题：[{raised: 提出日期, solved: 解决日期, summary: 问题描述}]，多个用逗号隔开；问题描述不发布"),
];

/// Where the columns of mappings go: after the dates.
const NESTED_AFTER: &str = "cancelled";

/// The keys of `expected`: English name, Chinese header, note.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("output_value", "年产值", "达产后预期年产值，写法同协议投资额"),
    ("tax", "年税收", "达产后预期年税收，写法同协议投资额"),
    ("jobs", "就业人数", "预期带动就业人数，整数"),
];

const DATE_FIELDS: &[&str] = &["signed", "started", "producing", "stalled", "cancelled"];
const BOOL_FIELDS: &[&str] = &["key", "public", "investor_public", "progress_public"];
const MONEY_FIELDS: &[&str] = &["amount", "planned_investment"];

/// The rows searched for data validation and the date format in a template.
const TEMPLATE_ROWS: u32 = 5000;

impl Col {
    fn header(&self) -> String {
        match self {
            Col::Field(i) => FIELDS[*i].1.to_string(),
            Col::Funds(year) => format!("到位资金{year}"),
            Col::Expected(i) => EXPECTED[*i].1.to_string(),
        }
    }

    /// The field the reader reads the column as (for dates and yes/no).
    fn field(&self) -> &'static str {
        match self {
            Col::Field(i) => FIELDS[*i].0,
            Col::Funds(_) => "funds_in_place",
            Col::Expected(i) => EXPECTED[*i].0,
        }
    }

    /// The place of the column in a ledger: the keys in `FIELDS` order, the
    /// mappings' columns after the dates.
    fn order(&self) -> (usize, usize, String) {
        let after = FIELDS.iter().position(|f| f.0 == NESTED_AFTER).unwrap_or(0);
        match self {
            Col::Field(i) => (*i, 0, String::new()),
            Col::Funds(year) => (after, 1, year.clone()),
            Col::Expected(i) => (after, 2, format!("{i}")),
        }
    }
}

/// A value as written: its text, whether it was a plain YAML scalar, and
/// for tags the items.
#[derive(Debug, Clone)]
pub enum Val {
    Scalar(String, bool),
    Tags(Vec<String>),
    /// A list of mappings (problems) in YAML flow, one cell's text.
    Flow(String),
}

pub type Row = Vec<(Col, Val)>;

/// A site's folder and the file a command writes: refuses an existing file
/// and any in the site's published output folder.
fn check_target(root: &Path, file: &Path) -> Result<(), ToolError> {
    if std::fs::symlink_metadata(file).is_ok() {
        return Err(ToolError::Exists(file.to_path_buf()));
    }
    let absolute = |p: &Path| {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // The folder that exists, resolved (links and `..`), and the rest as written.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            let Some(name) = existing.file_name().map(|n| n.to_os_string()) else { break };
            rest.push(name);
            if !existing.pop() {
                break;
            }
        }
        let mut resolved = existing.canonicalize().unwrap_or(existing);
        resolved.extend(rest.iter().rev());
        resolved
    };
    let public = absolute(&crate::site::default_output(root, false));
    if absolute(file).starts_with(&public) {
        return Err(ToolError::Public(file.to_path_buf()));
    }
    Ok(())
}

/// Writes `bytes` to a new file: never over one that exists.
fn write_new(file: &Path, bytes: &[u8]) -> Result<(), ToolError> {
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ToolError::Exists(file.to_path_buf()),
        _ => ToolError::Io(file.to_path_buf(), e),
    };
    let mut out = std::fs::OpenOptions::new().write(true).create_new(true).open(file).map_err(io)?;
    out.write_all(bytes).and_then(|()| out.sync_all()).map_err(io)
}

/// What a template takes from the site: its unit, region ids and sector names.
pub struct SiteLists {
    pub unit: Option<Unit>,
    pub regions: Vec<String>,
    pub sectors: Vec<String>,
}

impl SiteLists {
    pub fn from_content(content: &crate::load::RawContent) -> SiteLists {
        fn walk(region: &RawRegion, ids: &mut Vec<String>) {
            ids.push(region.id.value.clone());
            for child in &region.children {
                walk(child, ids);
            }
        }
        let mut regions = Vec::new();
        for region in &content.regions {
            walk(&region.record, &mut regions);
        }
        let site = content.site.as_ref().map(|s| &s.record);
        SiteLists {
            unit: site.and_then(|s| s.unit),
            regions,
            sectors: site.map(|s| s.sectors.iter().map(|s| s.name.value.trim().to_string()).collect()).unwrap_or_default(),
        }
    }
}

/// The English words of the statuses and scopes' Chinese names, as the
/// reader accepts them: the dropdowns offer these.
const STATUSES: &[&str] = &["在谈", "签约", "开工", "投产", "停滞", "终止"];
const SCOPES: &[&str] = &["境外", "省外", "市外", "本地"];
const KINDS: &[&str] = &["固定资产投资", "非固定资产投资"];
const YES_NO: &[&str] = &["是", "否"];

/// The sheet holding the dropdowns' lists: hidden, so the reader (which
/// reads visible sheets only) leaves it alone.
const LISTS_SHEET: &str = "选项";

/// Writes an empty ledger to `file` for the site at `root`.
pub fn template(root: &Path, file: &Path, lists: &SiteLists, year: i16) -> Result<(), ToolError> {
    check_target(root, file)?;
    let mut workbook = Workbook::new();
    let unit = lists.unit.map(|u| format!("（{}）", u.symbol())).unwrap_or_default();
    let mut cols: Vec<Col> = (0..FIELDS.len()).map(Col::Field).collect();
    cols.push(Col::Funds(year.to_string()));
    cols.extend((0..EXPECTED.len()).map(Col::Expected));
    cols.sort_by_key(Col::order);
    let headers: Vec<String> = cols
        .iter()
        .map(|c| {
            let money = MONEY_FIELDS.contains(&c.field()) || matches!(c, Col::Funds(_)) || matches!(c.field(), "output_value" | "tax");
            if money { format!("{}{unit}", c.header()) } else { c.header() }
        })
        .collect();

    let sheet = workbook.add_worksheet();
    sheet.set_name("项目台账")?;
    write_header(sheet, &headers)?;
    let date = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    let named = |lists: &[(&str, Vec<String>)], name: &str| lists.iter().position(|(n, _)| *n == name);
    let yes_no: Vec<String> = YES_NO.iter().map(|s| s.to_string()).collect();
    let choices: Vec<(&str, Vec<String>)> = vec![
        ("region", lists.regions.clone()),
        ("sector", lists.sectors.clone()),
        ("status", STATUSES.iter().map(|s| s.to_string()).collect()),
        ("scope", SCOPES.iter().map(|s| s.to_string()).collect()),
        ("kind", KINDS.iter().map(|s| s.to_string()).collect()),
        ("yes_no", yes_no),
    ];
    for (i, col) in cols.iter().enumerate() {
        let c = i as u16;
        let field = col.field();
        if DATE_FIELDS.contains(&field) {
            sheet.set_column_format(c, &date)?;
        }
        let list = if BOOL_FIELDS.contains(&field) { named(&choices, "yes_no") } else { named(&choices, field) };
        if let Some(at) = list.filter(|&at| !choices[at].1.is_empty()) {
            // A list in cells, not in the rule: Excel allows 255 characters
            // inline, fewer than a province's regions need.
            let letter = crate::diag::ledger::column_name(at as u32 + 1);
            let last = choices[at].1.len() + 1;
            let formula = Formula::new(format!("='{LISTS_SHEET}'!${letter}$2:${letter}${last}"));
            let rule = DataValidation::new().allow_list_formula(formula).set_input_message(field_note(col))?;
            sheet.add_data_validation(1, c, TEMPLATE_ROWS, c, &rule)?;
        }
    }

    let notes = workbook.add_worksheet();
    notes.set_name(NOTES_SHEET)?;
    write_notes(notes, &cols, &headers, lists)?;

    let options = workbook.add_worksheet();
    options.set_name(LISTS_SHEET)?;
    for (c, (name, values)) in choices.iter().enumerate() {
        options.write_string(0, c as u16, *name)?;
        for (r, value) in values.iter().enumerate() {
            options.write_string(r as u32 + 1, c as u16, value)?;
        }
    }
    options.set_hidden(true);
    let bytes = workbook.save_to_buffer()?;
    write_new(file, &bytes)
}

/// The note of a column, shown when a cell of it is selected.
fn field_note(col: &Col) -> String {
    let note = match col {
        Col::Field(i) => FIELDS[*i].2,
        Col::Funds(_) => "这一年实际到位的资金；其他年份加一列，如“到位资金2026”",
        Col::Expected(i) => EXPECTED[*i].2,
    };
    // Excel shows at most 255 characters.
    note.chars().take(250).collect()
}

fn write_header(sheet: &mut Worksheet, headers: &[String]) -> Result<(), ToolError> {
    let bold = Format::new().set_bold().set_text_wrap().set_background_color(0xDDEBF7);
    for (i, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, header, &bold)?;
        // Chinese characters are two columns wide; a header's width, or
        // more for the columns holding names and text.
        let wide = unicode_width::UnicodeWidthStr::width(header.as_str()) as f64 + 2.0;
        let width = match header.as_str() {
            "项目名称" | "投资方" | "简介" | "进展" => 30.0,
            "园区" | "来源地" | "标签" => 18.0,
            _ => wide.max(10.0),
        };
        sheet.set_column_width(i as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_notes(sheet: &mut Worksheet, cols: &[Col], headers: &[String], lists: &SiteLists) -> Result<(), ToolError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    sheet.write_string_with_format(0, 0, "列名", &bold)?;
    sheet.write_string_with_format(0, 1, "怎么填", &bold)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 90)?;
    for (r, (col, header)) in cols.iter().zip(headers).enumerate() {
        sheet.write_string(r as u32 + 1, 0, header)?;
        sheet.write_string_with_format(r as u32 + 1, 1, field_note(col), &wrap)?;
    }
    let general = [
        "每一行是一个项目；第一行是表头，不要改列名。表头上方可以有标题行，空行不读。".to_string(),
        "这一页（填表说明）不会被读取。不需要的列可以删掉；本单位的列名可在 site.yaml 的 `台账列名` 里对应到字段。".to_string(),
        format!("区域编号：{}", lists.regions.join("、")),
        format!("产业：{}", lists.sectors.join("、")),
        "填好后把文件放进网站的 content/projects/ 文件夹，运行 `gongbao check` 检查。".to_string(),
    ];
    for (r, line) in (cols.len() as u32 + 2..).zip(general) {
        sheet.write_string_with_format(r, 0, line, &wrap)?;
    }
    Ok(())
}

/// The project records of the site at `root` as written, from YAML files
/// and ledgers, in the order the site reads them.
pub fn read_rows(root: &Path, columns: &ledger::Columns) -> Result<Vec<Row>, ToolError> {
    let dir = root.join("content").join("projects");
    let mut yaml_files = Vec::new();
    let mut ledgers = Vec::new();
    let hidden = |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
    let walker = walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| !hidden(e));
    for entry in walker {
        let entry = entry.map_err(|e| ToolError::Io(dir.clone(), e.into()))?;
        if !entry.file_type().is_file() || entry.file_name().to_str().is_some_and(|n| n.starts_with("~$")) {
            continue;
        }
        let path = entry.into_path();
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        if extension == "yaml" || extension == "yml" {
            yaml_files.push(path);
        } else if ledger::EXTENSIONS.contains(&extension.as_str()) {
            ledgers.push(path);
        }
    }
    let mut rows = Vec::new();
    for path in yaml_files {
        let name: Arc<str> = Arc::from(path.display().to_string());
        let source = crate::source::read_or_transcode(&path, &name)
            .map_err(|e| ToolError::Io(path.clone(), std::io::Error::other(e.problem.message)))?;
        let _ = yaml::parse_items(&source.text, &name, |item| rows.push(row_of(&item)));
    }
    for path in ledgers {
        let name: Arc<str> = Arc::from(path.display().to_string());
        ledger::read(&path, &name, columns, &mut |node, _| rows.push(row_of(&node)));
    }
    Ok(rows)
}

/// A record's mapping as a ledger's row.
fn row_of(node: &Node) -> Row {
    let mut row = Vec::new();
    let NodeKind::Map(entries) = &node.kind else { return row };
    for (key, value) in entries {
        let Some(field) = yaml::scalar_text(key).and_then(ledger::field_of) else { continue };
        match (field, &value.kind) {
            ("funds_in_place", NodeKind::Map(years)) => {
                for (year, amount) in years {
                    if let (Some(year), Some(v)) = (yaml::scalar_text(year), scalar(amount)) {
                        row.push((Col::Funds(year.trim().to_string()), v));
                    }
                }
            }
            ("expected", NodeKind::Map(keys)) => {
                for (k, v) in keys {
                    let names = yaml::key_names::<crate::model::raw::RawExpected>();
                    let Some(k) = yaml::scalar_text(k) else { continue };
                    let Some(at) = names.iter().position(|n| *n == k) else { continue };
                    let english = names[..=at].iter().rev().find(|n| n.is_ascii()).copied().unwrap_or_default();
                    if let (Some(i), Some(v)) = (EXPECTED.iter().position(|e| e.0 == english), scalar(v)) {
                        row.push((Col::Expected(i), v));
                    }
                }
            }
            ("problems", NodeKind::Seq(_)) => {
                if let (Some(i), Some(text)) = (FIELDS.iter().position(|f| f.0 == field), flow(value)) {
                    row.push((Col::Field(i), Val::Flow(text)));
                }
            }
            (_, NodeKind::Seq(items)) => {
                let items = items.iter().filter_map(yaml::scalar_text).map(str::to_string).collect();
                if let Some(i) = FIELDS.iter().position(|f| f.0 == field) {
                    row.push((Col::Field(i), Val::Tags(items)));
                }
            }
            _ => {
                if let (Some(i), Some(v)) = (FIELDS.iter().position(|f| f.0 == field), scalar(value)) {
                    row.push((Col::Field(i), v));
                }
            }
        }
    }
    row
}

/// A node as YAML flow text: `[{raised: 2025-03-02, summary: "…"}]`.
fn flow(node: &Node) -> Option<String> {
    match &node.kind {
        _ if node.is_null() => Some("null".to_string()),
        NodeKind::Scalar { text, plain } => Some(yaml_scalar(text, *plain)),
        NodeKind::Seq(items) => Some(format!("[{}]", items.iter().map(flow).collect::<Option<Vec<_>>>()?.join(", "))),
        NodeKind::Map(entries) => {
            let entries = entries.iter().map(|(k, v)| Some(format!("{}: {}", flow(k)?, flow(v)?))).collect::<Option<Vec<_>>>()?;
            Some(format!("{{{}}}", entries.join(", ")))
        }
    }
}

fn scalar(node: &Node) -> Option<Val> {
    match &node.kind {
        _ if node.is_null() => None,
        NodeKind::Scalar { text, plain } => Some(Val::Scalar(text.clone(), *plain)),
        _ => None,
    }
}

/// The columns the rows use, in a ledger's order; every key of `FIELDS` is
/// there, so an office sees each it can fill.
fn columns_of(rows: &[Row]) -> Vec<Col> {
    let mut cols: Vec<Col> = (0..FIELDS.len()).map(Col::Field).collect();
    for (col, _) in rows.iter().flatten() {
        if !cols.contains(col) {
            cols.push(col.clone());
        }
    }
    cols.sort_by_key(Col::order);
    cols
}

/// Writes the site's ledger to `file`.
pub fn export(root: &Path, file: &Path, format: ExportFormat, rows: &[Row]) -> Result<(), ToolError> {
    check_target(root, file)?;
    let bytes = match format {
        ExportFormat::Xlsx => to_xlsx(rows)?,
        ExportFormat::Csv => to_csv(rows),
        ExportFormat::Yaml => to_yaml(rows).into_bytes(),
    };
    write_new(file, &bytes)
}

/// A full date `YYYY-MM-DD`, for a date cell.
fn full_date(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

fn yes_no(text: &str) -> Option<&'static str> {
    match text {
        "true" => Some("是"),
        "false" => Some("否"),
        _ => None,
    }
}

fn to_xlsx(rows: &[Row]) -> Result<Vec<u8>, ToolError> {
    let cols = columns_of(rows);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("项目台账")?;
    let headers: Vec<String> = cols.iter().map(Col::header).collect();
    write_header(sheet, &headers)?;
    let date = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, value) in row {
            let Some(c) = cols.iter().position(|x| x == col) else { continue };
            let c = c as u16;
            let field = col.field();
            match value {
                Val::Tags(items) => {
                    sheet.write_string(r, c, items.join("、"))?;
                }
                Val::Flow(text) => {
                    sheet.write_string(r, c, text)?;
                }
                Val::Scalar(text, plain) => {
                    if DATE_FIELDS.contains(&field)
                        && let Some((y, m, d)) = full_date(text)
                        && let Ok(day) = ExcelDateTime::from_ymd(y, m, d)
                    {
                        sheet.write_datetime_with_format(r, c, &day, &date)?;
                    } else if *plain && let Some(word) = yes_no(text).filter(|_| BOOL_FIELDS.contains(&field)) {
                        sheet.write_string(r, c, word)?;
                    } else if *plain && matches!(text.as_str(), "true" | "false") {
                        sheet.write_boolean(r, c, text == "true")?;
                    } else if let Some(n) = plain.then(|| exact_number(text)).flatten() {
                        // A plain number stays a number: read back, it is
                        // the same text, plain as it was.
                        sheet.write_number(r, c, n)?;
                    } else {
                        sheet.write_string(r, c, text)?;
                    }
                }
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// A number whose shortest text (as the reader shows a number cell) is
/// `text` itself.
fn exact_number(text: &str) -> Option<f64> {
    let n: f64 = text.parse().ok()?;
    (n.is_finite() && ledger::number_text(n) == text).then_some(n)
}

/// A text for a CSV cell: one that starts like a formula gets a leading
/// `'` (the reader takes it off again).
fn guarded(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() }
}

fn to_csv(rows: &[Row]) -> Vec<u8> {
    let cols = columns_of(rows);
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let _ = writer.write_record(cols.iter().map(Col::header));
        for row in rows {
            let mut cells = vec![String::new(); cols.len()];
            for (col, value) in row {
                let Some(c) = cols.iter().position(|x| x == col) else { continue };
                cells[c] = match value {
                    Val::Tags(items) => guarded(&items.join("、")),
                    Val::Flow(text) => guarded(text),
                    Val::Scalar(text, plain) => match yes_no(text).filter(|_| *plain && BOOL_FIELDS.contains(&col.field())) {
                        Some(word) => word.to_string(),
                        None => guarded(text),
                    },
                };
            }
            let _ = writer.write_record(&cells);
        }
        let _ = writer.flush();
    }
    out
}

/// A YAML scalar for `text`: as it was when plain and safe to write so,
/// else double-quoted (a JSON string is a YAML one).
fn yaml_scalar(text: &str, plain: bool) -> String {
    let safe = !text.is_empty()
        && !text.contains([':', '#', '\n', '\r', '\t', '"', '\'', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`'])
        && !text.starts_with(['-', '?', ' '])
        && !text.ends_with(' ');
    if plain && safe { text.to_string() } else { serde_json::to_string(text).unwrap_or_default() }
}

fn to_yaml(rows: &[Row]) -> String {
    let mut out = String::from("# 项目台账（gongbao ledger export 导出；含保密项目，切勿公开）\n");
    for row in rows {
        let mut first = true;
        let mut funds = Vec::new();
        let mut expected = Vec::new();
        let mut line = |out: &mut String, text: String| {
            out.push_str(if first { "- " } else { "  " });
            first = false;
            out.push_str(&text);
            out.push('\n');
        };
        let mut sorted: Vec<&(Col, Val)> = row.iter().collect();
        sorted.sort_by_key(|(c, _)| c.order().0);
        for (col, value) in sorted {
            let text = match value {
                Val::Scalar(text, plain) => yaml_scalar(text, *plain),
                Val::Flow(text) => text.clone(),
                Val::Tags(items) => {
                    let items: Vec<String> = items.iter().map(|t| serde_json::to_string(t).unwrap_or_default()).collect();
                    format!("[{}]", items.join(", "))
                }
            };
            match col {
                Col::Field(i) => line(&mut out, format!("{}: {text}", FIELDS[*i].1)),
                Col::Funds(year) => funds.push(format!("    {}: {text}", yaml_scalar(year, true))),
                Col::Expected(i) => expected.push(format!("    {}: {text}", EXPECTED[*i].1)),
            }
            if col == &Col::Field(FIELDS.iter().position(|f| f.0 == NESTED_AFTER).unwrap_or(0)) {
                flush_nested(&mut out, &mut line, &mut funds, &mut expected);
            }
        }
        flush_nested(&mut out, &mut line, &mut funds, &mut expected);
        out.push('\n');
    }
    out
}

fn flush_nested(out: &mut String, line: &mut impl FnMut(&mut String, String), funds: &mut Vec<String>, expected: &mut Vec<String>) {
    for (name, items) in [("到位资金", funds), ("预期效益", expected)] {
        if items.is_empty() {
            continue;
        }
        line(out, format!("{name}:"));
        for item in items.drain(..) {
            out.push_str(&item);
            out.push('\n');
        }
    }
}
