//! Foreign capital in US dollars and funds by origin, through the binary: a
//! small city whose foreign-funded projects record funds in 万美元 and 亿美元,
//! built and checked in a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

fn gongbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

const SITE: &str = "title: 示例市招商引资公报
base_url: https://tzcj.example.gov.cn/
root_region: city
funds_scopes: [foreign, outside_province]
scope_labels:
  outside_province: 区外
sectors:
  - id: equipment
    name: 装备制造
";

const REGIONS: &str = "- id: city
  name: 示例市
  children:
    - id: a
      name: 甲县
    - id: b
      name: 乙县
";

/// 2024: 2000万美元. 2025: 1200万美元 + 0.35亿美元 = 4700万美元, and 0.5 + 6
/// 亿元 of yuan funds, of which 6 from outside the province.
const PROJECTS: &str = "- id: f1
  name: 外资甲项目
  investor: 甲株式会社
  region: a
  sector: equipment
  amount: 3.5
  scope: foreign
  status: signed
  signed: 2024-03-01
  funds_in_place:
    2024-06: 2000万美元
    2025-02: 1200万美元
    2025: 0.5
- id: f2
  name: 外资乙项目
  investor: 乙私人有限公司
  region: b
  sector: equipment
  amount: 6
  scope: foreign
  status: signed
  signed: 2025-01-10
  funds_in_place:
    2025-05: 0.35亿美元
- id: d1
  name: 区外丙项目
  investor: 丙公司
  region: a
  sector: equipment
  amount: 10
  scope: outside_province
  status: signed
  signed: 2024-02-01
  funds_in_place:
    2024: 3
    2025: 6
";

const ANNUAL_2025: &str = "region: city
year: 2025
targets:
  实际利用外资: 1亿美元
  funds_outside_province: 8
";

fn write_site(root: &Path, extra: &[(&str, &str)]) {
    let files = [
        ("site.yaml", SITE),
        ("content/regions.yaml", REGIONS),
        ("content/projects/p.yaml", PROJECTS),
        ("content/annual/city-2024.yaml", "region: city\nyear: 2024\n"),
        ("content/annual/city-2025.yaml", ANNUAL_2025),
    ];
    for (path, text) in files.iter().chain(extra) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// The text of a page with its tags and spaces taken out, so that a card's
/// parts read as one phrase.
fn page_text(path: &Path) -> String {
    let html = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => text.push(c),
            _ => {}
        }
    }
    text
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path(), &[]);
    let out = dir.path().join("public");
    let root = dir.path().to_str().expect("utf-8");
    let run = gongbao(&["build", "--root", root, "--output", out.to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    (dir, out)
}

#[test]
fn the_bulletin_shows_foreign_capital_in_us_dollars_with_growth_and_completion() {
    let (_dir, out) = built();
    let page = page_text(&out.join("2025/index.html"));
    // The card: value, unit, growth on 2000万美元 and completion of 1亿美元.
    assert!(page.contains("实际到位外资4700万美元同比增长135.00%完成年度目标（1亿美元）的47.00%"), "{page}");
    // The table's row, in its own unit.
    assert!(page.contains("实际到位外资（万美元）4700增长135.00%1000047.00%"), "{page}");
    // 到位资金 holds the yuan only: 0.5 + 6 亿元, no dollar converted in.
    assert!(page.contains("到位资金6.50亿元"), "{page}");
}

#[test]
fn the_data_file_carries_foreign_capital_with_its_currency_and_unit() {
    let (_dir, out) = built();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/2025/city.json")).expect("the data file")).expect("json");
    let figure = |metric: &str| {
        json["figures"].as_array().expect("figures").iter().find(|f| f["metric"] == metric).cloned().unwrap_or_else(|| panic!("{metric}"))
    };
    let foreign = figure("foreign_funds");
    assert_eq!(foreign["value"], "4700");
    assert_eq!(foreign["previous"], "2000");
    assert_eq!(foreign["currency"], "USD");
    assert_eq!(foreign["unit"], "万美元");
    assert_eq!(foreign["target"], "10000");
    assert_eq!(foreign["completion_percent"], "47");
    assert_eq!(foreign["yoy_percent"], "135");
    // Yuan figures carry no currency of their own: the file's `unit` is theirs.
    let funds = figure("funds_in_place");
    assert_eq!(funds["value"], "6.5");
    assert!(funds.get("currency").is_none(), "{funds}");
    assert_eq!(json["unit"], "亿元");
}

#[test]
fn funds_by_origin_have_their_own_target_and_the_offices_name() {
    let (_dir, out) = built();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/2025/city.json")).expect("the data file")).expect("json");
    let figures = json["figures"].as_array().expect("figures");
    let by_origin = figures.iter().find(|f| f["metric"] == "funds_outside_province").expect("funds_outside_province");
    assert_eq!(by_origin["label"], "区外到位资金");
    assert_eq!(by_origin["value"], "6");
    assert_eq!(by_origin["previous"], "3");
    assert_eq!(by_origin["target"], "8");
    assert_eq!(by_origin["completion_percent"], "75");
    let page = page_text(&out.join("2025/index.html"));
    assert!(page.contains("区外到位资金（亿元）6.00增长100.00%8.0075.00%"), "{page}");
    // A county page too, without a target of its own.
    let county = page_text(&out.join("2025/b/index.html"));
    assert!(county.contains("实际到位外资3500万美元"), "{county}");
}

#[test]
fn the_handout_shows_foreign_capital() {
    let (_dir, out) = built();
    let handout = page_text(&out.join("handouts/2025/city.html"));
    assert!(handout.contains("实际到位外资4700万美元"), "{handout}");
    assert!(handout.contains("1亿美元"), "{handout}");
}

#[test]
fn dollars_where_yuan_are_required_are_errors_with_their_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = "- id: x1\n  name: 外资丁项目\n  investor: 丁公司\n  region: a\n  sector: equipment\n  amount: 500万美元\n  scope: foreign\n  status: signed\n  signed: 2025-03-01\n";
    let annual = "region: a\nyear: 2025\ntargets:\n  signed_amount: 2亿美元\n  foreign_funds: 5000万元\n";
    write_site(dir.path(), &[("content/projects/x.yaml", bad), ("content/annual/a-2025.yaml", annual)]);
    let run = gongbao(&["check", "--root", dir.path().to_str().expect("utf-8"), "--format", "github"]);
    let stdout = String::from_utf8_lossy(&run.stdout).to_string() + &String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    // All three at once, each at its file, line and column.
    for place in [
        "file=content/projects/x.yaml,line=6,col=11,title=currency-mismatch::`amount` is in 人民币, but US dollars are written (500万美元)",
        "file=content/annual/a-2025.yaml,line=4,col=18,title=currency-mismatch::`signed_amount` is in 人民币",
        "file=content/annual/a-2025.yaml,line=5,col=18,title=currency-mismatch::`foreign_funds` is in US dollars, but 人民币 is written (5000万元)",
    ] {
        assert!(stdout.contains(place), "{place}\n{stdout}");
    }
    assert!(stdout.contains("gongbao explain currency-mismatch"), "{stdout}");
}
