//! Browser checks of the offline handouts (issue: offline handouts): the
//! example site is built, then tests/browser/check-handouts.mjs opens every
//! annual handout, and the 1—6月 ones, in Debian's Chromium from file:// with the network off and prints
//! it to PDF. Needs chromium, pdftotext and `npm ci` in tests/browser; .ci/run
//! installs them.
//!
//! Also the phone layout (issue 13): tests/browser/check-phone.mjs loads one
//! page of every type at 390×844 and checks that nothing overflows.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn handouts_open_offline_and_print_whole_charts() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(["build", "--root"])
        .arg(repo)
        .arg("--output")
        .arg(&site)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao");
    assert!(build.status.success(), "build failed: {}", String::from_utf8_lossy(&build.stderr));

    // The 1—N月 handouts share one template: printing the 1—6月 ones of
    // each year checks it; the other months would only add minutes.
    for year in std::fs::read_dir(site.join("handouts")).expect("handouts").flatten() {
        for entry in std::fs::read_dir(year.path()).expect("a year's handouts").flatten() {
            if entry.path().is_dir() && entry.file_name() != "01-06" {
                std::fs::remove_dir_all(entry.path()).expect("remove a month's handouts");
            }
        }
    }

    let script = repo.join("tests/browser/check-handouts.mjs");
    assert!(
        repo.join("tests/browser/node_modules/playwright-core").is_dir(),
        "run `npm ci` in tests/browser first (and install chromium and poppler-utils): see .ci/run"
    );
    let check = Command::new("node").arg(&script).arg(&site).output().expect("node is needed for the browser tests");
    let report = String::from_utf8_lossy(&check.stdout);
    println!("{report}");
    assert!(check.status.success(), "handout problems:\n{report}\n{}", String::from_utf8_lossy(&check.stderr));
    // 7 regions × 2 years, annual and 1—6月.
    assert!(report.contains("handouts: 28 checked, 0 with problems"), "{report}");
}

/// One page of every page type, at 390 px: no sideways page scroll, no caption
/// or heading squeezed under 8 characters, wide tables scroll in their own box
/// with a hint, images fit. The example gets a briefing image 817 px wide, the
/// width that overflowed a phone before images were limited.
#[test]
fn every_page_type_holds_on_a_phone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::example_copy(dir.path());
    let images = root.join("content/briefings/images");
    std::fs::create_dir_all(&images).expect("mkdir");
    std::fs::write(
        images.join("site.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="817" height="400" viewBox="0 0 817 400"><rect width="817" height="400" fill="#0f3b68"/></svg>"##,
    )
    .expect("write image");
    let briefing = root.join("content/briefings/heling-2025-review.md");
    let text = std::fs::read_to_string(&briefing).expect("read briefing");
    std::fs::write(&briefing, format!("{text}\n![酉水峡谷旅游度假区施工现场](images/site.svg)\n")).expect("write briefing");

    let site = dir.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao");
    assert!(build.status.success(), "build failed: {}", String::from_utf8_lossy(&build.stderr));
    let pages = [
        "index.html",
        "2025/xishan/index.html",
        "2025/index.html",
        "2025/rankings/index.html",
        "regions/hechuan/index.html",
        "sectors/new-energy/index.html",
        "projects/index.html",
        "projects/hc-2024-001/index.html",
        "briefings/index.html",
        "briefings/heling-2025-review/index.html",
        "search/index.html",
        "404.html",
    ];
    for page in pages {
        assert!(site.join(page).is_file(), "{page} is not in the example site");
    }
    let image = std::fs::read_to_string(site.join("briefings/heling-2025-review/index.html")).expect("read");
    assert!(image.contains("<img"), "the briefing shows the image");

    let repo = common::repo();
    assert!(
        repo.join("tests/browser/node_modules/playwright-core").is_dir(),
        "run `npm ci` in tests/browser first (and install chromium): see .ci/run"
    );
    let check = Command::new("node")
        .arg(repo.join("tests/browser/check-phone.mjs"))
        .arg(&site)
        .args(pages)
        .output()
        .expect("node is needed for the browser tests");
    let report = String::from_utf8_lossy(&check.stdout);
    println!("{report}");
    assert!(check.status.success(), "phone layout problems:\n{report}\n{}", String::from_utf8_lossy(&check.stderr));
    assert!(report.contains("phone: 12 pages checked, 0 with problems"), "{report}");
}
