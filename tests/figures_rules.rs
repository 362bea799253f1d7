//! The figures engine's rules through the real binary, on small sites made
//! in temporary folders: untracked figures are not published, a tiny base
//! gives no percentage, last year's records are a base before the first
//! annual file, a running year compares the same months, 序时进度 counts
//! months, and public totals include hidden projects without naming them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// 2026-09-21 in China, as tests/check.rs.
const TODAY_EPOCH: &str = "1790000000";

const SITE: &str = "title: 测试县招商引资公报\nbase_url: /\nroot_region: mouxian\nunit: 亿元\npercent_decimals: 2\nsectors:\n  - id: new-materials\n    name: 新材料\n  - id: new-energy\n    name: 新能源\n";
const REGIONS: &str = "- id: mouxian\n  name: 某县\n  children:\n    - id: jia\n      name: 甲镇\n    - id: yi\n      name: 乙镇\n";

/// A site in a temporary folder: `site.yaml` (SITE plus `site_extra`),
/// the regions, and `files`.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(site_extra: &str, files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = format!("{SITE}{site_extra}");
        let mut all: Vec<(&str, &str)> = vec![("site.yaml", &site), ("content/regions.yaml", REGIONS)];
        all.extend_from_slice(files);
        for (path, text) in all {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        Site { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_gongbao"))
            .env("GONGBAO_LANG", "en")
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
            .output()
            .expect("the binary runs")
    }

    /// `gongbao check`'s stderr; it must pass.
    fn check(&self) -> String {
        let out = self.run(&["check"]);
        let stderr = String::from_utf8(out.stderr).expect("UTF-8");
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        stderr
    }

    /// Builds into `name` beside the site; returns the folder.
    fn build(&self, name: &str, extra: &[&str]) -> PathBuf {
        let out = self.dir.path().join(name);
        let mut args = vec!["build", "--output", out.to_str().expect("UTF-8 path")];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        out
    }

    /// The `figures` entry of `metric` in the JSON data file of a bulletin.
    fn figure(out: &Path, year: i16, region: &str, metric: &str) -> Value {
        let data: Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("data/{year}/{region}.json"))).expect("data file")).expect("JSON");
        data["figures"].as_array().expect("figures").iter().find(|f| f["metric"] == metric).cloned().expect("the metric")
    }
}

fn project(id: &str, region: &str, amount: &str, signed: &str, extra: &str) -> String {
    format!(
        "- {{id: {id}, name: 项目{id}, investor: 公司{id}, region: {region}, sector: new-energy, amount: {amount}, scope: local, status: signed, signed: {signed}{extra}}}\n"
    )
}

