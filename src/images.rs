//! Images of briefings: addressed relative to the briefing's file, checked
//! to be inside the site and to be images by their bytes, copied beside the
//! briefing's page, and inlined as data URIs in handouts. Pages load nothing
//! from other hosts, so an image on the web is an error; an SVG that could
//! run code or load something is refused.

use std::io::Read as _;
use std::path::{Component, Path};

use base64::Engine as _;

use crate::contain::{Escape, Root};
use crate::diag::{Code, Diagnostic, Location, Span};
use crate::model::Dataset;
use crate::tr;

/// A larger image would make pages and handouts heavy.
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;

/// The kinds of image a page may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl Kind {
    fn from_address(address: &str) -> Option<Kind> {
        let extension = address.rsplit('.').next()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "png" => Kind::Png,
            "jpg" | "jpeg" => Kind::Jpeg,
            "gif" => Kind::Gif,
            "webp" => Kind::Webp,
            "svg" => Kind::Svg,
            _ => return None,
        })
    }

    /// What the first bytes say the file is.
    fn sniff(bytes: &[u8]) -> Option<Kind> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Kind::Png)
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            Some(Kind::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Kind::Gif)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(Kind::Webp)
        } else if std::str::from_utf8(bytes).is_ok_and(svg::starts_as_svg) {
            Some(Kind::Svg)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Png => "PNG",
            Kind::Jpeg => "JPEG",
            Kind::Gif => "GIF",
            Kind::Webp => "WebP",
            Kind::Svg => "SVG",
        }
    }

    /// The name with its article: "a PNG", "an SVG".
    fn a(self) -> String {
        let article = if self == Kind::Svg { "an" } else { "a" };
        format!("{article} {}", self.name())
    }

    fn mime(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Svg => "image/svg+xml",
        }
    }
}

/// An image read and checked: its bytes are the ones to publish, so that a
/// file changed after the check is not published unchecked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub bytes: Vec<u8>,
    kind: Kind,
}

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The address, or the file's bytes, are wrong: the message, and what
    /// fixes it.
    Image(String, Fix),
    /// The file is reached through a link that leaves the site.
    Escape(Escape),
}

/// What fixes a refused image, for the hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Put the file where the address says, or write the address again.
    Place,
    /// The bytes are of another kind than the name says.
    Rename,
    /// The SVG holds something that could run code or load a file.
    CleanSvg,
}

/// Where an image's address is relative to, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A briefing's image, beside its file.
    Briefing,
    /// site.yaml's logo or share image, in the site folder.
    Site,
}

impl Place {
    fn beside(self) -> String {
        match self {
            Place::Briefing => tr!(zh: "专题报道旁边", en: "beside the briefing"),
            Place::Site => tr!(zh: "网站文件夹中", en: "in the site folder"),
        }
    }

    fn folder(self) -> String {
        match self {
            Place::Briefing => tr!(zh: "专题报道所在的文件夹", en: "the briefing's folder"),
            Place::Site => tr!(zh: "网站文件夹", en: "the site folder"),
        }
    }
}

/// Reads the image `address` names, relative to the briefing's `folder`:
/// inside the site, a regular file, at most 5 MB, and by its bytes an image
/// of the kind its name says.
pub fn read(root: &Root, folder: &Path, address: &str) -> Result<Image, Refusal> {
    read_at(root, folder, address, Place::Briefing)
}

