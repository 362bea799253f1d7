//! `--format github` names files from the repository root, through the real
//! binary: GitHub attaches an annotation to a line only when its path is the
//! file's path in the repository, and an office's site often lives in
//! `site/` of its repository.

mod common;

use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::Workbook;

/// 2026-09-21 in China, as in the other tests.
const TODAY_EPOCH: &str = "1790000000";

/// The annotations (stdout) and exit code of `gongbao ARGS` in English,
/// with `GITHUB_WORKSPACE` set or removed.
fn gongbao(args: &[&str], workspace: Option<&Path>) -> (String, i32) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    command.args(args).env("SOURCE_DATE_EPOCH", TODAY_EPOCH).env("GONGBAO_LANG", "en").env_remove("GITHUB_WORKSPACE");
    if let Some(workspace) = workspace {
        command.env("GITHUB_WORKSPACE", workspace);
    }
    let output = command.output().expect("the binary runs");
    (String::from_utf8(output.stdout).expect("UTF-8 stdout"), output.status.code().expect("exit code"))
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A repository `dir/repo` whose site (the example city) is in `site/`,
/// with one YAML record and one Excel cell in error.
fn repository(dir: &Path) -> std::path::PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir .git");
    let site = common::example_copy(&repo);
    std::fs::write(
        site.join("content/projects/bad.yaml"),
        "- id: bad-001\n  name: 测试项目\n  investor: 某某公司\n  region: donghu\n  sector: digital-economy\n  summmary: 测试\n  amount: 3\n  scope: local\n  status: signed\n  signed: 2025-03-01\n",
    )
    .expect("write");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("签约项目").expect("name");
    let row: [(&str, &str); 9] = [
        ("编号", "xl-001"),
        ("项目名称", "表格项目"),
        ("投资方", "某某集团"),
        ("区域", "donghu"),
        ("产业", "digital-economy"),
        ("协议投资额", "二百亿"),
        ("资金来源", "省外"),
        ("状态", "已签约"),
        ("签约日期", "2025-03-01"),
    ];
    for (col, (header, value)) in row.iter().enumerate() {
        sheet.write_string(0, col as u16, *header).expect("header");
        sheet.write_string(1, col as u16, *value).expect("cell");
    }
    workbook.save(site.join("content/projects/台账.xlsx")).expect("save");
    repo
}

#[test]
fn annotations_name_files_from_the_repository_root_found_by_git() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    let site = repo.join("site");
    for command in ["check", "build"] {
        let output = dir.path().join("public");
        let mut args = vec![command, "--root", s(&site), "--format", "github"];
        if command == "build" {
            args.extend(["--output", s(&output)]);
        }
        let (stdout, code) = gongbao(&args, None);
        assert_eq!(code, 1, "{command}: {stdout}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{command}: {stdout}");
        assert!(
            lines.iter().any(
                |l| l.starts_with("::error file=site/content/projects/bad.yaml,line=6,col=3,title=unknown-key::unknown key `summmary`")
            ),
            "{command}: {stdout}"
        );
        // A ledger's annotation is on the file, its message names the cell.
        assert!(
            lines.iter().any(|l| l.starts_with("::error file=site/content/projects/台账.xlsx,title=wrong-type::签约项目!F2: ")),
            "{command}: {stdout}"
        );
    }
    // Run from inside the site with `--root .`: the same paths.
    let (stdout, _) = {
        let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
            .args(["check", "--root", ".", "--format", "github"])
            .current_dir(&site)
            .env("GONGBAO_LANG", "en")
            .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
            .env_remove("GITHUB_WORKSPACE")
            .output()
            .expect("runs");
        (String::from_utf8(output.stdout).expect("UTF-8"), output.status.code())
    };
    assert!(stdout.contains("::error file=site/content/projects/bad.yaml,line=6"), "{stdout}");
}

#[test]
fn github_workspace_is_the_root_when_the_site_is_inside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    // A workspace above the `.git` folder wins: paths start from it.
    let (stdout, code) = gongbao(&["check", "--root", s(&repo.join("site")), "--format", "github"], Some(dir.path()));
    assert_eq!(code, 1);
    assert!(
        stdout.contains("::error file=repo/site/content/projects/bad.yaml,line=6,col=3,title=unknown-key::unknown key `summmary`"),
        "{stdout}"
    );
    assert!(stdout.contains("::error file=repo/site/content/projects/台账.xlsx,title=wrong-type::签约项目!F2: "), "{stdout}");
    // A workspace that does not hold the site is ignored for the `.git` above the site.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let (stdout, _) = gongbao(&["check", "--root", s(&repo.join("site")), "--format", "github"], Some(elsewhere.path()));
    assert!(stdout.contains("::error file=site/content/projects/bad.yaml,line=6"), "{stdout}");
}

#[test]
fn a_site_at_the_repository_root_keeps_its_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    let site = repo.join("site");
    // The site is its own repository: no prefix.
    std::fs::create_dir_all(site.join(".git")).expect("mkdir .git");
    let (stdout, _) = gongbao(&["check", "--root", s(&site), "--format", "github"], None);
    assert!(stdout.contains("::error file=content/projects/bad.yaml,line=6,col=3,title=unknown-key::unknown key `summmary`"), "{stdout}");
    assert!(stdout.contains("::error file=content/projects/台账.xlsx,title=wrong-type::签约项目!F2: "), "{stdout}");
}
