//! Nothing outside the site root is read or published: symbolic links are
//! followed only while they stay inside the root, images are checked by
//! their bytes, SVGs that could run code are refused, and `theme:` names a
//! folder under themes/. Each test runs the real binary on a small site built
//! in a temporary folder, with a "secret" file beside it that must never
//! reach the output.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SECRET: &str = "SECRET-TOKEN-5e1f0c";

/// A PNG's signature followed by the secret: a file that sniffs as an
/// image, so that only the containment rule can keep it out.
fn secret_png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(SECRET.as_bytes());
    bytes
}

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A minimal site under `dir/site`, and `dir/secret.txt` beside it.
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = Site { dir };
        site.write("site.yaml", "title: 测试市招商引资公报\nbase_url: /\nroot_region: city\nsectors:\n  - id: energy\n    name: 新能源\n");
        site.write("content/regions.yaml", "- id: city\n  name: 测试市\n  children:\n    - id: east\n      name: 东区\n");
        site.write("content/projects/p.yaml", &project("t-001", "光伏组件项目"));
        site.write("content/briefings/review.md", "---\ntitle: 工作回顾\ndate: 2025-06-01\n---\n\n全年新签约项目。\n");
        std::fs::write(site.dir.path().join("secret.txt"), SECRET).expect("write");
        std::fs::write(site.dir.path().join("secret.png"), secret_png()).expect("write");
        site
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    /// `path` (inside the site) becomes a link to `target`.
    fn link(&self, path: &str, target: &Path) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        symlink(target, path).expect("symlink");
    }

    fn briefing_with_image(&self, address: &str) {
        self.write(
            "content/briefings/photo.md",
            &format!("---\ntitle: 工地见闻\ndate: 2025-06-01\nregion: east\nyear: 2025\n---\n\n![项目现场]({address})\n"),
        );
    }

    fn set_theme(&self, theme: &str) {
        let settings = std::fs::read_to_string(self.root().join("site.yaml")).expect("read");
        std::fs::write(self.root().join("site.yaml"), format!("{settings}theme: {theme}\n")).expect("write");
    }

    fn check(&self) -> Run {
        run(&["check", "--root", self.root().to_str().expect("utf-8")])
    }

    fn build(&self) -> Run {
        let output = self.outside("public");
        run(&["build", "--root", self.root().to_str().expect("utf-8"), "--output", output.to_str().expect("utf-8")])
    }

    fn handout(&self) -> Run {
        let output = self.outside("handout.html");
        run(&[
            "handout",
            "--root",
            self.root().to_str().expect("utf-8"),
            "--region",
            "east",
            "--year",
            "2025",
            "-o",
            output.to_str().expect("utf-8"),
        ])
    }

    /// Every file the builds and handouts wrote.
    fn published(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(self.outside("public"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().to_path_buf())
            .collect();
        files.push(self.outside("handout.html"));
        files.into_iter().filter_map(|path| Some((path.clone(), std::fs::read(path).ok()?))).collect()
    }

    /// The secret appears in no file the tool wrote.
    fn nothing_leaked(&self) {
        for (path, bytes) in self.published() {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(SECRET), "{} holds the secret", path.display());
            // Inlined images are base64: look for the secret encoded too.
            assert!(!text.contains("U0VDUkVUL"), "{} holds the secret in base64", path.display());
        }
    }
}

