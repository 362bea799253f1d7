//! What gongbao says, in Chinese and in English: a snapshot of the human
//! output of every diagnostic code in both languages, `gongbao explain` for
//! every code, the codes the docs name, the order in which the language is
//! chosen, and the help.
//!
//! Each case starts from a small valid county site written here and changes
//! one thing so that one code is printed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-09-21 in China: "today" for dates in the future and running years.
const TODAY_EPOCH: &str = "1790000000";

const SITE: &str = "\
title: 西山县招商引资公报
base_url: /
root_region: xishan
sectors:
  - id: energy
    name: 新能源
";

const REGIONS: &str = "\
- id: xishan
  name: 西山县
  children:
    - id: dongcheng
      name: 东城街道
";

const PROJECT: &str = "\
- id: a
  name: 光伏项目
  investor: 某公司
  region: dongcheng
  sector: energy
  amount: 12
  scope: local
  status: signed
  signed: 2025-03-01
";

const ANNUAL: &str = "\
region: xishan
year: 2025
targets:
  signed_amount: 60
";

const BRIEFING: &str = "---\ntitle: 2025年招商工作回顾\ndate: 2025-12-31\nsummary: 全年新签约项目12个\n---\n\n正文。\n";

const P: &str = "content/projects/p.yaml";
const A: &str = "content/annual/xishan-2025.yaml";
const B: &str = "content/briefings/2025-review.md";

