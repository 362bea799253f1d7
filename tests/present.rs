//! How figures read on a built site: the threshold named, targets with
//! completion, the lede's clauses and order, running-year titles, display
//! precision, 万元 for small projects, official wording and English units.
//! Each test builds a small site in a temporary folder with the real binary.

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

const SITE: &str = "title: 某县招商引资公报\nbase_url: /\nroot_region: mouxian\nunit: 亿元\nmin_project_amount: 0.1\nsectors:\n  - id: energy\n    name: 新能源\n";
const REGIONS: &str = "- id: mouxian\n  name: 某县\n  children:\n    - id: jia\n      name: 甲镇\n";

/// 2023: one signing. 2024: three signings (two started in 2024), one
/// project of 1500万元, funds; a target and a baseline for 2024.
const PROJECTS: &str = "
- {id: a, name: 甲项目, investor: 甲公司, region: jia, sector: energy, amount: 12.5, scope: outside_province, status: started, signed: 2024-03-26, started: 2024-05-01, funds_in_place: {2024: 4.25}}
- {id: b, name: 乙项目, investor: 乙公司, region: jia, sector: energy, amount: \"1500万元\", scope: local, status: started, signed: 2024-04-01, started: 2024-06-01}
- {id: c, name: 丙项目, investor: 丙公司, region: mouxian, sector: energy, amount: 40.3456, scope: foreign, status: signed, signed: 2024-11-20}
- {id: z, name: 早项目, investor: 早公司, region: jia, sector: energy, amount: 30, scope: local, status: signed, signed: 2023-02-01}
";
const ANNUAL_2024: &str = "region: mouxian\nyear: 2024\ntargets:\n  signed_amount: 50\n  signed_count: 3\n";
const ANNUAL_2023: &str = "region: mouxian\nyear: 2023\n";

/// A site in a temp folder: the defaults above, with `files` (path, text)
/// added or replacing them.
fn site(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let root = dir.join("site");
    let mut all: Vec<(&str, &str)> = vec![
        ("site.yaml", SITE),
        ("content/regions.yaml", REGIONS),
        ("content/projects/p.yaml", PROJECTS),
        ("content/annual/mouxian-2024.yaml", ANNUAL_2024),
        ("content/annual/mouxian-2023.yaml", ANNUAL_2023),
    ];
    for &(path, text) in files {
        all.retain(|(p, _)| *p != path);
        all.push((path, text));
    }
    for (path, text) in all {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    root
}

/// Builds `files` over the default site; returns the output folder.
fn built(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let root = site(dir, files);
    let out = dir.join("public");
    let run = gongbao(&["build", "--root", root.to_str().expect("utf-8"), "--output", out.to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of the first `<p class="lede">` of a page.
fn lede(page: &str) -> String {
    let start = page.find("<p class=\"lede\">").expect("a lede") + "<p class=\"lede\">".len();
    page[start..].split("</p>").next().unwrap_or_default().to_string()
}

#[test]
fn the_threshold_is_named_in_the_lede_and_the_headings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[]);
    let page = read(&out, "2024/index.html");
    assert!(lede(&page).contains("新签约千万元以上项目3个"), "{}", lede(&page));
    assert!(page.contains("<span class=\"headline-label\">新签约千万元以上项目</span>"), "the card names the threshold");
    assert!(page.contains("<th scope=\"row\">新签约千万元以上项目（个）</th>"), "the table names the threshold");

    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[("site.yaml", &SITE.replace("min_project_amount: 0.1", "min_project_amount: \"500万元\""))]);
    assert!(lede(&read(&out, "2024/index.html")).contains("新签约500万元以上项目3个"));

    let dir = tempfile::tempdir().expect("temp dir");
    let own = format!("{SITE}统计起点: 计划总投资千万元以上\n");
    let out = built(dir.path(), &[("site.yaml", &own)]);
    assert!(lede(&read(&out, "2024/index.html")).contains("新签约计划总投资千万元以上项目3个"));

    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[("site.yaml", &SITE.replace("min_project_amount: 0.1\n", ""))]);
    assert!(lede(&read(&out, "2024/index.html")).contains("新签约项目3个"), "no threshold, no phrase");
}

#[test]
fn a_target_is_stated_with_its_completion() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[]);
    let page = read(&out, "2024/index.html");
    let lede = lede(&page);
    // 3 of 3 projects; 52.9956 of 50亿元 = 105.99%.
    assert!(lede.contains("完成年度目标（3个）的100.00%"), "{lede}");
    assert!(lede.contains("协议投资额53.00亿元"), "{lede}");
    assert!(lede.contains("完成年度目标（50亿元）的105.99%"), "{lede}");
    assert!(page.contains("<span class=\"headline-target\">完成年度目标（50亿元）的105.99%</span>"));
}

