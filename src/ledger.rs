//! Excel ledgers (项目台账): `.xlsx`, `.xls`, `.ods` and `.csv` files in
//! `content/projects/`, read as project records.
//!
//! Each data row becomes the mapping a YAML record would be (header → the
//! cell's text, each with the row and column as its position), and is read
//! by the same deserialization, validation and figures: a ledger follows
//! every rule a YAML file does, and says so in the same words. A location
//! in a ledger is its file and sheet (`file › sheet`) as the file name,
//! the row as the line and the column as the column, shown in A1 notation
//! (`content/projects/台账.xlsx › 签约项目!D14`).

use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader, SheetVisible};
use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, Location, Span, did_you_mean};
use crate::model::money::{MoneyText, Unit};
use crate::model::raw::RawProject;
use crate::tr;
use crate::yaml::{self, Node, NodeKind, Pairs};

use crate::diag::ledger::CELL_SEPARATOR;
pub use crate::diag::ledger::{EXTENSIONS, SHEET_MARK};

/// The name of the notes sheet `gongbao ledger template` writes: not data.
pub const NOTES_SHEET: &str = "填表说明";

/// Rows searched for the header: title rows above it are few.
const HEADER_SEARCH_ROWS: usize = 30;

/// Headers that are always left out quietly: a row counter is no data.
const IGNORED_HEADERS: &[&str] = &["序号", "No.", "No"];

/// The site's own header names (`ledger_columns:` in site.yaml), normalised,
/// with the key each stands for.
#[derive(Debug, Default, Clone)]
pub struct Columns(Vec<(String, String)>);

impl Columns {
    /// Checks that each entry names a key of a project record.
    pub fn new(pairs: Option<&Pairs<String>>, file: &Arc<str>) -> (Columns, Vec<Diagnostic>) {
        let names = yaml::key_names::<RawProject>();
        let mut columns = Vec::new();
        let mut problems = Vec::new();
        for (header, key) in pairs.map(|p| p.0.as_slice()).unwrap_or_default() {
            let key_text = key.value.trim();
            if names.contains(&key_text) {
                columns.push((normalise(&header.value), key_text.to_string()));
                continue;
            }
            let header = &header.value;
            let hint = match did_you_mean(key_text, names.iter().copied()) {
                Some(close) => tr!(zh: "是不是 `{close}`？", en: "did you mean `{close}`?"),
                None => tr!(zh: "写项目的字段名，如 `region` 或 `区域`", en: "write a key of a project, e.g. `region` or `区域`"),
            };
            problems.push(
                Diagnostic::error(
                    Code::UnknownColumn,
                    Location::new(file, key.span),
                    tr!(zh: "列名 `{header}` 对应的 `{key_text}` 不是项目的字段", en: "`{key_text}`, given for the column `{header}`, is no key of a project"),
                )
                .with_hint(hint),
            );
        }
        (Columns(columns), problems)
    }

    /// The key a header (normalised) stands for, as written.
    fn get(&self, header: &str) -> Option<&str> {
        self.0.iter().find(|(h, _)| h == header).map(|(_, k)| k.as_str())
    }
}

/// What reading a ledger gave besides its rows: its problems, and per sheet
/// the text kept to quote a cell (each row a line, cells apart by a
/// separator), by the location's file name.
#[derive(Debug, Default)]
pub struct Ledger {
    pub problems: Vec<Diagnostic>,
    pub quotes: Vec<(Arc<str>, String)>,
}

/// One cell as read, before it becomes text.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell (or a serial number read as one).
    Date(u16, u8, u8),
    /// `#N/A`, `#REF!` …
    Error(String),
}

/// A sheet: its location name, the position of its first cell, its rows.
struct Sheet {
    name: Arc<str>,
    first_row: u32,
    first_col: u32,
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The place of the cell at row `r`, column `i` of `rows`.
    fn cell(&self, r: usize, i: usize) -> Span {
        Span::new(self.first_row + r as u32, self.first_col + i as u32, 1)
    }
}

