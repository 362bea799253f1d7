//! Helpers shared by the integration tests: a copy of the example to edit,
//! and diagnostics without their notes.

// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository, whose `site.yaml` and `content/` are the example city.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example site in `dir/site`, to edit.
pub fn example_copy(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.expect("walk");
        let target = root.join(entry.path().strip_prefix(repo()).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    std::fs::copy(repo().join("site.yaml"), root.join("site.yaml")).expect("copy");
    root
}

/// `stderr` without the notes (`info[…]` blocks and the count of them in
/// the summary): the tests of problems pin the problems alone, and the
/// notes have their own tests (tests/figures_rules.rs).
pub fn without_notes(stderr: &str) -> String {
    let mut out = String::new();
    for block in stderr.split_inclusive("\n\n") {
        if !block.starts_with("info[") {
            out.push_str(block);
        }
    }
    match out.rfind("; ") {
        Some(at) if out[at..].ends_with(" notes\n") || out[at..].ends_with(" note\n") => format!("{}\n", &out[..at]),
        _ => out,
    }
}
