//! Browser checks of the offline handouts (issue: offline handouts): the
//! example site is built, then tests/browser/check-handouts.mjs opens every
//! handout in Debian's Chromium from file:// with the network off and prints
//! it to PDF. Needs chromium, pdftotext and `npm ci` in tests/browser; .ci/run
//! installs them.

use std::path::Path;
use std::process::Command;

#[test]
fn handouts_open_offline_and_print_whole_charts() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(["build", "--root"])
        .arg(repo)
        .arg("--output")
        .arg(&site)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao");
    assert!(build.status.success(), "build failed: {}", String::from_utf8_lossy(&build.stderr));

    let script = repo.join("tests/browser/check-handouts.mjs");
    assert!(
        repo.join("tests/browser/node_modules/playwright-core").is_dir(),
        "run `npm ci` in tests/browser first (and install chromium and poppler-utils): see .ci/run"
    );
    let check = Command::new("node").arg(&script).arg(&site).output().expect("node is needed for the browser tests");
    let report = String::from_utf8_lossy(&check.stdout);
    println!("{report}");
    assert!(check.status.success(), "handout problems:\n{report}\n{}", String::from_utf8_lossy(&check.stderr));
    assert!(report.contains("handouts: 14 checked, 0 with problems"), "{report}");
}
