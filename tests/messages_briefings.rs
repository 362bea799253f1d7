//! A briefing's slips are told in Chinese when asked to: a misspelt or
//! mistyped shortcode, a missing image and an image behind a broken link,
//! each with a hint that says what to write. A metric named in Chinese, as
//! annual files name it, is a shortcode's metric too.

mod common;

use std::path::Path;
use std::process::Command;

const SLIPS: &str = "---
title: 测试专题
date: 2026-01-20
region: hechuan
year: 2025
---

当年签约当年开工率{{ figure(metric=\"开工率\") }}，目标{{ figure(metric=\"当年签约当年开工率.target\") }}。

签约{{ figre(metric=\"signed_amount\") }}亿元。

到位资金{{ figure(metric=\"funds_in_place\"） }}亿元。

{{ chart(name=\"by_sector\") }}正文

![厂房](images/none.png)
";

fn site_with_slips(dir: &Path) -> std::path::PathBuf {
    let root = common::example_copy(dir);
    std::fs::write(root.join("content/briefings/slips.md"), SLIPS).expect("write");
    root
}

fn check(root: &Path, lang: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", lang)
        .args(["check", "--root"])
        .arg(root)
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stderr).expect("UTF-8 stderr")
}

#[test]
fn briefing_slips_are_told_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = site_with_slips(dir.path());
    let stderr = check(&root, "zh-Hans");
    // The Chinese metric names are read as the annual files read them.
    assert!(!stderr.contains("开工率`"), "{stderr}");
    assert!(stderr.contains("没有名为 `figre` 的短代码，是不是要写 `figure`？"), "{stderr}");
    assert!(stderr.contains("这里应是`metric` 的值后面的 `,` 或 `)`，实际是全角的 `）`（请把输入法切换到半角）"), "{stderr}");
    assert!(stderr.contains("短代码的写法：`{{ name(arg=\"文字\", other=10) }}`"), "{stderr}");
    assert!(stderr.contains("`chart` 是一个块（图表或表格），必须单独占一行"), "{stderr}");
    assert!(stderr.contains("把它单独写在一行，前后各空一行"), "{stderr}");
    assert!(stderr.contains("专题报道旁边没有图片 `images/none.png`"), "{stderr}");
    assert!(stderr.contains("把图片文件放在专题报道所在的文件夹（或其下的文件夹）中"), "{stderr}");
    for english in ["unknown shortcode", "there is no image", "full-width", "must stand alone"] {
        assert!(!stderr.contains(english), "{english}: {stderr}");
    }
}

/// A briefing's image behind a symbolic link that leads nowhere: the link
/// is found while the content is read, and told in Chinese.
#[cfg(unix)]
#[test]
fn an_image_behind_a_broken_link_is_told_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = common::example_copy(dir.path());
    let briefings = root.join("content/briefings");
    std::fs::write(briefings.join("photo.md"), "---\ntitle: 园区\ndate: 2026-01-20\nyear: 2025\n---\n\n![园区](images/gone.png)\n")
        .expect("write");
    std::fs::create_dir_all(briefings.join("images")).expect("mkdir");
    std::os::unix::fs::symlink("nowhere.png", briefings.join("images/gone.png")).expect("symlink");
    let stderr = check(&root, "zh-Hans");
    assert!(stderr.contains("错误[broken-link]"), "{stderr}");
    assert!(stderr.contains("是指向 nowhere.png 的符号链接，无法打开"), "{stderr}");
    assert!(stderr.contains("删去这个链接，或让它指向网站文件夹里的文件"), "{stderr}");
}

#[test]
fn the_same_slips_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = site_with_slips(dir.path());
    let stderr = check(&root, "en");
    assert!(stderr.contains("unknown shortcode `figre`; did you mean `figure`?"), "{stderr}");
    assert!(stderr.contains("expected `,` or `)` after the value of `metric`, found full-width `）`"), "{stderr}");
    assert!(stderr.contains("there is no image `images/none.png` beside the briefing"), "{stderr}");
    assert!(!stderr.contains("unknown metric"), "{stderr}");
}