/// One change to the valid site.
enum Change {
    Write(&'static str, Vec<u8>),
    Remove(&'static str),
    #[cfg(unix)]
    Link(&'static str, &'static str),
}

use Change::*;

fn w(path: &'static str, text: impl Into<String>) -> Change {
    Write(path, text.into().into_bytes())
}

/// A project record of the base project with `extra` lines added.
fn project(extra: &str) -> String {
    format!("{PROJECT}{extra}")
}

fn project_with(from: &str, to: &str) -> String {
    PROJECT.replace(from, to)
}

/// The cases: the code they print, the command (`check` or `build`) and the
/// changes that make the valid site print it.
fn cases() -> Vec<(&'static str, &'static str, Vec<Change>)> {
    let nested = format!("x: {}{}\n", "[".repeat(70), "]".repeat(70));
    let mut bomb = String::from("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
    for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e")] {
        let items = vec![format!("*{prev}"); 10].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    let many_keys: String = (0..110).map(|i| format!("  unknown{i}: 1\n")).collect();
    let shortcodes: String = (0..201).map(|_| "{{ facts() }}\n\n").collect();
    vec![
        ("file-too-large", "check", vec![w("content/projects/big.yaml", "#".repeat(17 * 1024 * 1024))]),
        ("encoding", "check", vec![Write(P, b"- id: a\n  name: \xb9\xe2\xb7\xfc\xcf\xee\xc4\xbf\n".to_vec())]),
        ("nul-byte", "check", vec![w(P, project("  note: a\0b\n"))]),
        ("control-character", "check", vec![w(P, project_with("光伏项目", "\"光伏\\a项目\""))]),
        ("missing-file", "check", vec![Remove("content/regions.yaml")]),
        ("no-regions", "check", vec![w("content/regions.yaml", "[]\n")]),
        ("front-matter", "check", vec![w(B, "正文，没有前置信息。\n")]),
        ("too-many-problems", "check", vec![w(P, project(&many_keys))]),
        ("ignored-file", "check", vec![w("content/projects/notes.txt", "备忘\n")]),
        ("no-header-row", "check", vec![w("content/projects/台账.csv", "甲,乙\n1,2\n")]),
        (
            "unknown-column",
            "check",
            vec![w(
                "content/projects/台账.csv",
                "编号,项目名称,投资方,区域,产业,协议投资额,资金来源,状态,签约日期,负责人\nb,风电项目,某公司,dongcheng,energy,5,local,signed,2025-04-01,张三\n",
            )],
        ),
        ("yaml-syntax", "check", vec![w(P, project("  note: [a\n"))]),
        ("yaml-too-deep", "check", vec![w(P, nested)]),
        ("yaml-too-large", "check", vec![w(P, bomb)]),
        ("yaml-too-long", "check", vec![w(P, project_with("光伏项目", &"长".repeat(70_000)))]),
        ("yaml-complex-key", "check", vec![w(P, project("  ? [x]\n  : 1\n"))]),
        ("duplicate-key", "check", vec![w(P, project("  name: 又一个名字\n"))]),
        ("unknown-key", "check", vec![w(P, project_with("amount", "amout"))]),
        ("unknown-value", "check", vec![w(P, project_with("status: signed", "status: signd"))]),
        ("missing-field", "check", vec![w("site.yaml", SITE.replace("title: 西山县招商引资公报\n", ""))]),
        ("second-site", "check", vec![w("site.yaml", format!("{SITE}---\n{SITE}"))]),
        ("wrong-type", "check", vec![w(P, project_with("amount: 12", "amount: [12]"))]),
        ("bad-id", "check", vec![w(P, project_with("id: a", "id: A_1"))]),
        ("empty-value", "check", vec![w(P, project_with("name: 光伏项目", "name: \"\""))]),
        ("bad-url", "check", vec![w("site.yaml", SITE.replace("base_url: /", "base_url: ftp://example.cn"))]),
        ("duplicate-id", "check", vec![w(P, format!("{PROJECT}{PROJECT}"))]),
        ("duplicate-sector", "check", vec![w("site.yaml", format!("{SITE}  - id: energy\n    name: 新能源\n"))]),
        ("duplicate-annual", "check", vec![w("content/annual/xishan-2025-again.yaml", ANNUAL)]),
        ("unknown-region", "check", vec![w(P, project_with("region: dongcheng", "region: nowhere"))]),
        ("unknown-sector", "check", vec![w(P, project_with("sector: energy", "sector: steel"))]),
        (
            "duplicate-category",
            "check",
            vec![w(
                "site.yaml",
                format!("{SITE}investor_categories:\n  - {{id: fortune500, name: 世界500强}}\n  - {{id: global500, name: 世界500强}}\n"),
            )],
        ),
        (
            "unknown-category",
            "check",
            vec![
                w("site.yaml", format!("{SITE}investor_categories:\n  - {{id: fortune500, name: 世界500强}}\n")),
                w(P, project("  categories: [fortune-500]\n")),
            ],
        ),
        ("negative-amount", "check", vec![w(P, project_with("amount: 12", "amount: -12"))]),
        ("currency-mismatch", "check", vec![w(P, project_with("amount: 12", "amount: 1200万美元"))]),
        ("out-of-range", "check", vec![w(P, project_with("amount: 12", "amount: 100000000000"))]),
        ("missing-date", "check", vec![w(P, project_with("status: signed", "status: started"))]),
        (
            "date-order",
            "check",
            vec![w(
                P,
                project_with("status: signed", "status: started")
                    .replace("signed: 2025-03-01", "signed: 2025-03-01\n  started: 2025-01-01"),
            )],
        ),
        ("status-date-mismatch", "check", vec![w(P, project_with("status: signed", "status: negotiating"))]),
        ("bad-date", "check", vec![w(P, project("  funds_in_place:\n    abc: 1\n"))]),
        ("too-many-shortcodes", "check", vec![w(B, format!("{BRIEFING}\n{shortcodes}"))]),
        ("shortcode", "check", vec![w(B, format!("{BRIEFING}\n{{{{ nosuch() }}}}\n"))]),
        ("image", "check", vec![w(B, format!("{BRIEFING}\n![现场](images/missing.png)\n"))]),
        #[cfg(unix)]
        ("outside-root", "check", vec![Link("content/projects/outside.yaml", "/etc/hostname")]),
        #[cfg(unix)]
        ("broken-link", "check", vec![Link("content/projects/broken.yaml", "nowhere.yaml")]),
        #[cfg(unix)]
        ("link-loop", "check", vec![Link("content/projects/loop", ".")]),
        ("bad-theme", "check", vec![w("site.yaml", format!("{SITE}theme: ../elsewhere\n"))]),
        ("unknown-theme", "check", vec![w("site.yaml", format!("{SITE}theme: nosuch\n"))]),
        ("template", "build", vec![w("site.yaml", format!("{SITE}theme: mine\n")), w("themes/mine/templates/home.html", "{% if %}\n")]),
        (
            "render",
            "build",
            vec![w("site.yaml", format!("{SITE}theme: mine\n")), w("themes/mine/templates/home.html", "{{ no_such_variable.field }}\n")],
        ),
        ("bad-colour", "check", vec![w("site.yaml", format!("{SITE}theme: mine\n")), w("themes/mine/chart-style.yaml", "text: red\n")]),
        ("future-date", "check", vec![w(P, project_with("signed: 2025-03-01", "signed: 2026-12-01"))]),
        // Each entry fits the amount (else it is taken for a slip of units); their sum does not.
        ("funds-above-amount", "check", vec![w(P, project("  funds_in_place:\n    2025: 8\n    2026-03: 8\n"))]),
        ("funds-before-signing", "check", vec![w(P, project("  funds_in_place:\n    2025-01-15: 1\n"))]),
        (
            "stalled-long",
            "check",
            vec![w(
                P,
                project_with("status: signed", "status: stalled").replace("signed: 2025-03-01", "signed: 2024-03-01\n  stalled: 2025-01"),
            )],
        ),
        (
            "baseline-differs",
            "check",
            vec![
                w(P, format!("{PROJECT}{}", project_with("id: a", "id: b").replace("2025-03-01", "2024-03-01"))),
                w(A, format!("{ANNUAL}baseline:\n  signed_count: 5\n")),
            ],
        ),
        ("figure-missing", "check", vec![w(B, format!("{BRIEFING}\n新开工 {{{{ figure(metric=\"started_count\") }}}} 个。\n"))]),
        (
            "as-of-differs",
            "check",
            vec![
                w("content/annual/xishan-2026.yaml", "region: xishan\nyear: 2026\nas_of: 2026-08-31\n"),
                w("content/annual/dongcheng-2026.yaml", "region: dongcheng\nyear: 2026\nas_of: 2026-07-31\n"),
            ],
        ),
        ("after-as-of", "check", vec![w(A, format!("{ANNUAL}as_of: 2025-02-28\n"))]),
        ("no-as-of", "check", vec![w("content/annual/xishan-2026.yaml", "region: xishan\nyear: 2026\n")]),
        (
            "unknown-string",
            "check",
            vec![w("site.yaml", format!("{SITE}theme: mine\n")), w("themes/mine/i18n/zh-Hans.yaml", "no_such_string: 文字\n")],
        ),
        (
            "full-year-baseline",
            "check",
            vec![w("content/annual/xishan-2026.yaml", "region: xishan\nyear: 2026\nas_of: 2026-08-31\nbaseline:\n  started_count: 3\n")],
        ),
        ("hidden-alone", "check", vec![w(P, project("  public: false\n"))]),
        ("figure-untracked", "check", vec![]),
        ("no-growth", "check", vec![]),
        ("implausible-amount", "check", vec![w(P, project_with("amount: 12", "amount: 5000"))]),
        ("implausible-growth", "check", vec![w(A, format!("{ANNUAL}baseline:\n  signed_amount: 0.1\n"))]),
        ("implausible-funds", "check", vec![w(P, project("  funds_in_place:\n    2025: 6800\n"))]),
        ("as-of-mid-month", "check", vec![w("content/annual/xishan-2026.yaml", "region: xishan\nyear: 2026\nas_of: 2026-08-15\n")]),
    ]
}

/// Codes no small site can print, and why.
const UNREACHABLE: &[(&str, &str)] = &[
    ("io", "needs a read to fail after the file was found (a permission), which a test run as root does not see"),
    ("incomplete-site", "printed only when gongbao's own checks have a gap; every known cause has its own code"),
];

/// The valid site in `dir`, with `changes` made.
fn site(dir: &Path, changes: &[Change]) -> PathBuf {
    let root = dir.join("site");
    for folder in ["content/projects", "content/annual", "content/briefings"] {
        std::fs::create_dir_all(root.join(folder)).expect("mkdir");
    }
    let base = [("site.yaml", SITE), ("content/regions.yaml", REGIONS), (P, PROJECT), (A, ANNUAL), (B, BRIEFING)];
    for (path, text) in base {
        std::fs::write(root.join(path), text).expect("write");
    }
    for change in changes {
        match change {
            Write(path, bytes) => {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
                std::fs::write(path, bytes).expect("write");
            }
            Remove(path) => std::fs::remove_file(root.join(path)).expect("remove"),
            #[cfg(unix)]
            Link(path, target) => std::os::unix::fs::symlink(target, root.join(path)).expect("symlink"),
        }
    }
    root
}

/// Runs the binary with no language in the environment; exit code, stdout, stderr.
fn gongbao(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongbao"));
    command.args(args).current_dir(dir).env("SOURCE_DATE_EPOCH", TODAY_EPOCH).env_remove("GONGBAO_LANG").env_remove("LC_ALL");
    command.env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run gongbao");
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

/// The problems of `code` in a human report: the blocks that start with
/// `label[code]`, each up to its blank line.
fn blocks_of(stderr: &str, code: &str) -> String {
    let marker = format!("[{code}]");
    stderr
        .split("\n\n")
        .filter(|block| block.lines().next().is_some_and(|first| first.contains(&marker) && !first.starts_with(' ')))
        .map(|block| format!("{}\n\n", block.trim_start_matches('\n')))
        .collect()
}

#[test]
fn every_code_prints_in_chinese_and_english() {
    let mut missing = Vec::new();
    for (code, command, changes) in cases() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = site(dir.path(), &changes);
        for lang in ["zh-Hans", "en"] {
            let (_, _, stderr) = gongbao(&[command, "--root", "site", "--lang", lang], dir.path(), &[]);
            let stderr = stderr.replace(&root.display().to_string(), "[SITE]").replace(&dir.path().display().to_string(), "[TMP]");
            let shown = blocks_of(&stderr, code);
            if shown.is_empty() {
                missing.push(format!("{code} ({lang}):\n{stderr}"));
                continue;
            }
            insta::assert_snapshot!(format!("{code}.{lang}"), shown);
        }
    }
    assert!(missing.is_empty(), "these cases did not print their code:\n{}", missing.join("\n"));
}

#[test]
fn every_code_has_a_case() {
    let cases: Vec<&str> = cases().iter().map(|(code, ..)| *code).collect();
    for info in gongbao::diag::CODES {
        let unreachable = UNREACHABLE.iter().any(|(code, _)| *code == info.name);
        #[cfg(not(unix))]
        let unreachable = unreachable || ["outside-root", "broken-link", "link-loop"].contains(&info.name);
        assert!(cases.contains(&info.name) || unreachable, "no case prints `{}`", info.name);
        assert!(!(cases.contains(&info.name) && unreachable), "`{}` has a case and is listed unreachable", info.name);
    }
    for code in &cases {
        assert!(gongbao::diag::Code::from_name(code).is_some(), "`{code}` is no code");
    }
}

#[test]
fn explain_answers_for_every_code_in_both_languages() {
    let dir = tempfile::tempdir().expect("temp dir");
    for info in gongbao::diag::CODES {
        for lang in ["zh-Hans", "en"] {
            let (code, stdout, stderr) = gongbao(&["explain", info.name, "--lang", lang], dir.path(), &[]);
            assert_eq!(code, 0, "explain {} --lang {lang}: {stderr}", info.name);
            assert!(stdout.starts_with(&format!("{}\n", info.name)), "the code is the heading: {stdout}");
            assert!(stdout.lines().count() > 3, "explain {} --lang {lang} says nothing: {stdout}", info.name);
        }
    }
}

#[test]
fn explain_an_unknown_code_suggests_and_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, stdout, stderr) = gongbao(&["explain", "unknwn-key", "--lang", "zh-Hans"], dir.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("没有叫 `unknwn-key` 的问题代码") && stderr.contains("是不是 `unknown-key`？"), "{stderr}");
    assert!(stderr.contains("`gongbao explain`"), "{stderr}");
    let (code, stdout, _) = gongbao(&["explain", "--lang", "en"], dir.path(), &[]);
    assert_eq!(code, 0);
    for info in gongbao::diag::CODES {
        assert!(stdout.lines().any(|l| l.trim_start().starts_with(&format!("{} ", info.name))), "`{}` is not listed:\n{stdout}", info.name);
    }
}

/// The backticked kebab-case words in the rows of the docs' tables of codes.
fn codes_named_in(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.strip_prefix("| `").and_then(|rest| rest.split_once('`')).map(|(word, _)| word.to_string()))
        .filter(|w| w.contains('-') && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .collect()
}

#[test]
fn every_code_named_in_the_docs_exists() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut files = vec![docs.join("content.md")];
    for entry in std::fs::read_dir(&docs).expect("docs/").flatten() {
        if entry.file_name().to_string_lossy().ends_with(".zh.md") {
            files.push(entry.path());
        }
    }
    let mut named = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read docs");
        let section = text.split_once("<!-- codes").map_or(text.as_str(), |(_, rest)| rest);
        for word in codes_named_in(section) {
            // Tables of settings also hold kebab-case words (`as-of` is none):
            // only words in the tables of codes are codes.
            assert!(gongbao::diag::Code::from_name(&word).is_some(), "{} names `{word}`, which is no code", file.display());
            named += 1;
        }
    }
    // The table of codes is found: a test that checks nothing fails.
    assert!(named > gongbao::diag::CODES.len() / 2, "the docs list {named} codes");
}

