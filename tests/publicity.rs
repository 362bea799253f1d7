//! What a public bulletin says about a county's projects, built through the
//! binary from a small county site: stalled and cancelled projects are not
//! held up as key projects, progress notes stay internal, regions are
//! labelled as what they are, scopes carry the office's own names, and
//! sections with nothing recorded are left out.

use std::path::{Path, PathBuf};
use std::process::Command;

const SITE: &str = "\
title: 西山县招商引资公报
base_url: /
root_region: xishan
min_project_amount: 0.1
funds_scopes: [outside_province]
publisher: 西山县投资促进中心
scope_labels:
  outside_province: 区外境内资金
sectors:
  - id: energy
    name: 新能源
";

const REGIONS: &str = "\
- id: xishan
  name: 西山县
  children:
    - id: qinglong
      name: 青龙镇
    - id: dongcheng
      name: 东城街道
    - id: zone
      name: 西山产业集聚区
      kind_label: 片区
";

const PROJECTS: &str = "\
- id: xs-001
  name: 光伏组件项目
  investor: 甲能源有限公司
  region: qinglong
  sector: energy
  amount: 12
  scope: outside_province
  status: started
  signed: 2025-03-01
  started: 2025-05-01
  progress: 厂房主体完工
  progress_public: true
---
- id: xs-002
  name: 储能电池项目
  investor: 乙储能有限公司
  region: dongcheng
  sector: energy
  amount: 15
  scope: outside_province
  status: stalled
  signed: 2025-04-01
  stalled: 2025-09-01
  progress: 投资方资金链紧张，暂停施工
---
- id: xs-003
  name: 风电装备项目
  investor: 丙装备有限公司
  region: zone
  sector: energy
  amount: 20
  scope: outside_province
  status: cancelled
  signed: 2025-02-01
  cancelled: 2025-10-01
";

const ANNUAL: &str = "\
区域: xishan
年度: 2025
发布日期: 2026-01-15
";

fn site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/projects")).unwrap();
    std::fs::write(root.join("site.yaml"), SITE).unwrap();
    std::fs::write(root.join("content/regions.yaml"), REGIONS).unwrap();
    std::fs::write(root.join("content/projects/xishan.yaml"), PROJECTS).unwrap();
    std::fs::create_dir_all(root.join("content/annual")).unwrap();
    std::fs::write(root.join("content/annual/xishan-2025.yaml"), ANNUAL).unwrap();
    root
}

fn build(root: &Path, internal: bool) -> PathBuf {
    let output = root.join(if internal { "internal" } else { "public" });
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    command.env("GONGBAO_LANG", "en");
    command.arg("build").arg("--root").arg(root).arg("--output").arg(&output);
    if internal {
        command.arg("--internal");
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    output
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The key-project section of a bulletin page.
fn key_projects(page: &str) -> &str {
    let start = page.find("id=\"h-key-projects\"").expect("a key-project section");
    let end = page[start..].find("</section>").map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn a_public_bulletin_names_no_stalled_or_cancelled_key_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let public = read(build(&root, false).join("index.html"));
    let keys = key_projects(&public);
    assert!(keys.contains("光伏组件项目"), "{keys}");
    assert!(!keys.contains("储能电池项目") && !keys.contains("风电装备项目"), "{keys}");
    // They still count: three projects signed, 47亿元 in all.
    assert!(public.contains("新签约项目3个") || public.contains("项目3个"), "{public}");
    assert!(public.contains("47"), "the total counts every signed project");

    let internal = read(build(&root, true).join("index.html"));
    let keys = key_projects(&internal);
    assert!(keys.contains("储能电池项目") && keys.contains("风电装备项目"), "{keys}");
    assert_eq!(keys.matches("公开版不列入重点项目").count(), 2, "{keys}");
}

#[test]
fn progress_notes_stay_internal_unless_marked_public() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let public = build(&root, false);
    for entry in walkdir::WalkDir::new(&public).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("资金链紧张"), "{} publishes an internal progress note", entry.path().display());
    }
    assert!(read(public.join("projects/xs-001/index.html")).contains("厂房主体完工"));

    let internal = read(build(&root, true).join("projects/xs-002/index.html"));
    assert!(internal.contains("资金链紧张"));
    assert!(internal.contains("h-progress") && internal.contains("tag-warn"), "marked as internal");
}

#[test]
fn regions_are_labelled_as_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let public = build(&root, false);
    let label = |id: &str| {
        let page = read(public.join(format!("regions/{id}/index.html")));
        let h1 = &page[page.find("<h1").unwrap()..page.find("</h1>").unwrap()];
        h1.to_string()
    };
    assert!(label("xishan").contains("<small class=\"kind\">县</small>"), "{}", label("xishan"));
    assert!(label("qinglong").contains(">乡镇<"), "{}", label("qinglong"));
    assert!(label("dongcheng").contains(">街道<"), "{}", label("dongcheng"));
    assert!(label("zone").contains(">片区<"), "{}", label("zone"));
    for id in ["xishan", "qinglong", "dongcheng", "zone"] {
        assert!(!label(id).contains("县（市、区）"), "{id}: {}", label(id));
    }
}

#[test]
fn scopes_carry_the_offices_own_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let page = read(build(&root, false).join("projects/xs-001/index.html"));
    assert!(page.contains("区外境内资金"), "{page}");
    assert!(!page.contains("省外资金"), "the theme's word is replaced");
}

#[test]
fn sections_with_nothing_recorded_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let page = read(build(&root, false).join("index.html"));
    // No origin is recorded: no table of 未注明 100%.
    assert!(!page.contains("h-origins"), "origins section");
    assert!(!page.contains("未注明"));
    // No funds in place are recorded: no chart of zero bars by scope.
    assert!(!page.contains("id=\"chart-by-scope"), "funds-by-scope chart");
    // No target: no cumulative-against-target chart.
    assert!(!page.contains("id=\"chart-by-month"), "cumulative-against-target chart");
    // A chart that has figures is still drawn.
    assert!(page.contains("id=\"chart-by-sector"), "sector chart");
}

#[test]
fn every_bulletin_ends_with_notes_on_what_is_counted_and_who_issues_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let public = build(&root, false);
    let notes = |page: &str| {
        let start = page.find("id=\"h-notes\"").expect("a notes block");
        page[start..start + page[start..].find("</section>").unwrap()].to_string()
    };
    for page in ["index.html", "2025/qinglong/index.html", "handouts/2025/xishan.html"] {
        let page = std::fs::read_to_string(public.join(page));
        let notes = notes(&page.unwrap());
        assert!(notes.contains("协议投资额千万元以上"), "the threshold: {notes}");
        assert!(notes.contains("到位资金统计区外境内资金"), "the scope in the office's words: {notes}");
        assert!(notes.contains("数据截至2025年12月31日"), "{notes}");
        assert!(notes.contains("未作机械调整"), "{notes}");
        assert!(notes.contains("发布单位：西山县投资促进中心"), "{notes}");
        assert!(notes.contains("发布日期：2026年1月15日"), "{notes}");
    }
}
