//! `gongbao build` on real sites: the example city and small fixtures built
//! into temporary folders, then read back file by file.

mod common;
use common::{example_copy, repo};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gongbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

fn build(root: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", root.to_str().expect("utf-8"), "--output", output.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    gongbao(&args)
}

/// Every file of a folder, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            (name, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files.get(name).unwrap_or_else(|| panic!("{name} was not written")).clone()).expect("utf-8")
}

fn built_example() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = build(repo(), &dir.path().join("public"), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // 158 pages, the rankings pages of 鹤川市 for 2024 and 2025, and for
    // each of the 7 regions and 2 years the 1—N月 通报 of 11 months (each
    // with its handout) and their list.
    assert!(stderr.starts_with("built 328 pages, 157 charts, 168 handouts in "), "{stderr}");
    let written = files(&dir.path().join("public"));
    (dir, written)
}

#[test]
fn example_builds_every_page_of_the_contract() {
    let (_dir, files) = built_example();
    for page in [
        "index.html",
        "2024/index.html",
        "2025/index.html",
        "2025/heling/index.html",
        "regions/hechuan/index.html",
        "regions/nanxi-hitech/index.html",
        "sectors/new-energy/index.html",
        "projects/index.html",
        "projects/hc-2025-001/index.html",
        "briefings/index.html",
        "search/index.html",
        "briefings/hechuan-2025-review/index.html",
        "404.html",
        "handouts/2025/hechuan.html",
        "handouts/2024/heling.html",
        "data/2025/hechuan.csv",
        "data/2025/hechuan.json",
        "feed.xml",
        "sitemap.xml",
        "search-index.json",
        "static/style.css",
        ".gongbao-output",
    ] {
        assert!(files.contains_key(page), "{page} is missing");
    }
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("example_output_files", names.join("\n"));
}

#[test]
fn bulletin_shows_the_figures_of_the_ledger() {
    let (_dir, files) = built_example();
    let city = text(&files, "2025/index.html");
    assert!(city.contains("2025年，鹤川市新签约千万元以上项目60个，同比增长13.21%，完成年度目标（60个）的100.00%，协议投资额819.35亿元，同比增长20.23%，完成年度目标（850亿元）的96.39%"));
    assert!(city.contains("开工项目49个，当年签约当年开工率81.67%，高于目标16.67个百分点"));
    // 鹤岭's signed amount fell from 145 to 74.4: a fall, never "增长-".
    let county = text(&files, "2025/heling/index.html");
    assert!(county.contains("协议投资额74.40亿元，同比下降48.69%"), "heling lede");
    assert!(!files.iter().any(|(name, bytes)| name.ends_with(".html") && String::from_utf8_lossy(bytes).contains("增长-")));
    // The home page is the latest bulletin of the root region.
    assert!(text(&files, "index.html").contains("<h1>鹤川市2025年招商引资公报</h1>"));
    insta::assert_snapshot!("bulletin_heling_2025", county);
}

#[test]
fn briefings_render_live_figures_and_cjk_emphasis() {
    let (_dir, files) = built_example();
    let briefing = text(&files, "briefings/hechuan-2025-review/index.html");
    assert!(briefing.contains("协议投资额819.35亿元"), "a figure shortcode");
    assert!(briefing.contains("<strong>“链长制”</strong>招商"), "bold next to Chinese quotes");
    assert!(!briefing.contains("{{"), "no shortcode left unexpanded");
    assert!(briefing.contains("<figure class=\"chart"), "a chart shortcode");
}

#[test]
fn two_builds_are_byte_for_byte_equal() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["a", "b"] {
        let out = build(repo(), &dir.path().join(name), &[]);
        assert!(out.status.success());
    }
    let (a, b) = (files(&dir.path().join("a")), files(&dir.path().join("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between two builds");
    }
}

/// What the public must never see in the example: the ids and names of
/// confidential projects, and the names of private investors.
fn example_secrets() -> (Vec<String>, Vec<String>) {
    let checked = gongbao::pipeline::check(repo(), gongbao::model::Date::ymd(2026, 11, 1)).expect("the example loads");
    let dataset = checked.dataset.expect("the example is valid");
    let confidential: Vec<&gongbao::model::Project> = dataset.projects.iter().filter(|p| p.is_confidential()).collect();
    // An investor named publicly on another project of theirs is no secret.
    let public_investors: Vec<&str> =
        dataset.projects.iter().filter(|p| !p.is_confidential() && p.investor_public).map(|p| p.investor.as_str()).collect();
    let mut secrets: Vec<String> = confidential.iter().flat_map(|p| [p.id.clone(), p.name.clone(), p.investor.clone()]).collect();
    secrets.extend(dataset.projects.iter().filter(|p| !p.investor_public).map(|p| p.investor.clone()));
    secrets.retain(|s| !public_investors.contains(&s.as_str()));
    (confidential.iter().map(|p| p.id.clone()).collect(), secrets)
}