#[test]
fn the_flag_beats_the_site_which_beats_the_system() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), &[w(P, project_with("amount", "amout"))]);
    let english = [("LANG", "en_US.UTF-8")];
    // The system's locale alone: English.
    let (_, _, stderr) = gongbao(&["check", "--root", "site"], dir.path(), &english);
    assert!(stderr.contains("error[unknown-key]"), "{stderr}");
    // The site says Chinese: it beats LANG.
    std::fs::write(root.join("site.yaml"), format!("{SITE}language: zh-Hans\n")).expect("write");
    let (_, _, stderr) = gongbao(&["check", "--root", "site"], dir.path(), &english);
    assert!(stderr.contains("错误[unknown-key]"), "{stderr}");
    let (_, _, stderr) = gongbao(&["check", "--root=site"], dir.path(), &english);
    assert!(stderr.contains("错误[unknown-key]"), "{stderr}");
    // --lang beats the site, wherever it is given.
    let (_, _, stderr) = gongbao(&["--lang", "en", "check", "--root", "site"], dir.path(), &english);
    assert!(stderr.contains("error[unknown-key]"), "{stderr}");
    let (_, _, stderr) = gongbao(&["check", "--root", "site", "--lang=en-US"], dir.path(), &english);
    assert!(stderr.contains("error[unknown-key]"), "{stderr}");
    // GONGBAO_LANG stands for --lang.
    let (_, _, stderr) = gongbao(&["check", "--root", "site"], dir.path(), &[("GONGBAO_LANG", "en")]);
    assert!(stderr.contains("error[unknown-key]"), "{stderr}");
    // zh-TW: Traditional.
    let (_, _, stderr) = gongbao(&["check", "--root", "site", "--lang", "zh-TW"], dir.path(), &english);
    assert!(stderr.contains("錯誤[unknown-key]"), "{stderr}");
    // Chinese from LANG alone, with a site that names no language.
    std::fs::write(root.join("site.yaml"), SITE).expect("write");
    let (_, _, stderr) = gongbao(&["check", "--root", "site"], dir.path(), &[("LANG", "zh_CN.UTF-8")]);
    assert!(stderr.contains("错误[unknown-key]") && stderr.contains("gongbao explain 代码"), "{stderr}");
}