/// Reads the ledger at `path`, shown to users as `name`, handing each data
/// row to `on_row` as it is read, as the mapping a YAML record would be,
/// with the name of its sheet's location.
pub fn read(path: &Path, name: &Arc<str>, columns: &Columns, on_row: &mut dyn FnMut(Node, &Arc<str>)) -> Ledger {
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let sheets = if is_csv { read_csv(path, name) } else { read_workbook(path, name) };
    let sheets = match sheets {
        Ok(sheets) => sheets,
        Err(problem) => return Ledger { problems: vec![*problem], ..Ledger::default() },
    };
    let mut ledger = Ledger::default();
    let mut found_header = false;
    for sheet in sheets {
        let quote = quote_text(&sheet);
        let has_data = sheet.rows.iter().any(|row| row.iter().any(|c| *c != Cell::Empty));
        match find_header(&sheet, columns) {
            Some(header) => {
                found_header = true;
                read_rows(&sheet, &header, columns, &mut ledger, on_row);
            }
            None if has_data && !sheet.name.ends_with(NOTES_SHEET) => {
                let sheet_name = sheet.name.rsplit(SHEET_MARK).next().unwrap_or_default().to_string();
                ledger.problems.push(
                    Diagnostic::warning(
                        Code::NoHeaderRow,
                        Location::file(&sheet.name),
                        tr!(zh: "工作表 `{sheet_name}` 没有读取：找不到写着字段名的表头行", en: "the sheet `{sheet_name}` is not read: no row of it names the columns"),
                    )
                    .with_hint(header_hint()),
                );
            }
            None => {}
        }
        ledger.quotes.push((sheet.name, quote));
    }
    if !found_header {
        ledger.problems.retain(|p| p.code != Code::NoHeaderRow);
        ledger.problems.push(
            Diagnostic::error(Code::NoHeaderRow, Location::file(name), tr!(zh: "台账里找不到表头行", en: "the ledger has no header row"))
                .with_hint(header_hint()),
        );
    }
    ledger
}

fn header_hint() -> String {
    tr!(
        zh: "表头写字段名，如 `项目名称`、`投资方`、`协议投资额（万元）`、`签约日期`；本单位的列名可在 site.yaml 的 `ledger_columns:` 里对应到字段",
        en: "name the columns with the keys, e.g. `项目名称`, `投资方`, `协议投资额（万元）`, `签约日期`; an office's own names can be mapped in `ledger_columns:` in site.yaml"
    )
}

fn unreadable(name: &Arc<str>, error: impl std::fmt::Display) -> Box<Diagnostic> {
    let error = error.to_string();
    Box::new(
        Diagnostic::error(Code::Io, Location::file(name), tr!(zh: "无法打开这个台账：{error}", en: "cannot open the ledger: {error}"))
            .with_hint(tr!(
                zh: "用 Excel 或 WPS 打开，另存为 .xlsx 后再试；有密码的文件请先去掉密码",
                en: "open it in Excel or WPS and save it again as .xlsx; remove a password if it has one"
            )),
    )
}

fn read_workbook(path: &Path, name: &Arc<str>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    // A damaged file must not take the whole run down with it: a panic in
    // the reader is the file's problem, reported as such.
    let opened = std::panic::catch_unwind(|| -> Result<Vec<(String, calamine::Range<Data>)>, String> {
        let mut workbook = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
        let hidden: Vec<String> =
            workbook.sheets_metadata().iter().filter(|s| s.visible != SheetVisible::Visible).map(|s| s.name.clone()).collect();
        let mut sheets = Vec::new();
        for sheet in workbook.sheet_names() {
            if hidden.contains(&sheet) {
                continue;
            }
            let range = workbook.worksheet_range(&sheet).map_err(|e| e.to_string())?;
            sheets.push((sheet, range));
        }
        Ok(sheets)
    });
    let sheets = match opened {
        Ok(Ok(sheets)) => sheets,
        Ok(Err(error)) => return Err(unreadable(name, error)),
        Err(_) => return Err(unreadable(name, "the file is damaged")),
    };
    Ok(sheets
        .into_iter()
        .map(|(sheet, range)| {
            let (first_row, first_col) = range.start().unwrap_or((0, 0));
            // Each row's cells copied out on every core: a province's
            // ledger is one workbook, read otherwise on one.
            let rows: Vec<&[Data]> = range.rows().collect();
            let rows = rows.par_iter().map(|row| row.iter().map(cell_of).collect()).collect();
            Sheet { name: Arc::from(format!("{name}{SHEET_MARK}{sheet}")), first_row: first_row + 1, first_col: first_col + 1, rows }
        })
        .collect())
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Cell::Date(y, m, day)
        }
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        // ODS: `2025-06-03` or `2025-06-03T00:00:00`.
        Data::DateTimeIso(s) => Cell::Text(s.split('T').next().unwrap_or_default().to_string()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn read_csv(path: &Path, name: &Arc<str>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    // The same checks as any text file: size, encoding (a CSV saved as GBK
    // is named as such), control characters.
    let source = crate::source::read_or_transcode(path, name).map_err(|e| Box::new(e.problem))?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(source.text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(name, e))?;
        rows.push(record.iter().map(|t| if t.trim().is_empty() { Cell::Empty } else { Cell::Text(unguard(t).to_string()) }).collect());
    }
    Ok(vec![Sheet { name: name.clone(), first_row: 1, first_col: 1, rows }])
}

