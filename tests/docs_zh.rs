//! The Chinese docs stay in step with the English ones: every diagnostic
//! code docs/content.zh.md names is a code of docs/content.md's generated
//! tables (which a lib test keeps equal to the registry), and every code
//! there has a Chinese line; the links between the docs lead somewhere.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The backticked kebab-case word at the start of each table row.
fn row_codes(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|c| c.split('-').all(|w| !w.is_empty() && w.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())))
        .map(str::to_string)
        .collect()
}

/// The codes section of a doc: docs/content.md's generated block, and the
/// Chinese doc's 问题代码一览 up to the next `##` heading.
fn english_codes() -> BTreeSet<String> {
    let doc = read("docs/content.md");
    let start = doc.find("<!-- codes: start -->").expect("codes start marker");
    let end = doc.find("<!-- codes: end -->").expect("codes end marker");
    row_codes(&doc[start..end])
}

fn chinese_codes() -> BTreeSet<String> {
    let doc = read("docs/content.zh.md");
    let start = doc.find("### 问题代码一览").expect("the 问题代码一览 section");
    let rest = &doc[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    row_codes(&rest[..end])
}

#[test]
fn every_code_in_the_chinese_docs_exists_and_each_is_there() {
    let en = english_codes();
    let zh = chinese_codes();
    assert!(en.len() > 50, "docs/content.md lists only {} codes", en.len());
    let unknown: Vec<_> = zh.difference(&en).collect();
    assert!(unknown.is_empty(), "docs/content.zh.md names codes that do not exist: {unknown:?}");
    let missing: Vec<_> = en.difference(&zh).collect();
    assert!(missing.is_empty(), "docs/content.zh.md lacks codes: {missing:?}");
}

#[test]
fn the_chinese_docs_say_how_to_explain_a_code() {
    for path in ["docs/content.zh.md", "docs/quickstart.zh.md", "src/init-readme.md", "src/init/blank/guide.md"] {
        assert!(read(path).contains("gongbao explain"), "{path} does not name `gongbao explain`");
    }
}

/// Relative links of the docs and the README lead to files that exist.
#[test]
fn links_between_the_docs_lead_to_files() {
    let docs = [
        "README.md",
        "docs/content.md",
        "docs/indicators.md",
        "docs/themes.md",
        "docs/content.zh.md",
        "docs/indicators.zh.md",
        "docs/themes.zh.md",
        "docs/quickstart.zh.md",
    ];
    let mut problems = Vec::new();
    for path in docs {
        let text = read(path);
        let dir = repo().join(path).parent().map(PathBuf::from).unwrap_or_else(repo);
        for part in text.split("](").skip(1) {
            let target = part.split(')').next().unwrap_or("");
            let file = target.split('#').next().unwrap_or("");
            if file.is_empty() || file.contains("://") || !file.ends_with(".md") {
                continue;
            }
            if !dir.join(file).is_file() {
                problems.push(format!("{path}: `{target}`"));
            }
        }
    }
    assert!(problems.is_empty(), "links to missing files: {problems:?}");
}