fn project(id: &str, name: &str) -> String {
    format!(
        "id: {id}\nname: {name}\ninvestor: 某某能源有限公司\nregion: east\nsector: energy\namount: 10\nscope: outside_province\nstatus: signed\nsigned: 2025-03-18\n"
    )
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao");
    Run {
        code: output.status.code().unwrap_or_else(|| panic!("killed by a signal: {output:?}")),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `check` fails (exit 1) and says each of `needles`.
fn fails_saying(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, 1, "{run:?}");
    for needle in needles {
        assert!(run.stderr.contains(needle), "expected `{needle}` in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains(SECRET), "the secret is quoted:\n{}", run.stderr);
}

#[test]
fn the_minimal_site_builds() {
    let site = Site::new();
    let run = site.build();
    assert_eq!(run.code, 0, "{run:?}");
    assert!(site.outside("public/projects/t-001/index.html").is_file());
}

// ---------------------------------------------------------------------------
// Briefing images.

#[test]
fn an_image_linked_outside_the_root_is_refused_and_never_published() {
    let site = Site::new();
    site.link("content/briefings/img/leak.png", &site.outside("secret.png"));
    site.briefing_with_image("img/leak.png");
    fails_saying(&site.check(), &["error[outside-root]", "content/briefings/img/leak.png", "secret.png"]);
    let build = site.build();
    assert_eq!(build.code, 1, "{build:?}");
    assert!(!site.outside("public").exists(), "nothing is written");
    assert_eq!(site.handout().code, 1);
    site.nothing_leaked();
}

#[test]
fn an_image_in_a_linked_folder_outside_the_root_is_refused() {
    let site = Site::new();
    std::fs::create_dir_all(site.outside("photos")).expect("mkdir");
    std::fs::write(site.outside("photos/leak.png"), secret_png()).expect("write");
    site.link("content/briefings/img", &site.outside("photos"));
    site.briefing_with_image("img/leak.png");
    fails_saying(&site.check(), &["error[outside-root]", "content/briefings/img"]);
    assert_eq!(site.build().code, 1);
    site.nothing_leaked();
}

#[test]
fn an_image_in_a_hidden_folder_linked_outside_is_refused_where_it_is_used() {
    // Hidden folders are not walked as content; the image check still resolves the link.
    let site = Site::new();
    site.link("content/briefings/.img/leak.png", &site.outside("secret.png"));
    site.briefing_with_image(".img/leak.png");
    fails_saying(&site.check(), &["error[outside-root]", "content/briefings/.img/leak.png", "content/briefings/photo.md:8:1"]);
    assert_eq!(site.build().code, 1);
    assert_eq!(site.handout().code, 1);
    site.nothing_leaked();
}

#[test]
fn an_image_linked_to_proc_is_refused() {
    let site = Site::new();
    site.link("content/briefings/env.png", Path::new("/proc/self/environ"));
    site.briefing_with_image("env.png");
    fails_saying(&site.check(), &["error[outside-root]", "content/briefings/env.png"]);
    assert_eq!(site.build().code, 1);
    site.nothing_leaked();
}

#[test]
fn an_image_linked_inside_the_root_is_published() {
    let site = Site::new();
    site.write_bytes("media/site.png", b"\x89PNG\r\n\x1a\n\x00\x01");
    site.link("content/briefings/img/site.png", Path::new("../../../media/site.png"));
    site.briefing_with_image("img/site.png");
    let run = site.build();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(std::fs::read(site.outside("public/briefings/photo/img/site.png")).expect("copied"), b"\x89PNG\r\n\x1a\n\x00\x01");
}

#[test]
fn an_image_whose_bytes_are_not_an_image_is_refused() {
    let site = Site::new();
    site.write("content/briefings/img/notes.png", "just some text\n");
    site.briefing_with_image("img/notes.png");
    fails_saying(&site.check(), &["error[image]", "`img/notes.png` is not a PNG image", "content/briefings/photo.md:8:1"]);
    assert_eq!(site.build().code, 1);

    // A real PNG named .jpg: the bytes and the name disagree.
    site.write_bytes("content/briefings/img/photo.jpg", b"\x89PNG\r\n\x1a\n\x00\x01");
    site.briefing_with_image("img/photo.jpg");
    fails_saying(&site.check(), &["error[image]", "`img/photo.jpg` is a PNG image, not a JPEG one"]);
}

#[test]
fn real_images_of_every_kind_pass() {
    let site = Site::new();
    let images: [(&str, &[u8]); 5] = [
        ("a.png", b"\x89PNG\r\n\x1a\n\x00"),
        ("b.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("c.gif", b"GIF89a\x01\x00\x01\x00"),
        ("d.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("e.svg", b"<?xml version=\"1.0\"?>\n<!-- a chart -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"10\" height=\"10\"/><use href=\"#g\"/></svg>\n"),
    ];
    let mut body = String::new();
    for (name, bytes) in images {
        site.write_bytes(&format!("content/briefings/img/{name}"), bytes);
        body.push_str(&format!("![{name}](img/{name})\n\n"));
    }
    site.write("content/briefings/photo.md", &format!("---\ntitle: 工地见闻\ndate: 2025-06-01\nregion: east\nyear: 2025\n---\n\n{body}"));
    let run = site.build();
    assert_eq!(run.code, 0, "{run:?}");
    for (name, bytes) in images {
        assert_eq!(std::fs::read(site.outside(&format!("public/briefings/photo/img/{name}"))).expect("copied"), bytes, "{name}");
    }
}

#[test]
fn an_svg_that_can_run_code_is_refused() {
    let site = Site::new();
    let cases = [
        ("script.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<SCRIPT>alert(1)</SCRIPT>\n</svg>\n", 2, "script"),
        ("onload.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"\n  onLoad=\"alert(1)\">\n</svg>\n", 2, "onLoad"),
        ("prefixed.svg", "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\">\n<svg:script>alert(1)</svg:script></svg:svg>\n", 2, "script"),
        ("foreign.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><p>hi</p></foreignObject></svg>\n", 1, "foreignObject"),
        (
            "remote.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n\n<image href=\"https://tracker.example.com/a.png\"/></svg>\n",
            3,
            "https://tracker.example.com/a.png",
        ),
        (
            "css.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>\nrect { fill: url(https://x.example.com/p) }</style></svg>\n",
            2,
            "url(",
        ),
        (
            "animate.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><animate attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>\n",
            1,
            "href",
        ),
        (
            "entity.svg",
            "<!DOCTYPE svg [ <!ENTITY s \"&#60;script>alert(1)&#60;/script>\"> ]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>\n",
            1,
            "ENTITY",
        ),
    ];
    for (name, svg, line, word) in cases {
        site.write(&format!("content/briefings/img/{name}"), svg);
        site.briefing_with_image(&format!("img/{name}"));
        let run = site.check();
        fails_saying(&run, &["error[image]", &format!("`img/{name}`"), &format!("line {line}"), word]);
    }
    assert_eq!(site.build().code, 1);
    assert!(!site.outside("public").exists());
}

// ---------------------------------------------------------------------------
// Themes.

#[test]
fn theme_must_be_a_folder_name_under_themes() {
    let absolute = tempfile::tempdir().expect("temp dir");
    let absolute = absolute.path().join("x");
    for theme in ["../x", "\"../../x\"", absolute.to_str().expect("utf-8"), "a/b", "'a\\b'", ".."] {
        let fresh = Site::new();
        fresh.set_theme(theme);
        // The folders the bad names point at, with a "stylesheet" that must not be published.
        for folder in [fresh.outside("x/static"), absolute.join("static")] {
            std::fs::create_dir_all(&folder).expect("mkdir");
            std::fs::write(folder.join("leak.css"), SECRET).expect("write");
        }
        fails_saying(&fresh.check(), &["error[bad-theme]", "site.yaml:7:8"]);
        assert_eq!(fresh.build().code, 1, "{theme}");
        fresh.nothing_leaked();
    }
}

#[test]
fn a_theme_folder_linked_outside_the_root_is_refused() {
    let site = Site::new();
    std::fs::create_dir_all(site.outside("x/static")).expect("mkdir");
    std::fs::write(site.outside("x/static/leak.css"), SECRET).expect("write");
    site.link("themes/gov", &site.outside("x"));
    site.set_theme("gov");
    fails_saying(&site.check(), &["error[outside-root]", "themes/gov"]);
    assert_eq!(site.build().code, 1);
    site.nothing_leaked();
}

#[test]
fn a_theme_static_file_linked_outside_the_root_is_refused() {
    let site = Site::new();
    site.write("themes/gov/static/own.css", "body { color: black }\n");
    site.link("themes/gov/static/leak.css", &site.outside("secret.txt"));
    site.set_theme("gov");
    fails_saying(&site.check(), &["error[outside-root]", "themes/gov/static/leak.css"]);
    assert_eq!(site.build().code, 1);
    site.nothing_leaked();

    // Linked inside the root, the same file is published.
    std::fs::remove_file(site.root().join("themes/gov/static/leak.css")).expect("rm");
    site.write("shared/extra.css", "p { margin: 0 }\n");
    site.link("themes/gov/static/extra.css", Path::new("../../../shared/extra.css"));
    let run = site.build();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(std::fs::read_to_string(site.outside("public/static/extra.css")).expect("copied"), "p { margin: 0 }\n");
}

// ---------------------------------------------------------------------------
// Content files and folders.

#[test]
fn a_project_file_linked_inside_the_root_is_read_like_any_other() {
    let site = Site::new();
    site.write("shared/p2.yaml", &project("t-002", "储能电站项目"));
    site.link("content/projects/p2.yaml", Path::new("../../shared/p2.yaml"));
    site.write("shared/more/p3.yaml", &project("t-003", "风电项目"));
    site.link("content/projects/more", Path::new("../../shared/more"));
    let run = site.build();
    assert_eq!(run.code, 0, "{run:?}");
    assert!(site.outside("public/projects/t-002/index.html").is_file(), "the linked file is read");
    assert!(site.outside("public/projects/t-003/index.html").is_file(), "the linked folder is read");
}

#[test]
fn a_project_file_linked_outside_the_root_is_an_error_not_skipped() {
    let site = Site::new();
    std::fs::write(site.outside("p2.yaml"), project("t-002", SECRET)).expect("write");
    site.link("content/projects/p2.yaml", &site.outside("p2.yaml"));
    let run = site.check();
    fails_saying(&run, &["error[outside-root]", "content/projects/p2.yaml"]);
    assert!(!run.stderr.contains("no problems found"));
    assert_eq!(site.build().code, 1);
    site.nothing_leaked();
}

#[test]
fn a_project_folder_linked_outside_the_root_is_an_error() {
    let site = Site::new();
    std::fs::create_dir_all(site.outside("more")).expect("mkdir");
    std::fs::write(site.outside("more/p2.yaml"), project("t-002", SECRET)).expect("write");
    site.link("content/projects/more", &site.outside("more"));
    fails_saying(&site.check(), &["error[outside-root]", "content/projects/more"]);
    site.nothing_leaked();
}

#[test]
fn a_content_folder_linked_outside_the_root_is_an_error() {
    let site = Site::new();
    let content = site.root().join("content");
    std::fs::rename(&content, site.outside("content")).expect("move");
    symlink(site.outside("content"), &content).expect("symlink");
    fails_saying(&site.check(), &["error[outside-root]", "content"]);
    assert_eq!(site.build().code, 1);
    site.nothing_leaked();
}

#[test]
fn a_site_yaml_linked_outside_the_root_is_an_error() {
    let site = Site::new();
    std::fs::rename(site.root().join("site.yaml"), site.outside("site.yaml")).expect("move");
    site.link("site.yaml", &site.outside("site.yaml"));
    fails_saying(&site.check(), &["error[outside-root]", "site.yaml"]);
}

#[test]
fn a_link_loop_or_a_broken_link_is_an_error_not_a_hang() {
    let site = Site::new();
    site.link("content/projects/loop", Path::new("."));
    fails_saying(&site.check(), &["content/projects/loop"]);
    std::fs::remove_file(site.root().join("content/projects/loop")).expect("rm");

    site.link("content/projects/gone.yaml", Path::new("nowhere.yaml"));
    fails_saying(&site.check(), &["error[broken-link]", "content/projects/gone.yaml"]);
}

#[test]
fn a_site_reached_through_a_linked_root_still_works() {
    let site = Site::new();
    let alias = site.outside("alias");
    symlink(site.root(), &alias).expect("symlink");
    site.write("shared/p2.yaml", &project("t-002", "储能电站项目"));
    site.link("content/projects/p2.yaml", Path::new("../../shared/p2.yaml"));
    let run = run(&["check", "--root", alias.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.is_empty() || !run.stdout.contains("error"), "{run:?}");
}