/// A CSV cell without the `'` an export puts before a leading `=`, `+`, `-`
/// or `@` (so that a spreadsheet shows it rather than runs it as a formula).
fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

/// A header as compared: without spaces and line breaks, and without a
/// bracketed unit or note at its end (`协议投资额（万元）`), which comes back
/// beside it when it is a unit of money.
fn split_header(header: &str) -> (String, Option<Unit>) {
    let bare: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
        if let Some(inner) = bare.strip_suffix(close)
            && let Some((base, note)) = inner.rsplit_once(open)
            && !base.is_empty()
        {
            let unit = match note {
                "元" => Some(Unit::Yuan),
                "万元" | "万" => Some(Unit::Wan),
                "亿元" | "亿" => Some(Unit::Yi),
                _ => None,
            };
            return (base.to_string(), unit);
        }
    }
    (bare, None)
}

fn normalise(header: &str) -> String {
    header.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What a column holds: its key as written, the key's English name, and
/// the unit its header gives.
#[derive(Debug, Clone)]
struct Column {
    index: usize,
    key: String,
    field: &'static str,
    unit: Option<Unit>,
    /// For a key that holds a mapping, the key inside it this column
    /// holds: the year of `到位资金2024`, the `年产值` of `expected`.
    sub: Option<String>,
}

/// A column of a key that holds a mapping: `到位资金2024` or `到位资金2025-06`
/// (also `2024年到位资金`,
/// `funds_in_place.2024`) for a year's funds in place, and `年产值`, `年税收`,
/// `就业人数` (also `expected.jobs` …) for the expected benefits. Gives the
/// field, the key as it is to be written, and the key inside it.
pub fn nested_key(header: &str) -> Option<(&'static str, &'static str, String)> {
    let year = |t: &str| {
        let t = t.strip_suffix('年').unwrap_or(t);
        // A year, or a month for a running year (`到位资金2025-06`).
        let digits = |d: &str, n: usize| d.len() == n && d.bytes().all(|b| b.is_ascii_digit());
        let ok = match t.split_once('-') {
            Some((y, m)) => digits(y, 4) && digits(m, 2),
            None => digits(t, 4),
        };
        ok.then(|| t.to_string())
    };
    if let Some(rest) = header.strip_prefix("到位资金").or_else(|| header.strip_suffix("到位资金"))
        && let Some(y) = year(rest)
    {
        return Some(("funds_in_place", "到位资金", y));
    }
    if let Some(y) = header.strip_prefix("funds_in_place.").and_then(year) {
        return Some(("funds_in_place", "funds_in_place", y));
    }
    let names = yaml::key_names::<crate::model::raw::RawExpected>();
    if let Some(sub) = header.strip_prefix("expected.")
        && names.contains(&sub)
    {
        return Some(("expected", "expected", sub.to_string()));
    }
    (!header.is_ascii() && names.contains(&header)).then(|| ("expected", "预期效益", header.to_string()))
}

struct Header {
    /// Index of the header row in the sheet's rows.
    row: usize,
}

/// The English name of a key of the expected benefits (`年产值` → `output_value`).
fn expected_field(key: &str) -> String {
    let names = yaml::key_names::<crate::model::raw::RawExpected>();
    let Some(at) = names.iter().position(|n| *n == key) else { return key.to_string() };
    names[..=at].iter().rev().find(|n| n.is_ascii()).map_or_else(|| key.to_string(), |n| n.to_string())
}

/// The English name of the field a key (English or Chinese) belongs to:
/// `key_names` lists each field's English name first, its aliases after.
pub fn field_of(key: &str) -> Option<&'static str> {
    let names = yaml::key_names::<RawProject>();
    let at = names.iter().position(|n| *n == key)?;
    names[..=at].iter().rev().find(|n| n.is_ascii()).copied()
}

