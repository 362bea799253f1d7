//! Images of briefings: addressed relative to the briefing's file, checked
//! to exist inside the site, copied beside the briefing's page, and inlined
//! as data URIs in handouts. Pages load nothing from other hosts, so an
//! image on the web is an error.

use std::path::{Component, Path, PathBuf};

use base64::Engine as _;

use crate::diag::{Diagnostic, Location, Span};
use crate::model::Dataset;

/// A larger image would make pages and handouts heavy.
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;

/// The file an image address names, or why it cannot be used.
pub fn locate(folder: &Path, address: &str) -> Result<PathBuf, String> {
    let address = address.trim();
    let relative = Path::new(address);
    let has_scheme = address.find([':', '/']).is_some_and(|end| address[end..].starts_with(':'));
    if has_scheme || address.starts_with('/') || address.starts_with('\\') {
        return Err(format!("`{address}` is not a file beside the briefing; pages load nothing from other hosts"));
    }
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("`{address}` leaves the briefing's folder"));
    }
    if mime(address).is_none() {
        return Err(format!("`{address}` is not a PNG, JPEG, GIF, WebP or SVG image"));
    }
    let path = folder.join(relative);
    match std::fs::metadata(&path) {
        Ok(m) if m.len() > MAX_IMAGE_BYTES => Err(format!("`{address}` is {} MB; the limit is 5 MB", m.len() / (1024 * 1024))),
        Ok(m) if m.is_file() => Ok(path),
        _ => Err(format!("there is no image `{address}` beside the briefing")),
    }
}

fn mime(address: &str) -> Option<&'static str> {
    let extension = address.rsplit('.').next()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// The image as a `data:` URI, for a handout that travels alone.
pub fn data_uri(path: &Path, address: &str) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(format!("data:{};base64,{}", mime(address)?, base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// Every image problem of every briefing, at its line and column.
pub fn check(dataset: &Dataset) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for b in &dataset.briefings {
        for (line, column, address) in crate::markdown::image_addresses(&b.body) {
            if let Err(message) = locate(&b.folder, &address) {
                let at = Location::new(&b.file, Span::new(b.body_line_offset + line as u32, column as u32, 2));
                problems.push(
                    Diagnostic::error("image", at, message)
                        .with_hint("put the image file in the briefing's folder (or a folder below it) and write its relative path: ![说明](images/photo.jpg)"),
                );
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_beside_the_briefing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("img")).unwrap();
        std::fs::write(dir.path().join("img/site.png"), b"\x89PNG").unwrap();
        assert_eq!(locate(dir.path(), "img/site.png"), Ok(dir.path().join("img/site.png")));
        for bad in ["https://example.com/a.png", "//cdn.example.com/a.png", "/etc/a.png", "../a.png", "img/../../a.png", "img/site.txt", "img/none.png", "data:image/png;base64,AAAA"] {
            assert!(locate(dir.path(), bad).is_err(), "{bad}");
        }
        assert_eq!(data_uri(&dir.path().join("img/site.png"), "img/site.png").as_deref(), Some("data:image/png;base64,iVBORw=="));
    }
}
