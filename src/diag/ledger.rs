//! Places in a ledger (an Excel workbook or CSV read by `crate::ledger`):
//! its file and sheet are a location's file (`file › sheet`), the row its
//! line and the column its column, shown as Excel names a cell (`D14`).

use super::Span;

/// The extensions of ledgers; `xlsm` is an xlsx with macros (never run).
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv"];

/// Between a workbook's name and a sheet's, in a location's file.
pub const SHEET_MARK: &str = " › ";

/// Between the cells of a row in the text kept for quoting a cell.
pub(crate) const CELL_SEPARATOR: char = '\u{1f}';

/// Whether a location's file is a ledger; then its file (shown to users)
/// and sheet, if it has sheets.
pub fn place(file: &str) -> Option<(&str, Option<&str>)> {
    let is_ledger = |path: &str| {
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        extension.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
    };
    match file.split_once(SHEET_MARK) {
        Some((path, sheet)) if is_ledger(path) => Some((path, Some(sheet))),
        _ if is_ledger(file) => Some((file, None)),
        _ => None,
    }
}

/// A column as Excel names it: 1 → A, 27 → AA.
pub fn column_name(col: u32) -> String {
    let mut name = Vec::new();
    let mut n = col.max(1);
    while n > 0 {
        let digit = (n - 1) % 26;
        name.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A span in A1 notation: `D14`, or a row's stretch `A14:H14`.
pub fn cell_name(span: Span) -> String {
    let first = format!("{}{}", column_name(span.col), span.line);
    match span.len {
        0 | 1 => first,
        len => format!("{first}:{}{}", column_name(span.col + len - 1), span.line),
    }
}

/// The text of the cell at `col` of a row kept by `read` (see `Ledger::quotes`).
pub fn cell_text(row: &str, col: u32) -> Option<&str> {
    row.split(CELL_SEPARATOR).nth(col.checked_sub(1)? as usize).filter(|t| !t.is_empty())
}