/// As `read`, for an image of `place`.
pub fn read_at(root: &Root, folder: &Path, address: &str, place: Place) -> Result<Image, Refusal> {
    let refuse = |message: String| Err(Refusal::Image(message, Fix::Place));
    let address = address.trim();
    let relative = Path::new(address);
    let has_scheme = address.find([':', '/']).is_some_and(|end| address[end..].starts_with(':'));
    let (beside, place_folder) = (place.beside(), place.folder());
    if has_scheme || address.starts_with('/') || address.starts_with('\\') {
        return refuse(tr!(
            zh: "`{address}` 不是{beside}的文件：网页不从其他网站加载任何内容",
            en: "`{address}` is not a file {beside}; pages load nothing from other hosts"
        ));
    }
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return refuse(tr!(zh: "`{address}` 指向{place_folder}之外", en: "`{address}` leaves {place_folder}"));
    }
    let Some(named) = Kind::from_address(address) else {
        return refuse(tr!(
            zh: "`{address}` 不是 PNG、JPEG、GIF、WebP 或 SVG 图片",
            en: "`{address}` is not a PNG, JPEG, GIF, WebP or SVG image"
        ));
    };
    let missing = || tr!(zh: "{beside}没有图片 `{address}`", en: "there is no image `{address}` {beside}");
    let path = match root.resolve(&folder.join(relative)) {
        Ok(Some(path)) => path,
        Ok(None) => return refuse(missing()),
        Err(escape) => return Err(Refusal::Escape(escape)),
    };
    // Only a regular file: opening a pipe or a device could block or never end.
    if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return refuse(missing());
    }
    // One read, bounded: a size asked first can change before the read, and
    // some files report none.
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&path).and_then(|file| file.take(MAX_IMAGE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return refuse(tr!(zh: "无法读取 `{address}`：{e}", en: "`{address}` cannot be read: {e}"));
    }
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        let limit = MAX_IMAGE_BYTES / (1024 * 1024);
        return refuse(tr!(zh: "`{address}` 超过了 {limit} MB 的上限", en: "`{address}` is larger than the limit of {limit} MB"));
    }
    let (name, a_name) = (named.name(), named.a());
    match Kind::sniff(&bytes) {
        None => refuse(tr!(
            zh: "`{address}` 不是 {name} 图片：文件的内容不是任何一种图片",
            en: "`{address}` is not {a_name} image: its bytes are not those of any image"
        )),
        Some(kind) if kind != named => {
            let (actual, an_actual) = (kind.name(), kind.a());
            Err(Refusal::Image(
                tr!(
                    zh: "`{address}` 实际是 {actual} 图片，不是 {name} 图片",
                    en: "`{address}` is {an_actual} image, not {a_name} one"
                ),
                Fix::Rename,
            ))
        }
        Some(Kind::Svg) => match svg::check(&bytes) {
            Ok(()) => Ok(Image { bytes, kind: Kind::Svg }),
            Err((line, problem)) => Err(Refusal::Image(
                tr!(zh: "`{address}` 不能使用：第 {line} 行{problem}", en: "`{address}` is refused: line {line} {problem}"),
                Fix::CleanSvg,
            )),
        },
        Some(kind) => Ok(Image { bytes, kind }),
    }
}

/// The image as a `data:` URI, for a handout that travels alone.
pub fn data_uri(image: &Image) -> String {
    format!("data:{};base64,{}", image.kind.mime(), base64::engine::general_purpose::STANDARD.encode(&image.bytes))
}

/// Every image problem of every briefing, at its line and column.
pub fn check(dataset: &Dataset, root: &Root) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for b in &dataset.briefings {
        for (line, column, address) in crate::markdown::image_addresses(&b.body) {
            let at = Location::new(&b.file, Span::new(b.body_line_offset + line as u32, column as u32, 2));
            match read(root, &b.folder, &address) {
                Ok(_) => {}
                Err(Refusal::Image(message, fix)) => {
                    problems.push(Diagnostic::error(Code::Image, at, message).with_hint(hint(fix, Place::Briefing)));
                }
                Err(Refusal::Escape(escape)) => {
                    let mut problem = root.diagnostic(&escape);
                    problem.related = Some(Box::new((problem.location.clone(), link_label())));
                    problem.location = at;
                    problems.push(problem);
                }
            }
        }
    }
    problems
}

/// The problems of site.yaml's `logo` and `share_image`, at their values.
pub fn check_site(site: &crate::model::Site, root: &Root) -> Vec<Diagnostic> {
    let f = &site.furniture;
    let mut problems = Vec::new();
    for image in f.logo.iter().chain(f.share_image.iter()) {
        match site_image(root, image) {
            Ok(_) => {}
            Err(Refusal::Image(message, fix)) => {
                problems.push(Diagnostic::error(Code::Image, image.at.clone(), message).with_hint(hint(fix, Place::Site)));
            }
            Err(Refusal::Escape(escape)) => {
                let mut problem = root.diagnostic(&escape);
                problem.related = Some(Box::new((problem.location.clone(), link_label())));
                problem.location = image.at.clone();
                problems.push(problem);
            }
        }
    }
    problems
}