#[test]
fn a_ledger_without_start_dates_shows_no_start_figures() {
    let projects = project("a", "jia", "10", "2024-03-01", "") + &project("b", "yi", "5", "2024-04-01", "");
    let site = Site::new("", &[("content/projects/p.yaml", &projects), ("content/annual/2024.yaml", "region: mouxian\nyear: 2024\n")]);
    let stderr = site.check();
    assert!(
        stderr.contains(
            "info[figure-untracked]: no project record carries `started`: no bulletin shows started_count, new_start_investment, start_rate"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("check: no problems found; "), "{stderr}");
    let out = site.build("public", &[]);
    for metric in
        ["started_count", "new_start_investment", "start_rate", "producing_count", "funds_in_place", "funds_rate", "cancelled_count"]
    {
        assert_eq!(Site::figure(&out, 2024, "mouxian", metric)["value"], Value::Null, "{metric}");
    }
    assert_eq!(Site::figure(&out, 2024, "mouxian", "signed_count")["value"], "2");
    // No funds recorded: no list of zeros by scope, and no 0 in the CSV.
    let data: Value = serde_json::from_slice(&std::fs::read(out.join("data/2024/mouxian.json")).expect("read")).expect("JSON");
    assert_eq!(data["breakdowns"]["funds_by_scope"], Value::Array(Vec::new()));
    let csv = std::fs::read_to_string(out.join("data/2024/mouxian.csv")).expect("read");
    let row = csv.lines().find(|l| l.starts_with("a,")).expect("the row of a");
    assert!(row.ends_with(",,"), "funds_in_place_total and confidential are empty: {row}");
    // The lede names no start figure.
    let feed = std::fs::read_to_string(out.join("feed.xml")).expect("feed");
    assert!(!feed.contains("开工"), "{feed}");
}

#[test]
fn a_count_below_ten_last_year_gives_last_years_count_not_a_percentage() {
    let projects = project("a", "jia", "1", "2023-03-01", "")
        + &(0..4).map(|i| project(&format!("b{i}"), "jia", "2", "2024-03-01", "")).collect::<String>();
    let site = Site::new("", &[("content/projects/p.yaml", &projects), ("content/annual/2024.yaml", "region: mouxian\nyear: 2024\n")]);
    let out = site.build("public", &[]);
    let count = Site::figure(&out, 2024, "mouxian", "signed_count");
    assert_eq!((&count["value"], &count["previous"], &count["yoy_percent"]), (&Value::from("4"), &Value::from("1"), &Value::Null));
    // Amounts keep their percentage: 1 → 8 is 700%.
    assert_eq!(Site::figure(&out, 2024, "mouxian", "signed_amount")["yoy_percent"], "700");
}

#[test]
fn last_years_records_are_the_base_before_the_first_annual_file() {
    // A whole year of 2023 signings, and an annual file only for 2024.
    let projects = (0..10).map(|i| project(&format!("a{i}"), "jia", "5", "2023-06-01", "")).collect::<String>()
        + &(0..12).map(|i| project(&format!("b{i}"), "yi", "5", "2024-06-01", "")).collect::<String>();
    let files = [("content/projects/p.yaml", projects.as_str()), ("content/annual/2024.yaml", "region: mouxian\nyear: 2024\n")];
    let site = Site::new("", &files);
    assert!(!site.check().contains("no-growth"));
    let out = site.build("public", &[]);
    let amount = Site::figure(&out, 2024, "mouxian", "signed_amount");
    assert_eq!((&amount["previous"], &amount["yoy_percent"]), (&Value::from("50"), &Value::from("20")));
    assert_eq!(Site::figure(&out, 2024, "mouxian", "signed_count")["yoy_percent"], "20");
    // A ledger that starts in June 2023 holds 2023 only in part: no base, and `check` says why.
    let site = Site::new("台账起始日期: 2023-06-01\n", &files);
    let stderr = site.check();
    assert!(
        stderr.contains("info[no-growth]: the 2024 bulletin of 某县 shows no growth for signed_count, signed_amount, ")
            && stderr.contains("the ledger starts 2023-06-01, so 2023 is not whole in it\n  --> content/annual/2024.yaml:1:1"),
        "{stderr}"
    );
    let out = site.build("public", &[]);
    assert_eq!(Site::figure(&out, 2024, "mouxian", "signed_amount")["previous"], Value::Null);
}

#[test]
fn a_running_year_compares_the_same_period_last_year() {
    // 2026 stands at 30 June (today is 21 September 2026).
    let projects = project("a", "jia", "10", "2025-03-01", "")
        + &project("b", "jia", "30", "2025-10-01", "")
        + &project("c", "yi", "12", "2026-03-01", "");
    let annual = "region: mouxian\nyear: 2026\nas_of: 2026-06-30\nbaseline:\n  signed_amount: 40\n  funds_in_place: 9\n上年同期:\n  signed_amount: 8\n";
    let site = Site::new(
        "ledger_starts: 2025-02-01\n",
        &[
            ("content/projects/p.yaml", &projects),
            ("content/annual/2026.yaml", annual),
            ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n"),
        ],
    );
    let stderr = site.check();
    // 2025 is only partly in the ledger, so the full-year funds baseline
    // is all there is for 2026's funds: a warning at the value.
    assert!(
        stderr.contains(
            "warning[full-year-baseline]: 2026 stands at 2026-06-30, but its funds_in_place is compared with the whole of 2025\n  --> content/annual/2026.yaml:6:19"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("signed_amount is compared with the whole"), "{stderr}");
    let out = site.build("public", &[]);
    let amount = Site::figure(&out, 2026, "mouxian", "signed_amount");
    assert_eq!(
        (&amount["value"], &amount["previous"], &amount["yoy_percent"]),
        (&Value::from("12"), &Value::from("8"), &Value::from("50"))
    );
}

#[test]
fn pace_is_completion_less_the_months_gone() {
    // 福建's cited case: 94.1% of the target done at 1—11月, against
    // 11/12 = 91.67% of the year: 超序时进度2.43 points.
    let annual = |as_of: &str| format!("region: mouxian\nyear: 2025\nas_of: {as_of}\ntargets:\n  signed_amount: 1000\n");
    let projects = project("a", "jia", "941", "2025-02-01", "");
    let site = Site::new("", &[("content/projects/p.yaml", &projects), ("content/annual/2025.yaml", &annual("2025-11-30"))]);
    let out = site.build("public", &[]);
    let amount = Site::figure(&out, 2025, "mouxian", "signed_amount");
    assert_eq!((&amount["completion_percent"], &amount["pace_points"]), (&Value::from("94.1"), &Value::from("2.4333333333")));
    // 安庆's: 77.69% at 1—9月 against 75%: 2.69 points.
    let projects = project("a", "jia", "776.9", "2025-02-01", "");
    let site = Site::new("", &[("content/projects/p.yaml", &projects), ("content/annual/2025.yaml", &annual("2025-09-30"))]);
    let out = site.build("public", &[]);
    assert_eq!(Site::figure(&out, 2025, "mouxian", "signed_amount")["pace_points"], "2.69");
    // In mid-month the month is not yet counted, and `check` says so.
    let site = Site::new("", &[("content/projects/p.yaml", &projects), ("content/annual/2025.yaml", &annual("2025-09-15"))]);
    assert!(site.check().contains("info[as-of-mid-month]: as_of 2025-09-15 is not a month's end: 序时进度 counts 1—8月"));
    let out = site.build("public", &[]);
    assert_eq!(Site::figure(&out, 2025, "mouxian", "signed_amount")["pace_points"], "11.0233333333");
}

/// Every file of a build, as text where it is text.
fn all_text(out: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read(e.path()).ok().map(|bytes| (e.path().to_path_buf(), String::from_utf8_lossy(&bytes).into_owned())))
        .collect()
}

#[test]
fn public_totals_include_hidden_projects_that_no_public_file_names() {
    let hidden = "- {id: secret-fab-2025, name: 保密晶圆厂项目, investor: 隐秘半导体有限公司, region: jia, sector: new-energy, amount: 25, scope: local, origin: 广东省深圳市, status: started, signed: 2025-05-10, started: 2025-08, funds_in_place: {2025: 4}, public: false, summary: 不对外公开的建设内容, tags: [保密标签]}\n";
    let projects = project("a", "jia", "10", "2025-05-01", ", funds_in_place: {2025: 2}")
        + &project("b", "yi", "6", "2025-07-01", "")
        + hidden
        + "- {id: talks, name: 在谈项目, investor: 在谈公司, region: yi, sector: new-energy, amount: 50, scope: local, status: negotiating}\n";
    let site = Site::new("", &[("content/projects/p.yaml", &projects), ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n")]);
    let stderr = site.check();
    // It shares 甲镇's 2025 with `a`, but is its only hidden project: a note.
    assert!(stderr.contains("info[hidden-alone]: `secret-fab-2025` is not public but counts in public totals"), "{stderr}");
    let public = site.build("public", &[]);
    let internal = site.build("internal", &["--internal"]);
    for region in ["mouxian", "jia"] {
        for metric in
            ["signed_count", "signed_amount", "started_count", "new_start_investment", "start_rate", "funds_in_place", "funds_rate"]
        {
            assert_eq!(Site::figure(&public, 2025, region, metric), Site::figure(&internal, 2025, region, metric), "{region} {metric}");
        }
    }
    assert_eq!(Site::figure(&public, 2025, "mouxian", "signed_amount")["value"], "41");
    // The internal build names it; no public file does.
    let named = |files: &[(PathBuf, String)], needle: &str| files.iter().any(|(_, text)| text.contains(needle));
    let internal_files = all_text(&internal);
    assert!(named(&internal_files, "保密晶圆厂项目"));
    let public_files = all_text(&public);
    assert!(!public_files.is_empty());
    for needle in ["保密晶圆厂项目", "隐秘半导体", "secret-fab-2025", "不对外公开的建设内容", "保密标签", "在谈项目", "talks"]
    {
        let leaks: Vec<&PathBuf> = public_files.iter().filter(|(_, text)| text.contains(needle)).map(|(path, _)| path).collect();
        assert!(leaks.is_empty(), "{needle} is in {leaks:?}");
    }
    // An office that leaves hidden amounts out of its totals.
    let site = Site::new(
        "不公开项目计入总数: false\n",
        &[("content/projects/p.yaml", &projects), ("content/annual/2025.yaml", "region: mouxian\nyear: 2025\n")],
    );
    assert!(!site.check().contains("hidden-alone"));
    let public = site.build("public", &[]);
    assert_eq!(Site::figure(&public, 2025, "mouxian", "signed_amount")["value"], "16");
}

#[test]
fn a_hidden_project_alone_in_its_region_is_a_warning() {
    let projects = project("a", "jia", "10", "2025-05-01", "") + &project("b", "yi", "6", "2025-07-01", ", public: false");
    let site = Site::new("", &[("content/projects/p.yaml", &projects)]);
    let out = site.run(&["check"]);
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        stderr.contains(
            "warning[hidden-alone]: `b` is not public but counts in public totals, and is the only project signed in 乙镇 in 2025"
        ) && stderr.contains("--> content/projects/p.yaml:2:3"),
        "{stderr}"
    );
    assert_eq!(site.run(&["check", "--strict"]).status.code(), Some(1));
}
