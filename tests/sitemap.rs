//! The sitemap against what a build really writes: every page of the site
//! is listed, except the two that the page table (src/site/page_kind.rs)
//! leaves out on purpose, so that a page written outside the table, or a
//! kind dropped from the sitemap, is caught.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The pages the page table leaves out of the sitemap: the search form and
/// the server's page for a wrong address.
const LEFT_OUT: [&str; 2] = ["search/", "404.html"];

/// The site path of every page written under `dir` (`regions/xishan/` for
/// `regions/xishan/index.html`); handouts are files of a bulletin, not pages.
fn pages(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/"))
        .filter(|name| name.ends_with(".html") && !name.starts_with("handouts/"))
        .map(|name| name.strip_suffix("index.html").map(str::to_string).unwrap_or(name))
        .collect()
}

/// The site paths the sitemap lists.
fn listed(sitemap: &str, base: &str) -> BTreeSet<String> {
    sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().expect("a closed <loc>"))
        .map(|url| url.strip_prefix(base).unwrap_or_else(|| panic!("{url} is not under {base}")).to_string())
        .collect()
}

fn build(root: &Path, output: &Path, extra: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(["build", "--root", root.to_str().expect("utf-8"), "--output", output.to_str().expect("utf-8")])
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_page_is_in_the_sitemap_unless_left_out_on_purpose() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, extra) in [("public", &[][..]), ("internal", &["--internal", "--drafts"][..])] {
        let out = dir.path().join(name);
        build(repo, &out, extra);
        let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
        let listed = listed(&sitemap, "https://tzcj.hechuan.example.gov.cn/");
        let mut written = pages(&out);
        for page in LEFT_OUT {
            assert!(written.remove(page), "{name}: {page} was not written");
            assert!(!listed.contains(page), "{name}: {page} is in the sitemap");
        }
        assert!(written.len() > 100, "{name}: only {} pages", written.len());
        let unlisted: Vec<_> = written.difference(&listed).collect();
        assert!(unlisted.is_empty(), "{name}: pages missing from the sitemap: {unlisted:?}");
        let unwritten: Vec<_> = listed.difference(&written).collect();
        assert!(unwritten.is_empty(), "{name}: the sitemap lists pages that were not written: {unwritten:?}");
    }
}