/// The image site.yaml names, read from the site folder.
pub fn site_image(root: &Root, image: &crate::model::furniture::SiteImage) -> Result<Image, Refusal> {
    read_at(root, root.given(), &image.address, Place::Site)
}

fn hint(fix: Fix, place: Place) -> String {
    match (fix, place) {
        (Fix::CleanSvg, _) => tr!(
            zh: "SVG 图片中不能有脚本、事件处理属性、foreignObject 或对其他文件的引用：去掉这些后重新导出，或改为导出 PNG",
            en: "SVG images may not hold scripts, event handlers, foreignObject or references to other files: export the image again without them, or as PNG"
        ),
        (Fix::Rename, _) => tr!(
            zh: "把文件的扩展名改成它实际的图片类型，或重新导出图片",
            en: "rename the file to the kind its bytes are, or export it again"
        ),
        (Fix::Place, Place::Briefing) => tr!(
            zh: "把图片文件放在专题报道所在的文件夹（或其下的文件夹）中，写它的相对路径：`![说明](images/photo.jpg)`",
            en: "put the image file in the briefing's folder (or a folder below it) and write its relative path: `![说明](images/photo.jpg)`"
        ),
        (Fix::Place, Place::Site) => tr!(
            zh: "把图片文件放在网站文件夹中，从那里写它的路径，例如 `logo: images/logo.png`",
            en: "put the image file in the site folder and write its path from there, e.g. `logo: images/logo.png`"
        ),
    }
}

/// The note at the symbolic link an image's address goes through.
fn link_label() -> String {
    tr!(zh: "符号链接", en: "the link")
}

/// A conservative reading of SVG: enough of XML to find elements,
/// attributes and stylesheet text, and to refuse whatever could run code or
/// load something from elsewhere. Names are compared without case, and with
/// any namespace prefix dropped, so `<SVG:Script>` is a script too.
mod svg {
    use crate::tr;

    /// Elements that run code or show other documents.
    const ELEMENTS: &[&str] = &["script", "foreignobject", "handler", "listener", "iframe", "embed", "object"];

    /// Whether the text is an SVG document: its first element is `svg`.
    pub fn starts_as_svg(text: &str) -> bool {
        let lower = text.trim_start_matches('\u{feff}').to_ascii_lowercase();
        let mut rest = lower.trim_start();
        loop {
            let skip = if rest.starts_with("<?") {
                rest.find("?>").map(|i| i + 2)
            } else if rest.starts_with("<!--") {
                rest.find("-->").map(|i| i + 3)
            } else if rest.starts_with("<!doctype") {
                match (rest.find('['), rest.find('>')) {
                    (Some(open), Some(close)) if open < close => rest.find("]>").or_else(|| rest.find(']')).map(|i| i + 1),
                    (_, close) => close.map(|i| i + 1),
                }
            } else {
                break;
            };
            let Some(skip) = skip else { return false };
            rest = rest[skip..].trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        }
        let Some(tag) = rest.strip_prefix('<') else { return false };
        let name: String = tag.chars().take_while(|&c| is_name_char(c)).collect();
        local(&name) == "svg"
    }

