//! `gongbao serve` as an editor uses it: pages served from memory, a changed
//! figure seen after an edit, errors shown in the browser and gone once
//! fixed; and nothing served from outside the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the example site in a temporary folder.
fn example_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).expect("copy site.yaml");
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.expect("walk");
        let target = dir.path().join(entry.path().strip_prefix(repo).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    dir
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gongbao serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let port = loop {
        let line = lines.next().expect("serve printed its address").expect("read stderr");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.trim_end_matches(|c: char| !c.is_ascii_digit()).split('/').next().unwrap_or("").parse().expect("a port");
        }
    };
    // Keep reading stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// A raw HTTP/1.1 GET, so paths reach the server exactly as written.
fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

fn wait_for(port: u16, what: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let start = Instant::now();
    loop {
        let (status, _, body) = get(port, "/");
        if ok(status, &body) {
            return (status, body);
        }
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {what}; last status {status}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

const NEW_PROJECT: &str = "- id: hc-2025-999\n  name: 测试新增项目\n  investor: 测试集团有限公司\n  region: hc-etdz\n  sector: new-energy\n  amount: 100\n  scope: outside_province\n  status: signed\n  signed: 2025-06-01\n";

#[test]
fn edits_show_up_errors_show_and_clear() {
    let site = example_copy();
    let server = start(site.path());
    let (status, head, body) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("819.35亿元"), "the 2025 signed amount");
    assert!(body.contains("/__gongbao/events"), "the reload script");

    std::fs::write(site.path().join("content/projects/new.yaml"), NEW_PROJECT).expect("write");
    wait_for(server.port, "the new figure", |status, body| status == 200 && body.contains("919.35亿元"));

    let broken = site.path().join("content/projects/broken.yaml");
    std::fs::write(&broken, NEW_PROJECT.replace("hc-2025-999", "hc-2025-998").replace("amount: 100", "amount: 二百亿")).expect("write");
    let (status, body) = wait_for(server.port, "the error page", |status, _| status == 500);
    assert_eq!(status, 500);
    assert!(body.contains("content/projects/broken.yaml:6:11"), "{body}");
    assert!(body.contains("is not an amount of money"), "{body}");

    std::fs::remove_file(&broken).expect("fix");
    wait_for(server.port, "the site again", |status, body| status == 200 && body.contains("919.35亿元"));
}

#[test]
fn serves_only_the_site() {
    let site = example_copy();
    let server = start(site.path());
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fcontent%2Fregions.yaml",
        "/static/../../site.yaml",
        "/..%5csite.yaml",
        "/%5c..%5csite.yaml",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/C:/Windows/win.ini",
        "/content/regions.yaml",
        "/site.yaml",
        "/%E9%B9%A4%E5%B7%9D/",
    ] {
        let (status, head, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(head.contains("text/html; charset=utf-8"), "{path}: the 404 page");
        assert!(!body.contains("root_region"), "{path} leaked site.yaml");
    }
    let (status, head, _) = get(server.port, "/static/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css; charset=utf-8"));
    let (status, head, _) = get(server.port, "/feed.xml");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/xml; charset=utf-8"));
    let (status, _, body) = get(server.port, "/projects/hc%2D2025%2D001/");
    assert_eq!(status, 200, "percent-encoded path");
    assert!(body.contains("<h1>"));
    let (status, head, _) = get(server.port, "/2025");
    assert_eq!(status, 301);
    assert!(head.contains("location: /2025/"), "{head}");
}