#[test]
fn public_builds_leak_nothing_confidential() {
    let (ids, secrets) = example_secrets();
    assert!(ids.len() >= 10, "the example has negotiating and non-public projects: {ids:?}");
    let (_dir, public) = built_example();
    for (name, bytes) in &public {
        let content = String::from_utf8_lossy(bytes);
        for secret in &secrets {
            assert!(!content.contains(secret.as_str()), "{secret} appears in {name}");
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let out = build(repo(), &dir.path().join("internal"), &["--internal"]);
    assert!(out.status.success());
    let internal = files(&dir.path().join("internal"));
    for id in &ids {
        let page = text(&internal, &format!("projects/{id}/index.html"));
        assert!(page.contains("tag-warn"), "{id} is marked confidential in internal builds");
    }
    assert!(text(&internal, "index.html").contains("内部版本"), "internal builds say so on every page");
}

const SITE: &str = "title: 测试县\nbase_url: /\nroot_region: t\nsectors:\n  - id: s\n    name: 新材料\n";
const REGIONS: &str = "- id: t\n  name: 测试县\n";

fn fixture(dir: &Path, project_name: &str) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).expect("mkdir");
    std::fs::write(root.join("site.yaml"), SITE).expect("write");
    std::fs::write(root.join("content/regions.yaml"), REGIONS).expect("write");
    let record = format!(
        "id: p-1\nname: '{project_name}'\ninvestor: '<b>投资方</b>'\nregion: t\nsector: s\namount: 12\nscope: local\nstatus: signed\nsigned: 2024-03-01\nkey: true\n"
    );
    std::fs::write(root.join("content/projects/p.yaml"), record).expect("write");
    root
}

#[test]
fn everything_from_the_data_is_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = fixture(dir.path(), "<script>alert(1)</script>");
    let out = build(&root, &dir.path().join("out"), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = files(&dir.path().join("out"));
    let page = text(&files, "projects/p-1/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;") || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name shows as text"
    );
    for (name, bytes) in &files {
        if name.ends_with(".html") || name.ends_with(".xml") {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("<script>alert"), "unescaped in {name}");
            assert!(!text.contains("<b>投资方"), "unescaped investor in {name}");
        }
    }
}

#[test]
fn refuses_dangerous_output_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = fixture(dir.path(), "项目");
    for target in [root.clone(), root.join("content"), root.join("content/out"), dir.path().to_path_buf()] {
        let out = build(&root, &target, &[]);
        assert_eq!(out.status.code(), Some(2), "{}", target.display());
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: refusing to"));
    }
    let foreign = dir.path().join("documents");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("letter.docx"), "mine").expect("write");
    let out = build(&root, &foreign, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds files gongbao did not write"));
    assert_eq!(std::fs::read_to_string(foreign.join("letter.docx")).expect("kept"), "mine");
}

#[test]
fn a_failed_build_keeps_the_previous_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let output = dir.path().join("public");
    assert!(build(&root, &output, &[]).status.success());
    let before = files(&output);
    std::fs::write(root.join("content/projects/broken.yaml"), "- id: x\n  amount: 二百亿\n").expect("write");
    let out = build(&root, &output, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was written"));
    assert!(before == files(&output), "the previous site is untouched");
    let leftovers: Vec<String> =
        std::fs::read_dir(dir.path()).expect("list").filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(leftovers.len(), 2, "no staging folder left: {leftovers:?}");
}

#[test]
fn drafts_only_with_the_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(build(repo(), &dir.path().join("a"), &[]).status.success());
    assert!(build(repo(), &dir.path().join("b"), &["--drafts"]).status.success());
    assert!(!dir.path().join("a/briefings/xishan-2025-draft/index.html").exists());
    assert!(dir.path().join("b/briefings/xishan-2025-draft/index.html").exists());
}