/// The key a header names: the site's own name for it, or a key itself
/// (with a unit in brackets, or the whole header with its brackets).
fn key_of(header: &str, columns: &Columns) -> Option<(String, Option<Unit>)> {
    let whole = normalise(header);
    let (base, unit) = split_header(header);
    if let Some(key) = columns.get(&whole) {
        return Some((key.to_string(), None));
    }
    if let Some(key) = columns.get(&base) {
        return Some((key.to_string(), unit));
    }
    let names = yaml::key_names::<RawProject>();
    if names.contains(&whole.as_str()) {
        return Some((whole, None));
    }
    names.contains(&base.as_str()).then_some((base, unit))
}

fn header_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    }
}

/// The first row that names columns: two known keys, or one when it is all
/// the row holds (a merged title above has one cell, but no key).
fn find_header(sheet: &Sheet, columns: &Columns) -> Option<Header> {
    for (r, row) in sheet.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let texts: Vec<(usize, String)> = row.iter().enumerate().filter_map(|(i, c)| header_text(c).map(|t| (i, t))).collect();
        let known = texts.iter().filter(|(_, t)| key_of(t, columns).is_some() || nested_key(&split_header(t).0).is_some()).count();
        if known >= 2 || (known == 1 && texts.len() == 1) {
            return Some(Header { row: r });
        }
    }
    None
}

/// Reads the header's columns (reporting unknown and repeated ones) and
/// then each row below it as a record.
fn read_rows(sheet: &Sheet, header: &Header, site_columns: &Columns, ledger: &mut Ledger, on_row: &mut dyn FnMut(Node, &Arc<str>)) {
    let header_row = header.row;
    let names = yaml::key_names::<RawProject>();
    let mut columns: Vec<Column> = Vec::new();
    for (i, cell) in sheet.rows[header_row].iter().enumerate() {
        let Some(text) = header_text(cell) else { continue };
        let nested = match key_of(&text, site_columns) {
            Some(_) => None,
            None => {
                let (base, unit) = split_header(&text);
                nested_key(&base).map(|(field, key, sub)| (field, key, sub, unit))
            }
        };
        if let Some((field, key, sub, unit)) = nested {
            let sub_field = if field == "expected" { expected_field(&sub) } else { sub.clone() };
            let same = |c: &Column| c.field == field && c.sub.as_deref().map(expected_field) == Some(sub_field.clone());
            if let Some(first) = columns.iter().find(|c| same(c)) {
                let first_at = Location::new(&sheet.name, sheet.cell(header_row, first.index));
                ledger.problems.push(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        Location::new(&sheet.name, sheet.cell(header_row, i)),
                        tr!(zh: "列 `{text}` 和前面一列重复，这一列没有读取", en: "the column `{text}` repeats an earlier one; it is not read"),
                    )
                    .with_related(first_at, tr!(zh: "第一次在这里", en: "first given here"))
                    .with_hint(tr!(zh: "一个字段只留一列", en: "keep one column per key")),
                );
                continue;
            }
            columns.push(Column { index: i, key: key.to_string(), field, unit, sub: Some(sub) });
            continue;
        }
        let Some((key, unit)) = key_of(&text, site_columns) else {
            if IGNORED_HEADERS.contains(&normalise(&text).as_str()) {
                continue;
            }
            let (base, _) = split_header(&text);
            let hint = match did_you_mean(&base, names.iter().copied()) {
                Some(close) => tr!(zh: "是不是 `{close}`？", en: "did you mean `{close}`?"),
                None => tr!(
                    zh: "不需要这一列就不用管；需要的话，在 site.yaml 的 `ledger_columns:` 里写明它对应哪个字段，如 `{base}: region`",
                    en: "if the column is not needed, leave it; else say in `ledger_columns:` in site.yaml which key it holds, e.g. `{base}: region`"
                ),
            };
            ledger.problems.push(
                Diagnostic::warning(
                    Code::UnknownColumn,
                    Location::new(&sheet.name, sheet.cell(header_row, i)),
                    tr!(zh: "列 `{text}` 不是项目的字段，没有读取", en: "the column `{text}` is no key of a project and is not read"),
                )
                .with_hint(hint),
            );
            continue;
        };
        let Some(field) = field_of(&key) else { continue };
        if let Some(first) = columns.iter().find(|c| c.field == field && c.sub.is_none()) {
            let first_at = Location::new(&sheet.name, sheet.cell(header_row, first.index));
            ledger.problems.push(
                Diagnostic::error(
                    Code::DuplicateKey,
                    Location::new(&sheet.name, sheet.cell(header_row, i)),
                    tr!(zh: "列 `{text}` 和前面一列都是 `{field}`，这一列没有读取", en: "the column `{text}` gives `{field}` again; it is not read"),
                )
                .with_related(first_at, tr!(zh: "第一次在这里", en: "first given here"))
                .with_hint(tr!(zh: "一个字段只留一列", en: "keep one column per key")),
            );
            continue;
        }
        columns.push(Column { index: i, key, field, unit, sub: None });
    }
    let Some(last) = columns.iter().map(|c| c.index).max() else { return };
    let first = columns.iter().map(|c| c.index).min().unwrap_or(0);
    // Rows made into records on every core, then handed out in order.
    let made: Vec<(Option<Node>, Vec<Diagnostic>)> = sheet
        .rows
        .get(header_row + 1..)
        .unwrap_or_default()
        .par_iter()
        .enumerate()
        .map(|(i, row)| row_record(sheet, &columns, header_row + 1 + i, row, (first, last)))
        .collect();
    for (record, problems) in made {
        ledger.problems.extend(problems);
        if let Some(record) = record {
            on_row(record, &sheet.name);
        }
    }
}