#[test]
fn the_lede_carries_count_growth_and_the_start_rate_numerator() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[]);
    let lede = lede(&read(&out, "2024/index.html"));
    // 1 project in 2023, 3 in 2024: a base below 10 gives no percentage
    // (上年1个); 30 → 52.9956亿元: +76.65%; 2 of the 3 started in 2024.
    assert!(
        lede.starts_with("2024年，某县新签约千万元以上项目3个，上年1个，完成年度目标（3个）的100.00%，协议投资额53.00亿元，同比增长76.65%"),
        "{lede}"
    );
    assert!(lede.contains("开工项目2个，当年签约当年开工率66.67%"), "{lede}");
}

#[test]
fn the_office_chooses_the_ledes_clauses_and_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[("site.yaml", &format!("{SITE}lede: [到位资金, signed_amount]\n"))]);
    let text = lede(&read(&out, "2024/index.html"));
    assert!(text.starts_with("2024年，某县到位资金4.25亿元，上年为零；新签约千万元以上项目3个"), "{text}");
    assert!(!text.contains("开工"), "only the clauses chosen: {text}");

    // An annual file overrides the site for its bulletin.
    let dir = tempfile::tempdir().expect("temp dir");
    let annual = format!("{ANNUAL_2024}lede: [start_rate]\n");
    let out = built(dir.path(), &[("content/annual/mouxian-2024.yaml", &annual)]);
    assert_eq!(lede(&read(&out, "2024/index.html")), "2024年，某县开工项目2个，当年签约当年开工率66.67%。");

    // An unknown clause is an error at its line, with the closest name.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), &[("site.yaml", &format!("{SITE}lede:\n  - signed\n  - fundz\n"))]);
    let run = gongbao(&["check", "--root", root.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let line = SITE.lines().count() + 3;
    assert!(stderr.contains(&format!("site.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("`fundz` is not a clause of the lede") && stderr.contains("did you mean `funds`?"), "{stderr}");
}

#[test]
fn a_running_year_is_titled_as_a_report_on_its_months() {
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = format!(
        "{PROJECTS}- {{id: n, name: 新项目, investor: 新公司, region: jia, sector: energy, amount: 2, scope: local, status: signed, signed: 2025-03-01}}\n"
    );
    let out = built(
        dir.path(),
        &[("content/projects/p.yaml", &projects), ("content/annual/mouxian-2025.yaml", "region: mouxian\nyear: 2025\nas_of: 2025-06-30\n")],
    );
    let page = read(&out, "2025/index.html");
    let title = "某县2025年1—6月招商引资工作情况通报";
    assert!(page.contains(&format!("<h1>{title}</h1>")), "the heading");
    assert!(page.contains(&format!("<title>{title} - 某县招商引资公报</title>")), "the page title");
    assert!(!page.contains("2025年招商引资公报"), "not the annual 公报");
    assert!(lede(&page).starts_with("2025年1—6月，某县"), "{}", lede(&page));
    let handout = read(&out, "handouts/2025/mouxian.html");
    assert!(handout.contains(&format!("<title>{title}</title>")) && handout.contains(&format!("<h1>{title}</h1>")));
    // A year that is over keeps its annual title.
    assert!(read(&out, "2024/index.html").contains("<h1>某县2024年招商引资公报</h1>"));
}

#[test]
fn display_precision_is_set_per_kind_and_data_stay_exact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[]);
    // By default amounts in 亿元 have 2 fixed places: 52.9956 → 53.00.
    let page = read(&out, "2024/index.html");
    assert!(page.contains("协议投资额53.00亿元"));
    assert!(!page.contains("52.9956") && !page.contains("40.3456"), "no unrounded amount on the page");

    let dir = tempfile::tempdir().expect("temp dir");
    let precise = format!("{SITE}precision: {{金额: 1, growth: 1, completion: 0, points: 3}}\n");
    let out = built(dir.path(), &[("site.yaml", &precise)]);
    let text = lede(&read(&out, "2024/index.html"));
    assert!(text.contains("上年1个，完成年度目标（3个）的100%，协议投资额53.0亿元，同比增长76.7%，完成年度目标（50亿元）的106%"), "{text}");
    assert!(text.contains("当年签约当年开工率66.67%；"), "rates keep percent_decimals: {text}");
    // The data files keep the exact value.
    assert!(read(&out, "data/2024/mouxian.json").contains("52.9956"));

    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), &[("site.yaml", &format!("{SITE}precision: {{amount: 9}}\n"))]);
    let run = gongbao(&["check", "--root", root.to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("precision `amount` must be between 0 and 6"));
}

#[test]
fn projects_under_one_yi_read_in_wan_and_wan_sites_state_large_totals_in_yi() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[]);
    let project = read(&out, "projects/b/index.html");
    assert!(project.contains("<dd>1500万元</dd>"), "the project page");
    let list = read(&out, "projects/index.html");
    assert!(list.contains("<td class=\"num\">1500万元</td>") && list.contains("<td class=\"num\">12.50亿元</td>"), "the project list");

    let dir = tempfile::tempdir().expect("temp dir");
    let wan = SITE.replace("unit: 亿元", "unit: 万元").replace("min_project_amount: 0.1", "min_project_amount: 1000");
    let projects = PROJECTS
        .replace("amount: 12.5,", "amount: 12.5亿,")
        .replace("amount: 40.3456,", "amount: 40.3456亿,")
        .replace("amount: 30,", "amount: 30亿,");
    let out = built(
        dir.path(),
        &[
            ("site.yaml", &wan),
            ("content/projects/p.yaml", &projects),
            ("content/annual/mouxian-2024.yaml", "region: mouxian\nyear: 2024\n"),
        ],
    );
    let text = lede(&read(&out, "2024/index.html"));
    assert!(text.contains("协议投资额53.00亿元"), "{text}");
    assert!(text.contains("新签约千万元以上项目3个"), "{text}");
    assert!(read(&out, "projects/b/index.html").contains("<dd>1500万元</dd>"));
}

