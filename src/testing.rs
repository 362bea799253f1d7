//! Test helpers: small sites written to a temporary folder and loaded the
//! way a user's site is.

use crate::model::{Dataset, Date};
use crate::pipeline;

/// A `site.yaml` for tests: one county, 亿元, a 0.1 minimum.
pub const SITE: &str = "title: 测试县招商引资公报\nbase_url: /\nroot_region: mouxian\nunit: 亿元\nmin_project_amount: 0.1\npercent_decimals: 2\nsectors:\n  - id: new-materials\n    name: 新材料\n  - id: new-energy\n    name: 新能源\n";

/// `regions.yaml` for tests: 某县 with two towns.
pub const REGIONS: &str = "- id: mouxian\n  name: 某县\n  children:\n    - id: jia\n      name: 甲镇\n    - id: yi\n      name: 乙镇\n";

/// Loads a site made of `files` (path → text); `site.yaml` and
/// `content/regions.yaml` default to `SITE` and `REGIONS`. Panics with the
/// diagnostics when the content has errors: a test's fixture is wrong.
pub fn dataset(files: &[(&str, &str)]) -> Dataset {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut all: Vec<(&str, &str)> = vec![("site.yaml", SITE), ("content/regions.yaml", REGIONS)];
    all.extend_from_slice(files);
    for (path, text) in all {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let checked = pipeline::check(dir.path(), Date::ymd(2026, 11, 1)).expect("a site");
    let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "fixture has errors: {errors:#?}");
    checked.dataset.expect("dataset")
}

/// Checks that the part of `doc` (a path from the crate's root) between
/// `<!-- NAME: start -->` and `<!-- NAME: end -->` is `generated`, for the
/// docs tables generated from a registry. With `GONGBAO_BLESS=1` it
/// rewrites that part instead of failing.
pub fn check_generated(doc: &str, name: &str, generated: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(doc);
    let (start, end) = (format!("<!-- {name}: start -->\n"), format!("<!-- {name}: end -->"));
    let text = std::fs::read_to_string(&path).expect("the docs file");
    let from = text.find(&start).unwrap_or_else(|| panic!("{doc} has no `{start}` marker")) + start.len();
    let to = text[from..].find(&end).unwrap_or_else(|| panic!("{doc} has no `{end}` marker")) + from;
    if text[from..to] != *generated && std::env::var_os("GONGBAO_BLESS").is_some() {
        std::fs::write(&path, format!("{}{generated}{}", &text[..from], &text[to..])).expect("write the docs file");
        return;
    }
    assert_eq!(text[from..to], *generated, "{doc} is out of date: run the test with GONGBAO_BLESS=1");
}