/// The record of row `r` of `sheet` read through `columns`, with the
/// problems of its cells; none for a row of totals or an empty one.
/// `first` and `last`: the columns read, which the record's place spans.
fn row_record(sheet: &Sheet, columns: &[Column], r: usize, row: &[Cell], (first, last): (usize, usize)) -> (Option<Node>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    // A total row offices add at the bottom (合计 …) is no project.
    if is_total_row(row) {
        return (None, problems);
    }
    let mut entries = Vec::new();
    for column in columns {
        let cell = row.get(column.index).unwrap_or(&Cell::Empty);
        let span = sheet.cell(r, column.index);
        match value_of(cell, column) {
            Value::Skip => {}
            Value::Scalar(text, plain) => {
                if let Some(problem) = control_character(&text, &sheet.name, span) {
                    problems.push(problem);
                    continue;
                }
                let value = match column.field {
                    "tags" | "categories" => tags(&text, span),
                    "problems" => match list_in_cell(&text, &sheet.name, span) {
                        Ok(node) => node,
                        Err(problem) => {
                            problems.push(problem);
                            continue;
                        }
                    },
                    _ => scalar(text, plain, span),
                };
                match &column.sub {
                    None => entries.push((scalar(column.key.clone(), false, span), value)),
                    // The cells of a mapping's keys make one mapping, where its first one is.
                    Some(sub) => {
                        let sub_key = scalar(sub.clone(), column.field == "funds_in_place", span);
                        let parent = entries.iter_mut().find(|(k, _)| yaml::scalar_text(k) == Some(column.key.as_str()));
                        match parent {
                            Some((_, Node { kind: NodeKind::Map(inner), .. })) => inner.push((sub_key, value)),
                            _ => entries.push((
                                scalar(column.key.clone(), false, span),
                                Node { span, kind: NodeKind::Map(vec![(sub_key, value)]) },
                            )),
                        }
                    }
                }
            }
            Value::Error(shown) => problems.push(
                Diagnostic::error(
                    Code::WrongType,
                    Location::new(&sheet.name, span),
                    tr!(zh: "这一格是 Excel 的错误值 `{shown}`", en: "the cell holds the Excel error `{shown}`"),
                )
                .with_hint(tr!(
                    zh: "改正这一格的公式，或者直接填值",
                    en: "correct the cell's formula, or type the value itself"
                )),
            ),
        }
    }
    // Empty rows (trailing ones, or blank lines between blocks) hold no record.
    if entries.is_empty() && row.iter().all(|c| *c == Cell::Empty || matches!(c, Cell::Text(t) if t.trim().is_empty())) {
        return (None, problems);
    }
    let record_span = Span { line: sheet.first_row + r as u32, col: sheet.first_col + first as u32, len: (last - first + 1) as u32 };
    (Some(Node { span: record_span, kind: NodeKind::Map(entries) }), problems)
}