    /// What makes an SVG unsafe to show; its text follows "line N" in the
    /// message.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Risk {
        NotUtf8,
        /// `ENTITY` or `ATTLIST`.
        Declaration(String),
        ProcessingInstruction(String),
        Doctype,
        Element(String),
        EventHandler(String),
        Link(String),
        AnimatedLink(String),
        ScriptAddress(String),
        Import,
        StyleEscape,
        /// The start of the address, at most 60 characters.
        Url(String),
    }

    impl std::fmt::Display for Risk {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let text = match self {
                Risk::NotUtf8 => tr!(zh: "不是 UTF-8 文本", en: "is not UTF-8 text"),
                Risk::Declaration(what) => tr!(zh: "声明了 {what}", en: "declares an {what}"),
                Risk::ProcessingInstruction(target) => {
                    tr!(zh: "有处理指令 `<?{target}`", en: "has the processing instruction `<?{target}`")
                }
                Risk::Doctype => tr!(zh: "声明了带自身定义的 DOCTYPE", en: "declares a DOCTYPE with its own definitions"),
                Risk::Element(name) => tr!(zh: "有 `{name}` 元素", en: "has a `{name}` element"),
                Risk::EventHandler(name) => tr!(zh: "有事件处理属性 `{name}`", en: "has the event handler `{name}`"),
                Risk::Link(to) => tr!(
                    zh: "链接到 `{to}`；SVG 图片只能引用它自己的部分（`#id`）",
                    en: "links to `{to}`; an SVG image may only refer to its own parts (`#id`)"
                ),
                Risk::AnimatedLink(name) => tr!(zh: "用动画改变链接 `{name}`", en: "animates the link `{name}`"),
                Risk::ScriptAddress(name) => tr!(zh: "`{name}` 中有脚本地址", en: "has a script address in `{name}`"),
                Risk::Import => tr!(zh: "导入了样式表（`@import`）", en: "imports a stylesheet (`@import`)"),
                Risk::StyleEscape => tr!(zh: "样式表中有转义符（`\\`）", en: "has an escape (`\\`) in a stylesheet"),
                Risk::Url(address) => tr!(
                    zh: "加载 `url({address})`；SVG 图片只能引用它自己的部分（`#id`）",
                    en: "loads `url({address})`; an SVG image may only refer to its own parts (`#id`)"
                ),
            };
            f.write_str(&text)
        }
    }

    /// The first problem, as its line and what is wrong there.
    pub fn check(bytes: &[u8]) -> Result<(), (usize, Risk)> {
        let text = std::str::from_utf8(bytes).map_err(|_| (1, Risk::NotUtf8))?;
        let lower = text.to_ascii_lowercase();
        let line = |at: usize| lower.get(..at).unwrap_or_default().matches('\n').count() + 1;
        // Entities and attribute defaults declared in the document could
        // hide markup from this reading.
        for declaration in ["<!entity", "<!attlist"] {
            if let Some(at) = lower.find(declaration) {
                return Err((line(at), Risk::Declaration(declaration[2..].to_ascii_uppercase())));
            }
        }
        let b = lower.as_bytes();
        let mut i = 0;
        let mut in_style = false;
        while i < b.len() {
            if b[i] != b'<' {
                let end = lower[i..].find('<').map_or(b.len(), |n| i + n);
                text_lines(&lower[i..end], in_style).map_err(|(n, p)| (line(i) + n, p))?;
                i = end;
                continue;
            }
            let rest = &lower[i..];
            let after = |marker: &str, from: usize| rest[from..].find(marker).map_or(b.len(), |n| i + from + n + marker.len());
            if rest.starts_with("<!--") {
                i = after("-->", 4);
            } else if let Some(cdata) = rest.strip_prefix("<![cdata[") {
                let close = cdata.find("]]>").unwrap_or(cdata.len());
                text_lines(&cdata[..close], in_style).map_err(|(n, p)| (line(i) + n, p))?;
                i = (i + 9 + close + 3).min(b.len());
            } else if let Some(instruction) = rest.strip_prefix("<?") {
                let target: String = instruction.chars().take_while(|&c| is_name_char(c)).collect();
                if target != "xml" {
                    return Err((line(i), Risk::ProcessingInstruction(target)));
                }
                i = after("?>", 2);
            } else if rest.starts_with("<!") {
                let end = after(">", 2);
                if lower.get(i..end).is_some_and(|d| d.contains('[')) {
                    return Err((line(i), Risk::Doctype));
                }
                i = end;
            } else if let Some(closing) = rest.strip_prefix("</") {
                let name: String = closing.chars().take_while(|&c| is_name_char(c)).collect();
                if local(&name) == "style" {
                    in_style = false;
                }
                i = after(">", 2);
            } else {
                let (end, self_closing, element) = tag(text, &lower, i).map_err(|(at, p)| (line(at), p))?;
                if element == "style" && !self_closing {
                    in_style = true;
                }
                i = end;
            }
        }
        Ok(())
    }

    /// Reads the start tag at `start` and checks its name and attributes;
    /// gives where it ends, whether it closes itself, and its local name.
    fn tag(text: &str, lower: &str, start: usize) -> Result<(usize, bool, String), (usize, Risk)> {
        let b = lower.as_bytes();
        let mut i = start + 1;
        let name_end = i + lower[i..].find(|c: char| !is_name_char(c)).unwrap_or(lower.len() - i);
        let element = local(&lower[i..name_end]).to_string();
        if ELEMENTS.contains(&element.as_str()) {
            return Err((start, Risk::Element(text[i..name_end].to_string())));
        }
        i = name_end;
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                None => return Ok((i, false, element)),
                Some(b'>') => return Ok((i + 1, false, element)),
                Some(b'/') if b.get(i + 1) == Some(&b'>') => return Ok((i + 2, true, element)),
                _ => {}
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            if i == name_start {
                // A stray `/`: step over it.
                i += 1;
                continue;
            }
            let name = &lower[name_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (from, to, next) = match b.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let to = lower[i + 1..].find(quote as char).map_or(b.len(), |n| i + 1 + n);
                        (i + 1, to, (to + 1).min(b.len()))
                    }
                    _ => {
                        let to = i + lower[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(lower.len() - i);
                        (i, to, to)
                    }
                };
                value = decode(&lower[from..to]);
                i = next;
            }
            attribute_problem(&text[name_start..name_start + name.len()], local(name), &value).map_err(|p| (name_start, p))?;
        }
    }

    /// Text checked line by line, to name the line; a `url(` cut by a line
    /// break reads as one to nowhere, and is refused.
    fn text_lines(text: &str, stylesheet: bool) -> Result<(), (usize, Risk)> {
        text.split('\n').enumerate().try_for_each(|(n, line)| text_problem(line, stylesheet).map_err(|p| (n, p)))
    }

    fn attribute_problem(written: &str, name: &str, value: &str) -> Result<(), Risk> {
        if name.starts_with("on") {
            return Err(Risk::EventHandler(written.to_string()));
        }
        let value = value.trim();
        if matches!(name, "href" | "src") && !is_own_reference(value) {
            return Err(Risk::Link(value.to_string()));
        }
        if name == "attributename" && value.contains("href") {
            return Err(Risk::AnimatedLink(value.to_string()));
        }
        let squeezed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
        if squeezed.contains("javascript:") {
            return Err(Risk::ScriptAddress(written.to_string()));
        }
        text_problem(value, name == "style")
    }

    /// Stylesheet text (and any other text, to be safe): no `url(` but to
    /// the image's own parts, no `@import`, and in a stylesheet no escapes
    /// that could spell either.
    fn text_problem(text: &str, stylesheet: bool) -> Result<(), Risk> {
        let text = decode(text);
        if text.contains("@import") {
            return Err(Risk::Import);
        }
        if stylesheet && text.contains('\\') {
            return Err(Risk::StyleEscape);
        }
        for (at, _) in text.match_indices("url(") {
            let target = text[at + 4..].trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
            if !target.starts_with('#') {
                let shown: String = target.chars().take_while(|&c| c != ')').take(60).collect();
                return Err(Risk::Url(shown));
            }
        }
        Ok(())
    }

    /// A fragment of the same image, or an embedded raster image.
    fn is_own_reference(value: &str) -> bool {
        value.starts_with('#')
            || ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"]
                .iter()
                .any(|prefix| value.strip_prefix(prefix).is_some_and(|rest| rest.starts_with([';', ','])))
    }

    /// Character and predefined entity references replaced, as XML reads them.
    fn decode(value: &str) -> String {
        if !value.contains('&') {
            return value.to_string();
        }
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let end = rest.find(';').filter(|&e| e <= 12);
            let decoded = end.and_then(|end| {
                let body = &rest[1..end];
                let c = match body {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => {
                        let number = body.strip_prefix('#')?;
                        let code = match number.strip_prefix('x') {
                            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                            None => number.parse().ok()?,
                        };
                        char::from_u32(code)?
                    }
                };
                Some((c.to_ascii_lowercase(), end + 1))
            });
            match decoded {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn is_name_char(c: char) -> bool {
        c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')
    }

    /// A name without its namespace prefix.
    fn local(name: &str) -> &str {
        name.rsplit(':').next().unwrap_or(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(bytes: &[u8], address: &str) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("img")).unwrap();
        std::fs::write(dir.path().join("img").join(address), bytes).unwrap();
        let root = Root::new(dir.path()).unwrap();
        match read(&root, dir.path(), &format!("img/{address}")) {
            Ok(_) => None,
            Err(Refusal::Image(message, _)) => Some(message),
            Err(e) => Some(format!("{e:?}")),
        }
    }

    #[test]
    fn only_files_beside_the_briefing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("img")).unwrap();
        std::fs::write(dir.path().join("img/site.png"), b"\x89PNG\r\n\x1a\n").unwrap();
        std::fs::write(dir.path().join("img/site.txt"), b"\x89PNG\r\n\x1a\n").unwrap();
        let root = Root::new(dir.path()).unwrap();
        let image = read(&root, dir.path(), "img/site.png").expect("a PNG");
        for bad in [
            "https://example.com/a.png",
            "//cdn.example.com/a.png",
            "/etc/a.png",
            "../a.png",
            "img/../../a.png",
            "img/site.txt",
            "img/none.png",
            "img",
            "data:image/png;base64,AAAA",
        ] {
            assert!(read(&root, dir.path(), bad).is_err(), "{bad}");
        }
        assert_eq!(data_uri(&image), "data:image/png;base64,iVBORw0KGgo=");
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(refusal(b"GIF89a\x01\x00", "a.gif"), None);
        assert_eq!(refusal(b"RIFF\0\0\0\0WEBPVP8L", "a.webp"), None);
        assert_eq!(refusal(b"\xff\xd8\xff\xdb", "a.jpeg"), None);
        assert_eq!(refusal(b"\xef\xbb\xbf<svg/>", "a.svg"), None);
        assert!(refusal(b"RIFF\0\0\0\0WAVEfmt ", "a.webp").is_some_and(|m| m.contains("not a WebP image")));
        assert!(refusal(b"<html><svg/></html>", "a.svg").is_some_and(|m| m.contains("not an SVG image")));
        assert!(refusal(b"GIF89a", "a.png").is_some_and(|m| m.contains("is a GIF image, not a PNG one")));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_IMAGE_BYTES as usize + 1, 0);
        assert!(refusal(&big, "big.png").is_some_and(|m| m.contains("limit of 5 MB")));
    }

    #[test]
    fn svgs_that_could_run_code_or_load_things_are_refused() {
        let clean = [
            "<svg xmlns='http://www.w3.org/2000/svg'><text>url and onion, script-free</text></svg>",
            "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg><use xlink:href=\"#a\"/><image href=\"data:image/png;base64,AAAA\"/></svg>",
            "<svg><style><![CDATA[ rect { fill: url(#g) } ]]></style><rect style='fill:url( \"#g\")'/></svg>",
        ];
        for svg in clean {
            assert_eq!(svg::check(svg.as_bytes()), Ok(()), "{svg}");
        }
        let refused = [
            ("<svg><script>1</script></svg>", 1, "`script` element"),
            ("<svg>\n<a:SCRIPT xmlns:a='http://www.w3.org/2000/svg'/></svg>", 2, "`a:SCRIPT` element"),
            ("<svg\nonclick='x()'/>", 2, "event handler `onclick`"),
            ("<svg><foreignObject/></svg>", 1, "`foreignObject`"),
            ("<svg><use href='other.svg#a'/></svg>", 1, "links to `other.svg#a`"),
            ("<svg><use xlink:href = \"&#104;ttp://x/\"/></svg>", 1, "links to `http://x/`"),
            ("<svg><a href='#a'><set attributeName='xlink:href' to='javascript:alert(1)'/></a></svg>", 1, "animates the link"),
            ("<svg><rect fill='url(https://x.example/a)'/></svg>", 1, "loads `url(https://x.example/a"),
            ("<svg><style>@import 'x.css';</style></svg>", 1, "@import"),
            ("<svg><style>rect { fill: \\75rl(http://x) }</style></svg>", 1, "escape"),
            ("<svg><style>&#64;import 'x.css';</style></svg>", 1, "@import"),
            ("<?xml-stylesheet href='x.css'?><svg/>", 1, "processing instruction"),
            ("<!DOCTYPE svg [\n<!ENTITY a 'b'>]><svg/>", 2, "declares an ENTITY"),
            ("<!DOCTYPE svg [ <!ELEMENT svg ANY> ]><svg/>", 1, "DOCTYPE"),
            ("<svg><a xlink:href=' java\tscript:x'/></svg>", 1, "links to"),
        ];
        for (svg, line, word) in refused {
            match svg::check(svg.as_bytes()) {
                Err((at, message)) => {
                    assert_eq!(at, line, "{svg}: {message}");
                    assert!(message.to_string().contains(word), "{svg}: {message}");
                }
                Ok(()) => panic!("accepted: {svg}"),
            }
        }
    }
}
