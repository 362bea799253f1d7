//! Bytes → the ledger reader, as an .xlsx workbook and as a .csv file: a
//! damaged or hostile spreadsheet must give problems, never a panic, a hang
//! or unbounded output. Each row read becomes a project record as loading
//! reads it, and every diagnostic is printed in each format, quoting cells.
//!
//! The reader opens a path (calamine reads zip archives from files), so the
//! input is written to a scratch file of this process first.

#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use gongbao::diag::{self, Diagnostics, Format};
use gongbao::ledger::{self, Columns};
use gongbao::model::raw::RawProject;
use gongbao::source::{SourceFile, Sources};
use libfuzzer_sys::fuzz_target;

/// As in yaml_records: each cell quoted may add a few hundred bytes.
const OUTPUT_PER_INPUT_BYTE: usize = 600;
const OUTPUT_CONSTANT: usize = 256 * 1024;

fn scratch(extension: &str) -> PathBuf {
    std::env::temp_dir().join(format!("gongbao-fuzz-ledger-{}.{extension}", std::process::id()))
}

fuzz_target!(|data: &[u8]| {
    for extension in ["xlsx", "csv"] {
        let path = scratch(extension);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        let name: Arc<str> = Arc::from(format!("content/projects/fuzz.{extension}"));
        let mut diagnostics = Diagnostics::default();
        let mut rows = 0usize;
        let read = ledger::read(&path, &name, &Columns::default(), &mut |node, file| {
            rows += 1;
            if let Err(e) = gongbao::yaml::from_node::<RawProject>(&node) {
                diagnostics.push(e.into_diagnostic(file, node.span));
            }
        });
        let _ = std::fs::remove_file(&path);
        let mut sources = Sources::default();
        for (name, text) in read.quotes {
            sources.insert(&SourceFile { name, text });
        }
        diagnostics.extend(read.problems);
        diagnostics.sort();
        for format in [Format::Human, Format::Json, Format::Github] {
            let printed = diag::render(&diagnostics, format, &sources);
            // A zip inflates: bound the output by the cells read, not the bytes.
            let bound = OUTPUT_PER_INPUT_BYTE * (data.len() + rows * 64) + OUTPUT_CONSTANT;
            assert!(printed.len() <= bound, "{format:?}: {} bytes printed for {} bytes of input", printed.len(), data.len());
        }
    }
});