/// Words that open a row of totals, in its first cell that is not empty
/// (spaces inside ignored: offices write `合  计` to spread it out).
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "total", "subtotal"];

fn is_total_row(row: &[Cell]) -> bool {
    let first = row.iter().find(|c| !matches!(c, Cell::Empty) && !matches!(c, Cell::Text(t) if t.trim().is_empty()));
    match first {
        Some(Cell::Text(t)) => {
            let word: String = t.chars().filter(|c| !c.is_whitespace() && !matches!(c, ':' | '：')).collect::<String>().to_lowercase();
            TOTAL_WORDS.contains(&word.as_str())
        }
        _ => false,
    }
}

enum Value {
    Skip,
    Scalar(String, bool),
    Error(String),
}

const DATE_FIELDS: &[&str] = &["signed", "started", "producing", "stalled", "cancelled"];
const BOOL_FIELDS: &[&str] = &["key", "public", "investor_public", "progress_public"];

/// The text a cell stands for, as YAML would have it.
fn value_of(cell: &Cell, column: &Column) -> Value {
    let is_date = DATE_FIELDS.contains(&column.field);
    let text = match cell {
        Cell::Empty => return Value::Skip,
        Cell::Error(e) => return Value::Error(e.clone()),
        Cell::Bool(b) => return Value::Scalar(b.to_string(), true),
        Cell::Date(y, m, d) => return Value::Scalar(format!("{y:04}-{m:02}-{d:02}"), false),
        Cell::Number(n) if is_date => match serial_date(*n) {
            Some(date) => return Value::Scalar(date, false),
            None => number_text(*n),
        },
        Cell::Number(n) => number_text(*n),
        Cell::Text(t) => {
            let t = t.replace("\r\n", "\n");
            let t = t.trim();
            if t.is_empty() {
                return Value::Skip;
            }
            // A serial number typed or exported as text (a CSV of a ledger).
            if is_date
                && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && let Ok(n) = t.parse::<f64>()
                && let Some(date) = serial_date(n)
            {
                return Value::Scalar(date, false);
            }
            if BOOL_FIELDS.contains(&column.field) {
                match t {
                    "是" | "TRUE" | "True" => return Value::Scalar("true".into(), true),
                    "否" | "FALSE" | "False" => return Value::Scalar("false".into(), true),
                    _ => {}
                }
            }
            t.to_string()
        }
    };
    // A bare number under a header with a unit is in that unit.
    match column.unit {
        Some(unit) if MoneyText::parse(&text).is_ok_and(|m| m.unit.is_none()) => Value::Scalar(format!("{text}{}", unit.symbol()), false),
        _ => Value::Scalar(text, matches!(cell, Cell::Number(_))),
    }
}

/// A number as its shortest exact text: `8000`, not `8000.0`; `0.1`, not
/// `0.1000000000000000055`. Rust prints a float's shortest round-trip
/// digits, never in exponent form.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// An Excel serial date (days since 1899-12-30; 45811 is 2025-06-03) as
/// `YYYY-MM-DD`, for the years a project date may have.
fn serial_date(n: f64) -> Option<String> {
    // 1900-01-01 to 2999-12-31; the time of day, if any, is dropped.
    if !(1.0..=401_768.0).contains(&n) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(n.floor(), calamine::ExcelDateTimeType::DateTime, false);
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn scalar(text: String, plain: bool, span: Span) -> Node {
    Node { span, kind: NodeKind::Scalar { text, plain } }
}

/// A list written in one cell as YAML flow (`[{raised: 2025-03-02, …}]`,
/// as `ledger export` writes problems), every part of it placed at the cell.
fn list_in_cell(text: &str, file: &Arc<str>, span: Span) -> Result<Node, Diagnostic> {
    fn place(node: &mut Node, span: Span) {
        node.span = span;
        match &mut node.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| place(n, span)),
            NodeKind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                place(k, span);
                place(v, span);
            }),
            _ => {}
        }
    }
    let (mut nodes, problems) = yaml::parse(text, file);
    match (nodes.pop(), problems.is_empty()) {
        (Some(mut node), true) if nodes.is_empty() && matches!(node.kind, NodeKind::Seq(_)) => {
            place(&mut node, span);
            Ok(node)
        }
        _ => Err(Diagnostic::error(
            Code::YamlSyntax,
            Location::new(file, span),
            tr!(zh: "这一格的问题列表写法不对", en: "the list of problems in this cell is not written right"),
        )
        .with_hint(tr!(
            zh: "写成 `[{{raised: 2025-03-02, solved: 2025-04-10, summary: 用地指标待落实}}]`，多个问题用逗号隔开",
            en: "write `[{{raised: 2025-03-02, solved: 2025-04-10, summary: land quota pending}}]`, problems apart by commas"
        ))),
    }
}

