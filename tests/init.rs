//! `gongbao init` makes a site that checks and builds cleanly, and refuses
//! to write into a folder that holds files.

use std::process::Command;

fn gongbao(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

#[test]
fn init_then_check_and_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = gongbao(&["init", "site"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gongbao serve --root site --open"), "{stderr}");
    assert!(stderr.contains("init --blank"), "the example's output names --blank: {stderr}");
    let guide = std::fs::read_to_string(dir.path().join("site/使用说明.md")).expect("the guide");
    assert!(guide.contains("gongbao check") && guide.contains("public/"), "{guide}");

    let check = gongbao(&["check", "--root", "site"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let build = gongbao(&["build", "--root", "site"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(dir.path().join("site/public/index.html").is_file());

    let again = gongbao(&["init", "site"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

/// `SOURCE_DATE_EPOCH` 1790000000 is 2026-09-21 in China.
#[test]
fn blank_site_checks_clean_and_builds_its_county() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = gongbao(&["init", "--blank", "county"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gongbao check --root county"), "{stderr}");
    assert!(!stderr.contains("init --blank"), "no advice to use what was used: {stderr}");
    let site = dir.path().join("county");

    // a county, no briefings, one annual file of the current year
    assert!(!site.join("content/briefings").exists());
    assert!(site.join("content/annual/shili-2026.yaml").is_file());
    assert_eq!(std::fs::read_dir(site.join("content/annual")).expect("annual").count(), 1);
    let guide = std::fs::read_to_string(site.join("使用说明.md")).expect("the guide");
    for step in ["content/projects/ledger.yaml", "gongbao check", "gongbao build", "public/", "出错了怎么办"] {
        assert!(guide.contains(step), "the guide names {step}");
    }

    // the ledger is only comments: Chinese example records, this year's dates
    let ledger = std::fs::read_to_string(site.join("content/projects/ledger.yaml")).expect("ledger");
    assert!(ledger.lines().all(|l| l.trim().is_empty() || l.starts_with('#')), "{ledger}");
    for key in ["编号", "项目名称", "投资方", "区域", "产业", "协议投资额", "资金来源", "状态", "签约日期"] {
        assert!(ledger.contains(&format!("#   {key}: ")) || ledger.contains(&format!("# - {key}: ")), "example key {key}");
    }
    assert!(ledger.contains("签约日期: 2026-01-08"), "{ledger}");

    let check = gongbao(&["check", "--root", "county"], dir.path());
    let check_err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{check_err}");
    assert!(check_err.contains("no problems found"), "{check_err}");
    assert!(!check_err.contains("warning") && !check_err.contains("info["), "a blank site checks clean: {check_err}");
    let strict = gongbao(&["check", "--strict", "--root", "county"], dir.path());
    assert_eq!(strict.status.code(), Some(0), "{}", String::from_utf8_lossy(&strict.stderr));

    let build = gongbao(&["build", "--root", "county"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", String::from_utf8_lossy(&build.stderr));
    let home = std::fs::read_to_string(site.join("public/index.html")).expect("home page");
    assert!(home.contains("示例县"), "the root bulletin is the county's");
    assert!(site.join("public/handouts/2026/shili.html").is_file());
}

/// Uncommenting the ledger's examples gives records that check cleanly:
/// the examples teach what works.
#[test]
fn blank_ledger_examples_are_valid_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = gongbao(&["init", "--blank", "county"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = dir.path().join("county/content/projects/ledger.yaml");
    let ledger = std::fs::read_to_string(&path).expect("ledger");
    let records: String = ledger
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| l.starts_with("- ") || l.starts_with("  "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, records).expect("write");
    // and the annual file's targets and same-period figures
    let annual_path = dir.path().join("county/content/annual/shili-2026.yaml");
    let annual = std::fs::read_to_string(&annual_path).expect("annual");
    let annual: String = annual
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.starts_with("目标任务:") || rest.starts_with("上年同期:") || rest.starts_with("  ") => {
                format!("{rest}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(annual.contains("\n目标任务:\n  签约额: 50"), "{annual}");
    std::fs::write(&annual_path, annual).expect("write");
    let check = gongbao(&["check", "--strict", "--root", "county"], dir.path());
    let check_err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{check_err}");
    assert!(!check_err.contains("error[") && !check_err.contains("warning["), "{check_err}");
    let build = gongbao(&["build", "--root", "county"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(std::fs::read_to_string(dir.path().join("county/public/index.html")).expect("home").contains("年产5万吨绿色食品加工项目"));
}

#[test]
fn blank_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("county")).expect("mkdir");
    std::fs::write(dir.path().join("county/site.yaml"), "mine").expect("write");
    let out = gongbao(&["init", "--blank", "county"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("county/site.yaml")).expect("read"), "mine");
    assert!(!dir.path().join("county/content").exists());
}