#[test]
fn official_wording_of_change_brackets_and_dates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = format!("{ANNUAL_2024}baseline:\n  start_rate: 66.666666666666666666666666667%\n");
    let out = built(dir.path(), &[("content/annual/mouxian-2024.yaml", &baseline)]);
    let page = read(&out, "2024/index.html");
    assert!(page.contains("同比持平"), "a rate unchanged");
    assert!(!page.contains("与上年持平") && !page.contains("降低"), "never 同比与上年持平 or 降低");
    assert!(page.contains("1亿—10亿元") && page.contains("1亿元以下") && page.contains("100亿元以上"), "size brackets");
    assert!(read(&out, "projects/a/index.html").contains("2024年3月26日签约"), "dates in prose");

    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = format!("{ANNUAL_2024}baseline:\n  start_rate: 70%\n");
    let out = built(dir.path(), &[("content/annual/mouxian-2024.yaml", &baseline)]);
    assert!(read(&out, "2024/index.html").contains("同比下降3.33个百分点"), "a fall in points is 下降");
}

#[test]
fn growth_withheld_states_last_year_and_unpublished_figures_are_left_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let annual = format!("{ANNUAL_2024}baseline:\n  producing_count: 0\n");
    let projects = PROJECTS.replace("started: 2024-06-01}", "started: 2024-06-01, producing: 2024-12-01}");
    let out = built(dir.path(), &[("content/annual/mouxian-2024.yaml", &annual), ("content/projects/p.yaml", &projects)]);
    let page = read(&out, "2024/index.html");
    assert!(lede(&page).contains("新投产千万元以上项目1个，上年为零"), "{}", lede(&page));
    // 2023's bulletin: one signing, none started; its start rate exists
    // (0 of 1), but 2023 has no rate for a year with no signings.
    let dir = tempfile::tempdir().expect("temp dir");
    let projects = PROJECTS.replace("signed: 2023-02-01", "signed: 2022-02-01");
    let out = built(dir.path(), &[("content/projects/p.yaml", &projects)]);
    let page = read(&out, "2023/index.html");
    assert!(!page.contains("当年签约当年开工率"), "a rate over nothing is not published");
}

#[test]
fn english_money_reads_in_billions_at_fixed_precision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = built(dir.path(), &[("site.yaml", &format!("{SITE}editions: [en]\n"))]);
    let page = read(&out, "en/2024/index.html");
    let text = lede(&page);
    assert!(text.contains("with agreed investment of 5.30 billion yuan"), "{text}");
    assert!(text.contains("of the annual target (5 billion yuan)"), "{text}");
    assert!(text.contains("signed 3 new projects of 10 million yuan and above"), "{text}");
    assert!(!page.contains("(100 million yuan)") && !page.contains("0 100 million"), "never the unit 100 million yuan");
    assert!(page.contains("(billion yuan)"), "column headers in billion yuan");
    let list = read(&out, "en/projects/index.html");
    assert!(list.contains("15.00 million yuan") && list.contains("1.25 billion yuan"), "project amounts");
}