/// Tags in one cell, apart by commas or 、.
fn tags(text: &str, span: Span) -> Node {
    let items = text
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| scalar(t.to_string(), false, span))
        .collect();
    Node { span, kind: NodeKind::Seq(items) }
}

fn control_character(text: &str, file: &Arc<str>, span: Span) -> Option<Diagnostic> {
    let (_, c) = crate::source::find_forbidden(text, crate::source::CarriageReturn::Never)?;
    let described = crate::source::describe_char(c);
    Some(
        Diagnostic::error(
            Code::ControlCharacter,
            Location::new(file, span),
            tr!(zh: "这一格含有{described}", en: "the cell contains {described}"),
        )
        .with_hint(tr!(zh: "删掉这个看不见的字符，重新输入这一格", en: "delete the invisible character, or type the cell again")),
    )
}

/// Each row of a sheet as a line, its cells apart by a separator, to quote a
/// cell under a message; line breaks in a cell are shown as spaces.
fn quote_text(sheet: &Sheet) -> String {
    let mut text = "\n".repeat(sheet.first_row.saturating_sub(1) as usize);
    let lead: String = std::iter::repeat_n(CELL_SEPARATOR, sheet.first_col.saturating_sub(1) as usize).collect();
    // A line a row, written on every core (a province's ledger has 100,000).
    let lines: Vec<String> = sheet.rows.par_iter().map(|row| row_line(&lead, row)).collect();
    text.push_str(&lines.concat());
    text
}

/// One row of `quote_text`, with its line break.
fn row_line(lead: &str, row: &[Cell]) -> String {
    let mut line = lead.to_string();
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            line.push(CELL_SEPARATOR);
        }
        let shown = match cell {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().replace(['\n', '\r', CELL_SEPARATOR], " "),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Cell::Error(e) => e.clone(),
        };
        line.push_str(&shown);
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::ledger::{cell_name, column_name, place};

    #[test]
    fn names_cells_as_excel_does() {
        assert_eq!(column_name(1), "A");
        assert_eq!(column_name(26), "Z");
        assert_eq!(column_name(27), "AA");
        assert_eq!(column_name(703), "AAA");
        assert_eq!(cell_name(Span::new(14, 4, 1)), "D14");
        assert_eq!(cell_name(Span::new(14, 1, 8)), "A14:H14");
    }

    #[test]
    fn reads_serial_dates_and_numbers_exactly() {
        assert_eq!(serial_date(45811.0).as_deref(), Some("2025-06-03"));
        assert_eq!(serial_date(45811.75).as_deref(), Some("2025-06-03"));
        assert_eq!(serial_date(-1.0), None);
        assert_eq!(number_text(8000.0), "8000");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_text(3.5), "3.5");
        assert_eq!(number_text(0.0000001), "0.0000001");
    }

    #[test]
    fn splits_a_unit_off_a_header() {
        assert_eq!(split_header(" 协议投资额（万元）"), ("协议投资额".to_string(), Some(Unit::Wan)));
        assert_eq!(split_header("协议投资额\n(亿元)"), ("协议投资额".to_string(), Some(Unit::Yi)));
        assert_eq!(split_header("项目名称（必填）"), ("项目名称".to_string(), None));
        assert_eq!(split_header("签约日期"), ("签约日期".to_string(), None));
    }

    #[test]
    fn knows_a_location_in_a_ledger() {
        assert_eq!(place("content/projects/台账.xlsx › 签约项目"), Some(("content/projects/台账.xlsx", Some("签约项目"))));
        assert_eq!(place("content/projects/a.csv"), Some(("content/projects/a.csv", None)));
        assert_eq!(place("content/projects/a.yaml"), None);
    }
}
