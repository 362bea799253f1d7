//! Bytes → the YAML reader as loading does it: decoding (with the encoding
//! guess for a file that is not UTF-8), parsing, reading the records of each
//! kind of content file and a briefing's front matter, then printing every
//! diagnostic in each format, quoting the source lines.

#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use gongbao::diag::{self, Diagnostics, Format};
use gongbao::load::{self, Sourced};
use gongbao::model::raw::{RawAnnual, RawProject, RawRegion, RawSite};
use gongbao::source::{self, SourceFile, Sources};
use libfuzzer_sys::fuzz_target;

/// Printed diagnostics may quote each key and line of the input, and each
/// adds a few hundred bytes of its own; beyond this the printer amplifies.
const OUTPUT_PER_INPUT_BYTE: usize = 600;
const OUTPUT_CONSTANT: usize = 256 * 1024;

fuzz_target!(|data: &[u8]| {
    let name: Arc<str> = Arc::from("content/projects/fuzz.yaml");
    let mut diagnostics = Diagnostics::default();
    let mut sources = Sources::default();
    match source::decode(data.to_vec(), &name) {
        Ok(file) => {
            sources.insert(&file);
            read_all(&file, &mut diagnostics);
        }
        Err(unreadable) => {
            if let Some(file) = &unreadable.transcoded {
                sources.insert(file);
            }
            diagnostics.push(unreadable.problem);
        }
    }
    diagnostics.sort();
    for format in [Format::Human, Format::Json, Format::Github] {
        let printed = diag::render(&diagnostics, format, &sources);
        let bound = OUTPUT_PER_INPUT_BYTE * data.len() + OUTPUT_CONSTANT;
        assert!(printed.len() <= bound, "{format:?}: {} bytes printed for {} bytes of input", printed.len(), data.len());
    }
});

/// Reads the text as each kind of file loading reads, collecting problems.
fn read_all(file: &SourceFile, diagnostics: &mut Diagnostics) {
    diagnostics.extend(records::<RawSite>(file));
    diagnostics.extend(records::<RawRegion>(file));
    diagnostics.extend(records::<RawProject>(file));
    diagnostics.extend(records::<RawAnnual>(file));
    if let Err(problems) = load::parse_briefing(file, "fuzz".to_string(), PathBuf::from("content/briefings")) {
        diagnostics.extend(problems);
    }
}

fn records<T: for<'de> serde::Deserialize<'de>>(file: &SourceFile) -> Vec<diag::Diagnostic> {
    let (records, problems): (Vec<Sourced<T>>, _) = load::read_records(file);
    // Every record keeps the file it came from.
    assert!(records.iter().all(|r| r.file == file.name));
    problems
}
