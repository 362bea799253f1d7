//! Helpers shared by the integration tests that edit a copy of the example.

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