#[test]
fn help_is_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, stdout, _) = gongbao(&["--lang", "zh-Hans", "--help"], dir.path(), &[]);
    assert_eq!(code, 0);
    for words in ["用法：", "命令", "选项", "检查数据，不写任何文件", "显示帮助", "显示版本", "explain"] {
        assert!(stdout.contains(words), "`{words}` is not in the help:\n{stdout}");
    }
    assert!(!stdout.contains("Usage:") && !stdout.contains("Print help"), "{stdout}");
    let (_, stdout, _) = gongbao(&["build", "--help", "--lang", "zh-Hans"], dir.path(), &[]);
    assert!(stdout.contains("把警告也当作错误"), "{stdout}");
    assert!(stdout.contains("［默认：human］") && !stdout.contains("[default:"), "{stdout}");
    // `help CMD` is `CMD --help`, with the language given before it.
    let (code, stdout, _) = gongbao(&["--lang", "zh-Hans", "help", "build"], dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("检查数据，然后生成整个网站"), "{stdout}");
    let (_, stdout, _) = gongbao(&["--lang", "en", "--help"], dir.path(), &[]);
    assert!(stdout.contains("Usage:") && stdout.contains("Validate the content and write nothing"), "{stdout}");
    // A usage error says what is wrong in Chinese, and exits 2.
    let (code, _, stderr) = gongbao(&["check", "--bogus", "--lang", "zh-Hans"], dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("错误：未知的选项 `--bogus`"), "{stderr}");
}