#[test]
fn script_editions_convert_the_data_and_link_to_each_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let settings = std::fs::read_to_string(root.join("site.yaml")).expect("read") + "editions: [zh-Hant, en]\n";
    std::fs::write(root.join("site.yaml"), settings).expect("write");
    let out = build(&root, &dir.path().join("public"), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = files(&dir.path().join("public"));
    let hant = text(&files, "zh-Hant/2025/heling/index.html");
    assert!(hant.contains("<html lang=\"zh-Hant\">"));
    assert!(hant.contains("2025年，鶴嶺土家族苗族自治縣新簽約千萬元以上項目9個，上年7個，完成年度目標（9個）的100.00%，協議投資額74.40億元，同比下降48.69%"), "converted names and UI words");
    assert!(hant.contains("href=\"../../../2025/heling/\""), "links back to the Simplified page");
    let en = text(&files, "en/2025/heling/index.html");
    assert!(en.contains(
        "In 2025, Heling Tujia and Miao Autonomous County signed 9 new projects of 10 million yuan and above, 7 projects last year, 100.00% of the annual target (9 projects), with agreed investment of 7.44 billion yuan, down 48.69% year on year"
    ), "the region's name_en");
    assert!(en.contains("<span lang=\"zh-Hans\">重庆市</span>"), "a name without an English one stays in Chinese, marked as Chinese");
    let hans = text(&files, "2025/heling/index.html");
    assert!(
        hans.contains("href=\"../../zh-Hant/2025/heling/\" hreflang=\"zh-Hant\""),
        "the Simplified page links to its Traditional edition"
    );
    assert!(files.contains_key("zh-Hant/handouts/2025/heling.html"));
    assert!(text(&files, "zh-Hant/feed.xml").contains("https://tzcj.hechuan.example.gov.cn/zh-Hant/2025/"));
}

#[test]
fn a_big_project_list_is_one_page_per_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = fixture(dir.path(), "项目");
    let mut records = String::new();
    for i in 0..5_100 {
        let year = 2023 + i % 3;
        records.push_str(&format!(
            "- {{id: q-{i}, name: 项目{i}, investor: 公司{i}, region: t, sector: s, amount: 1, scope: local, status: signed, signed: {year}-05-01}}\n"
        ));
    }
    std::fs::write(root.join("content/projects/many.yaml"), records).expect("write");
    let out = build(&root, &dir.path().join("out"), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = files(&dir.path().join("out"));
    let index = text(&files, "projects/index.html");
    assert!(index.contains("href=\"../projects/by-year/2025/\">2025年签约（1700）</a>"), "the index links each year");
    assert!(!index.contains("项目4999"), "the index lists no projects");
    let year = text(&files, "projects/by-year/2024/index.html");
    assert_eq!(year.matches("<tr data-regions").count(), 1_701, "2024's 1,700 projects and the fixture's one");
    assert!(text(&files, "regions/t/index.html").contains("projects/by-year/2025/?region=t"));
}

#[test]
fn briefing_images_are_copied_inlined_or_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let briefings = root.join("content/briefings");
    std::fs::create_dir_all(briefings.join("img")).expect("mkdir");
    std::fs::write(briefings.join("img/site.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    let briefing = "---\ntitle: 工地见闻\ndate: 2025-06-01\nregion: xishan\nyear: 2025\n---\n\n![项目现场](img/site.png)\n";
    std::fs::write(briefings.join("photo.md"), briefing).expect("write");
    let out = build(&root, &dir.path().join("public"), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = files(&dir.path().join("public"));
    assert!(text(&files, "briefings/photo/index.html").contains("<img src=\"img/site.png\" alt=\"项目现场\""));
    assert_eq!(files.get("briefings/photo/img/site.png").map(Vec::len), Some(8), "copied beside the page");
    assert!(text(&files, "handouts/2025/xishan.html").contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\""), "inline in the handout");

    std::fs::write(briefings.join("photo.md"), briefing.replace("img/site.png", "https://example.com/track.png")).expect("write");
    let out = gongbao(&["check", "--root", root.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[image]: `https://example.com/track.png` is not a file beside the briefing"), "{stderr}");
    assert!(stderr.contains("content/briefings/photo.md:8:1"), "{stderr}");
}

#[test]
fn a_theme_overrides_the_built_in_one_file_by_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = example_copy(dir.path());
    let settings = std::fs::read_to_string(root.join("site.yaml")).expect("read").replace("theme: default", "theme: gov");
    std::fs::write(root.join("site.yaml"), settings).expect("write");
    let theme = root.join("themes/gov");
    std::fs::create_dir_all(theme.join("i18n")).expect("mkdir");
    std::fs::create_dir_all(theme.join("static")).expect("mkdir");
    std::fs::write(theme.join("i18n/zh-Hans.yaml"), "nav.home: 门户首页\n").expect("write");
    std::fs::write(theme.join("static/emblem.png"), b"\x89PNG\r\n\x1a\n\x00\xff").expect("write");
    let out = build(&root, &dir.path().join("public"), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = files(&dir.path().join("public"));
    let home = text(&files, "index.html");
    assert!(home.contains(">门户首页</a>"), "the overridden string");
    assert!(home.contains(">项目库</a>"), "the other strings stay the built-in ones");
    assert_eq!(files.get("static/emblem.png").map(Vec::len), Some(10), "a binary file of the theme is copied");

    // A broken template stops `check` (as it would stop the build), naming the file.
    std::fs::create_dir_all(theme.join("templates")).expect("mkdir");
    std::fs::write(theme.join("templates/project.html"), "{% if %}").expect("write");
    let out = gongbao(&["check", "--root", root.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--> themes/gov/templates/project.html"));
}
