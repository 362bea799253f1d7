//! Government-site furniture (主办单位, 备案 marks, logo, contact, footer)
//! and share previews (description and Open Graph tags), through the real
//! binary on small sites made in temp dirs.

use std::path::Path;
use std::process::Command;

fn gongbao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

const FURNITURE: &str = "\
主办单位: 西山县人民政府办公室
承办单位: 西山县投资促进中心
ICP备案号: 鹤ICP备00000000号-1
公安机关备案号: 鹤公网安备 52062202000001号
网站标识码: \"5206220001\"
网站标志: images/logo.png
分享图片: images/share.png
联系方式:
  地址: 西山县城关镇人民路1号
  电话: 0856-0000000
  邮箱: tzcj@xishan.example.gov.cn
页脚: |
  本站公报以正式印发文本为准。
  第二行说明
";

/// A county with one signed project, one annual file (published by the
/// county's office), and one briefing whose summary holds `<` and `"`;
/// `extra` is added to site.yaml. The threshold's words, which the lede
/// quotes, hold `"` and `<` too.
fn county(root: &Path, extra: &str) {
    let site = format!(
        "title: 西山县招商引资公报\nbase_url: https://tzcj.xishan.example.gov.cn/\nroot_region: xishan\nmin_project_amount: 0.1\n\
         threshold_label: '\"千万元\"<以上'\nsectors:\n  - id: energy\n    name: 新能源\n{extra}"
    );
    let files = [
        ("site.yaml", site.as_str()),
        ("content/regions.yaml", "- id: xishan\n  name: 西山县\n"),
        (
            "content/projects/p.yaml",
            "- id: xs-1\n  name: 光伏组件项目\n  investor: 某某能源有限公司\n  region: xishan\n  sector: energy\n  amount: 12\n  scope: outside_province\n  status: signed\n  signed: 2025-03-01\n",
        ),
        ("content/annual/xishan-2025.yaml", "region: xishan\nyear: 2025\npublisher: 西山县投资促进中心\npublished: 2026-01-20\n"),
        (
            "content/briefings/review.md",
            "---\ntitle: 西山县2025年招商引资回顾\ndate: 2026-01-25\nregion: xishan\nyear: 2025\nsummary: 签约额<12亿元\"首季\"\n---\n\n正文。\n",
        ),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    std::fs::create_dir_all(root.join("images")).expect("mkdir");
    std::fs::write(root.join("images/logo.png"), PNG).expect("write");
    std::fs::write(root.join("images/share.png"), PNG).expect("write");
}

fn build(root: &Path) -> std::path::PathBuf {
    let out = root.join("public");
    let run = gongbao(&["build", "--root", root.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn footer(html: &str) -> &str {
    let start = html.find("<footer").expect("a footer");
    &html[start..html[start..].find("</footer>").map_or(html.len(), |i| start + i)]
}

#[test]
fn the_footer_shows_every_mark_and_no_developer_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    county(dir.path(), FURNITURE);
    let out = build(dir.path());
    for page in ["index.html", "2025/index.html", "projects/index.html", "404.html"] {
        let html = read(&out.join(page));
        let footer = footer(&html);
        for mark in [
            "主办单位：西山县人民政府办公室",
            "承办单位：西山县投资促进中心",
            "<a href=\"https://beian.miit.gov.cn/\" rel=\"noreferrer\">鹤ICP备00000000号-1</a>",
            "<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=52062202000001\" rel=\"noreferrer\">鹤公网安备 52062202000001号</a>",
            "网站标识码：5206220001",
            "地址：西山县城关镇人民路1号",
            "电话：0856-0000000",
            "<a href=\"mailto:tzcj@xishan.example.gov.cn\">tzcj@xishan.example.gov.cn</a>",
            "<p>本站公报以正式印发文本为准。</p>",
            "<p>第二行说明</p>",
        ] {
            assert!(footer.contains(mark), "{page}: no `{mark}` in\n{footer}");
        }
        for note in ["静态网站", "第三方", "third-party"] {
            assert!(!html.contains(note), "{page}: a developer's note `{note}`");
        }
        assert!(!footer.contains("gongbao"), "{page}: the footer names the tool");
        // The marks link out; nothing is loaded from another host.
        assert!(!html.contains("<img src=\"http") && !html.contains("src=\"//"), "{page}");
    }
    // The logo is copied and shown in the header, relative on pages, from
    // the site's address on the 404 page (served at any depth).
    assert_eq!(std::fs::read(out.join("assets/logo.png")).expect("the logo"), PNG);
    assert!(read(&out.join("2025/index.html")).contains("<img class=\"site-logo\" src=\"../assets/logo.png\" alt=\"\">"));
    assert!(read(&out.join("404.html")).contains("src=\"https://tzcj.xishan.example.gov.cn/assets/logo.png\""));
}

#[test]
fn a_site_without_furniture_has_a_plain_footer() {
    let dir = tempfile::tempdir().expect("temp dir");
    county(dir.path(), "");
    let out = build(dir.path());
    let html = read(&out.join("2025/index.html"));
    let footer = footer(&html);
    assert!(footer.contains("<p class=\"colophon\">西山县招商引资公报</p>"), "{footer}");
    for absent in ["beian", "主办单位", "site-logo", "静态网站"] {
        assert!(!html.contains(absent), "`{absent}` in a site that gives no marks");
    }
    assert!(!html.contains("og:image"), "no share image unless configured");
    assert!(!out.join("assets").exists());
}

/// Each wrong logo is an error naming site.yaml and the line it is written
/// on, and the build writes nothing.
#[test]
fn a_logo_outside_the_site_or_not_an_image_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("outside.png"), PNG).expect("write");
    let root = dir.path().join("site");
    let cases: Vec<(String, &str)> = vec![
        ("logo: ../outside.png\n".into(), "`../outside.png` leaves the site folder"),
        (format!("logo: {}\n", dir.path().join("outside.png").display()), "is not a file in the site folder"),
        ("logo: images/logo.txt\n".into(), "is not a PNG, JPEG, GIF, WebP or SVG image"),
        ("logo: images/fake.png\n".into(), "`images/fake.png` is not a PNG image: its bytes are not those of any image"),
        ("logo: images/none.png\n".into(), "there is no image `images/none.png` in the site folder"),
        ("share_image: https://cdn.example.com/a.png\n".into(), "pages load nothing from other hosts"),
    ];
    for (setting, message) in cases {
        let _ = std::fs::remove_dir_all(&root);
        county(&root, &setting);
        std::fs::write(root.join("images/logo.txt"), "not an image").expect("write");
        std::fs::write(root.join("images/fake.png"), "<html>not a png</html>").expect("write");
        let line = std::fs::read_to_string(root.join("site.yaml")).expect("site.yaml").lines().count();
        let run = gongbao(&["check", "--root", root.to_str().expect("utf-8")]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{setting}: {stderr}");
        assert!(stderr.contains(message), "{setting}: {stderr}");
        assert!(stderr.contains(&format!("site.yaml:{line}:")), "{setting}: not at line {line}: {stderr}");
        assert!(stderr.contains("[image]") || stderr.contains("image"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_logo_linked_from_outside_the_site_is_refused_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("outside.png"), PNG).expect("write");
    let root = dir.path().join("site");
    county(&root, "logo: images/linked.png\n");
    std::os::unix::fs::symlink(dir.path().join("outside.png"), root.join("images/linked.png")).expect("link");
    let run = gongbao(&["build", "--root", root.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("outside the site folder") && stderr.contains("site.yaml:9:"), "{stderr}");
    assert!(!root.join("public").exists(), "nothing is written");
}

#[test]
fn blank_marks_and_a_record_without_its_number_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    county(dir.path(), "icp: \" \"\npolice_record: 京公网安备\ncontact:\n  email: 0856-0000000\n");
    let run = gongbao(&["check", "--root", dir.path().to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the ICP备案号 is empty") && stderr.contains("site.yaml:9:"), "{stderr}");
    assert!(stderr.contains("`京公网安备` holds no record number") && stderr.contains("site.yaml:10:"), "{stderr}");
    assert!(stderr.contains("`0856-0000000` is not an email address") && stderr.contains("site.yaml:12:"), "{stderr}");
}

/// The `content` of the `<meta>` whose `name` or `property` is `key`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let marker = format!("=\"{key}\" content=\"");
    let start = html.find(&marker)? + marker.len();
    Some(&html[start..start + html[start..].find('"')?])
}

#[test]
fn bulletins_and_briefings_describe_themselves_when_shared() {
    let dir = tempfile::tempdir().expect("temp dir");
    county(dir.path(), FURNITURE);
    let out = build(dir.path());

    let bulletin = read(&out.join("2025/index.html"));
    assert!(bulletin.contains("<title>西山县2025年招商引资公报 - 西山县招商引资公报</title>"), "the bulletin's own title first");
    let description = meta(&bulletin, "description").expect("a description");
    assert!(description.starts_with("2025年，西山县新签约&quot;千万元&quot;&lt;以上项目1个"), "the lede, escaped: {description}");
    assert!(!description.contains('<') && !description.contains('>'));
    assert_eq!(meta(&bulletin, "og:description"), Some(description));
    assert_eq!(meta(&bulletin, "og:title"), Some("西山县2025年招商引资公报"));
    assert_eq!(meta(&bulletin, "og:type"), Some("article"));
    assert_eq!(meta(&bulletin, "og:url"), Some("https://tzcj.xishan.example.gov.cn/2025/"));
    assert_eq!(meta(&bulletin, "og:image"), Some("https://tzcj.xishan.example.gov.cn/assets/share.png"));
    assert_eq!(std::fs::read(out.join("assets/share.png")).expect("the share image"), PNG);

    let briefing = read(&out.join("briefings/review/index.html"));
    assert_eq!(meta(&briefing, "description"), Some("签约额&lt;12亿元&quot;首季&quot;"));
    assert_eq!(meta(&briefing, "og:title"), Some("西山县2025年招商引资回顾"));
    assert_eq!(meta(&briefing, "og:type"), Some("article"));
    assert_eq!(meta(&briefing, "og:url"), Some("https://tzcj.xishan.example.gov.cn/briefings/review/"));

    let projects = read(&out.join("projects/index.html"));
    assert_eq!(meta(&projects, "description"), Some("西山县招商引资公报"), "else the site's title");
    assert_eq!(meta(&projects, "og:type"), Some("website"));
    let home = read(&out.join("index.html"));
    assert_eq!(meta(&home, "og:title"), Some("西山县招商引资公报"));
    assert_eq!(meta(&home, "og:type"), Some("website"));
}

#[test]
fn a_site_at_a_path_gives_no_relative_og_addresses() {
    let dir = tempfile::tempdir().expect("temp dir");
    county(dir.path(), FURNITURE);
    let site = read(&dir.path().join("site.yaml")).replace("https://tzcj.xishan.example.gov.cn/", "/");
    std::fs::write(dir.path().join("site.yaml"), site).expect("write");
    let out = build(dir.path());
    let html = read(&out.join("2025/index.html"));
    assert!(meta(&html, "description").is_some());
    assert_eq!(meta(&html, "og:url"), None, "og:url must be absolute");
    assert_eq!(meta(&html, "og:image"), None, "og:image must be absolute");
}

#[test]
fn the_handout_names_its_issuer_and_date_under_the_title() {
    let dir = tempfile::tempdir().expect("temp dir");
    county(dir.path(), FURNITURE);
    let out = build(dir.path());
    let html = read(&out.join("handouts/2025/xishan.html"));
    let head = &html[html.find("<header class=\"handout-head\">").expect("the head")..html.find("</header>").expect("its end")];
    let title = head.find("<h1>西山县2025年招商引资公报</h1>").expect("the title");
    let issuer = head.find("<span>发布单位：西山县投资促进中心</span>").expect("the issuer on the first page");
    let date = head.find("<span>发布日期：2026年1月20日</span>").expect("the date on the first page");
    assert!(title < issuer && issuer < date, "{head}");
}

#[test]
fn pages_are_the_same_bytes_in_two_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    county(dir.path(), FURNITURE);
    let first = build(dir.path());
    let a: Vec<(String, Vec<u8>)> = files(&first);
    std::fs::rename(&first, dir.path().join("first")).expect("move");
    build(dir.path());
    let b = files(&dir.path().join("public"));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
}

fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).expect("inside").display().to_string(), std::fs::read(e.path()).expect("read")))
        .collect();
    files.sort();
    files
}
