//! One script per page: a Traditional site, and the Traditional edition of a
//! Simplified one, show no Simplified character anywhere, UI and data alike;
//! names keep their characters; English pages use the English names given
//! and mark the Chinese left on them. Built with the real binary on small
//! sites written here.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

fn gongbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .env("GONGBAO_LANG", "en")
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run gongbao")
}

/// A small site in Simplified: a city, a street whose name ends in 里 and a
/// county with an English name; projects, an annual file with facts, and a
/// briefing with 资金链, 这里 and 为.
fn site(dir: &Path, settings: &str) -> PathBuf {
    let root = dir.join("site");
    let files: &[(&str, &str)] = &[
        (
            "site.yaml",
            "title: 鹤川市招商引资公报\nbase_url: /\nroot_region: hechuan\nsectors:\n  - id: energy\n    name: 新能源\n    name_en: New energy\n  - id: food\n    name: 绿色食品\n",
        ),
        (
            "content/regions.yaml",
            "- id: hechuan\n  name: 鹤川市\n  name_en: Hechuan\n  children:\n    - id: donghuli\n      name: 东湖里街道\n    - id: xishan\n      name: 西山县\n      英文名称: Xishan County\n",
        ),
        (
            "content/projects/p.yaml",
            "- id: p1\n  name: 东湖里锂电池资金链保障项目\n  investor: 广东锂能科技有限公司\n  region: donghuli\n  sector: energy\n  amount: 12\n  scope: outside_province\n  origin: 广东省深圳市\n  status: started\n  signed: 2025-03-26\n  started: 2025-06-01\n  key: true\n  summary: 这里建设电芯生产线，资金链稳定，西岭里配套仓储\n  tags: [产业链, 重点项目]\n\
             - id: p2\n  name: 西山县绿色食品加工园\n  investor: 浙江丰收食品有限公司\n  region: xishan\n  sector: food\n  amount: 3.5\n  scope: outside_province\n  origin: 浙江省杭州市\n  status: signed\n  signed: 2025-05-10\n\
             - id: p3\n  name: 西山县冷链物流中心\n  investor: 西山发展集团\n  region: xishan\n  sector: food\n  amount: 2\n  scope: local\n  status: producing\n  signed: 2024-04-02\n  started: 2024-05-06\n  producing: 2025-01-15\n  funds_in_place:\n    2024: 1\n    2025: 0.5\n",
        ),
        (
            "content/annual/hechuan-2025.yaml",
            "region: hechuan\nyear: 2025\ntargets:\n  signed_amount: 20\nfacts:\n  - label: 组建产业链招商小分队\n    label_en: Supply-chain investment teams\n    value: 12\n    unit: 支\n    unit_en: teams\n  - label: 拜访目标企业\n    value: 96\n    unit: 家\n",
        ),
        (
            "content/briefings/review.md",
            "---\ntitle: 项目为王——2025年鹤川市招商引资综述\ndate: 2026-01-20\nregion: hechuan\nyear: 2025\nauthors: [本报记者 林知远]\nsource: 鹤川日报\nsummary: 签约额增长，资金链稳定。\n---\n\n2025年，全市新签约项目{{ figure(metric=\"signed_count\") }}个，协议投资额{{ figure(metric=\"signed_amount\") }}亿元。东湖里街道为锂电池项目保障资金链，这里的企业说：“后续发展有了底气。”\n\n{{ projects() }}\n",
        ),
    ];
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let text = if *name == "site.yaml" { format!("{text}{settings}") } else { text.to_string() };
        std::fs::write(path, text).expect("write");
    }
    root
}

/// Builds `root` into `dir/public` and returns every text file, by path.
fn build(root: &Path, dir: &Path) -> BTreeMap<String, String> {
    let public = dir.join("public");
    let out = gongbao(&["build", "--root", root.to_str().expect("utf-8"), "--output", public.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let name = e.path().strip_prefix(&public).expect("inside").to_string_lossy().replace('\\', "/");
            String::from_utf8(std::fs::read(e.path()).expect("read")).ok().map(|text| (name, text))
        })
        .collect()
}

/// Characters that are only Simplified.
///
/// A character is Simplified-only when OpenCC's S2T changes it (converted
/// alone) and T2S leaves it as it is (so it is not a Traditional character
/// that S2T merely normalises, such as 着). That alone would also flag a
/// few characters that are Traditional in their own right in some words,
/// where S2T itself keeps them: S2T turns 里 into 裏, yet 公里 and the
/// place-name 東湖里 are Traditional. OpenCC's table (STCharacters) lists
/// 72 such characters among their own Traditional forms; most of them
/// (万, 于, 云, 党 …) are always converted in a bulletin's words, so only
/// those seen kept in real words are excused, each for its reason:
/// 里 (公里, place names), 台 (台州), 干 (若干), 后 (皇后), 余 (a surname),
/// 游 (上游, 下游), 岳 (岳陽). Every other character S2T would change is a
/// failure. Text marked `lang="zh-Hans"` (the link to the Simplified
/// edition, 简体中文) is Simplified on purpose and is not scanned.
struct Scan {
    s2t: OpenCC,
    t2s: OpenCC,
}

const ALSO_TRADITIONAL: &str = "里台干后余游岳";

impl Scan {
    fn new() -> Scan {
        Scan { s2t: OpenCC::from_config(BuiltinConfig::S2t).expect("s2t"), t2s: OpenCC::from_config(BuiltinConfig::T2s).expect("t2s") }
    }

    fn simplified_only(&self, c: char) -> bool {
        if c.is_ascii() || ALSO_TRADITIONAL.contains(c) {
            return false;
        }
        let one = c.to_string();
        self.s2t.convert(&one) != one && self.t2s.convert(&one) == one
    }

    /// Each Simplified-only character of `text` with a little context.
    fn scan(&self, text: &str) -> Vec<String> {
        let chars: Vec<char> = scanned(text).chars().collect();
        (0..chars.len())
            .filter(|&i| self.simplified_only(chars[i]))
            .map(|i| {
                let context: String = chars[i.saturating_sub(15)..(i + 15).min(chars.len())].iter().collect();
                format!("{} in …{context}…", chars[i])
            })
            .collect()
    }
}

/// `text` without the text of elements marked `lang="zh-Hans"`.
fn scanned(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("lang=\"zh-Hans\"") {
        let after = &rest[at..];
        let text_start = after.find('>').map_or(after.len(), |i| i + 1);
        let text_end = after[text_start..].find('<').map_or(after.len(), |i| text_start + i);
        out.push_str(&rest[..at + text_start]);
        rest = &after[text_end..];
    }
    out.push_str(rest);
    out
}

/// Every page of `files` under `prefix` scanned; panics listing every
/// Simplified-only character found and where.
fn assert_traditional(files: &BTreeMap<String, String>, prefix: &str, skip: &str) {
    let scan = Scan::new();
    let mut problems = Vec::new();
    let mut pages = 0;
    for (name, text) in files {
        if !name.starts_with(prefix) || (!skip.is_empty() && name.starts_with(skip)) || !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        problems.extend(scan.scan(text).into_iter().map(|p| format!("{name}: {p}")));
        assert!(!(text.contains('爲') && text.contains('為')), "{name}: both 爲 and 為");
    }
    assert!(pages >= 10, "only {pages} pages scanned");
    assert!(problems.is_empty(), "{} Simplified-only characters:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_definition_excuses_traditional_characters_only() {
    let scan = Scan::new();
    for c in "资鹤签约项这为发东链万于云党广厂叶".chars() {
        assert!(scan.simplified_only(c), "{c} is Simplified-only");
    }
    for c in "資鶴簽約項目這爲為發東鏈萬於雲黨廣廠葉里台干后余游岳着公報,1a".chars() {
        assert!(!scan.simplified_only(c), "{c} is not Simplified-only");
    }
}

#[test]
fn a_traditional_site_shows_no_simplified_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), "language: zh-Hant\nscript_exceptions:\n  西岭里: 西嶺里\n");
    let files = build(&root, dir.path());
    assert_traditional(&files, "", "");
    let home = &files["index.html"];
    assert!(home.contains("<html lang=\"zh-Hant\">"));
    assert!(home.contains("鶴川市2025年招商引資公報"), "the heading is converted whole");
    let project = &files["projects/p1/index.html"];
    // OpenCC alone writes 東湖裏 and 資金鍊.
    assert!(project.contains("東湖里鋰電池資金鏈保障項目"), "a region's 里 stays, and 資金鏈 is fixed");
    assert!(project.contains("這裏建設電芯生產線，資金鏈穩定，西嶺里配套倉儲"), "the site's exception, and 這裏 still converts");
    assert!(!files.values().any(|t| t.contains("東湖裏") || t.contains("資金鍊") || t.contains("西嶺裏")));
    let briefing = &files["briefings/review/index.html"];
    assert!(briefing.contains("項目爲王"), "{briefing}");
    assert!(briefing.contains("東湖里街道爲鋰電池項目保障資金鏈"), "{briefing}");
    // The origins come from the figures, not the data: converted too.
    assert!(files["2025/index.html"].contains("廣東省") || home.contains("廣東省"), "origins are converted");
    // One standard: 爲 in the UI strings as in the data, never 為 or Taiwan words.
    for (name, text) in &files {
        for taiwan in ["為", "資料", "檢視", "列印", "搜尋", "專題報導", "網路"] {
            assert!(!text.contains(taiwan), "{name}: {taiwan}");
        }
    }
}

#[test]
fn the_traditional_edition_of_a_simplified_site_shows_no_simplified_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), "editions: [zh-Hant, en]\nscript_exceptions:\n  西岭里: 西嶺里\n");
    let files = build(&root, dir.path());
    assert_traditional(&files, "zh-Hant/", "");
    assert!(files["zh-Hant/projects/p1/index.html"].contains("西嶺里配套倉儲"), "exceptions apply to editions");
    // The Simplified pages are as written.
    assert!(files["projects/p1/index.html"].contains("东湖里锂电池资金链保障项目"));
}

/// The example city's Traditional edition: hundreds of real pages, and the
/// example's own `script_exceptions` (东湖里, 夜鹤里) applied.
#[test]
fn the_example_in_traditional_shows_no_simplified_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::example_copy(dir.path());
    let settings = std::fs::read_to_string(root.join("site.yaml")).expect("read") + "editions: [zh-Hant]\n";
    std::fs::write(root.join("site.yaml"), settings).expect("write");
    let files = build(&root, dir.path());
    assert_traditional(&files, "zh-Hant/", "");
    let all: String = files.iter().filter(|(n, _)| n.starts_with("zh-Hant/")).map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("東湖里歷史文化街區") && all.contains("東湖夜鶴里文旅街區"), "the example's exceptions");
    assert!(!all.contains("東湖裏") && !all.contains("鶴裏"));
    assert!(all.contains("峽谷裏"), "a 里 that means inside still converts");
}

#[test]
fn english_pages_use_english_names_and_mark_the_chinese_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), "title_en: Hechuan Investment Bulletin\neditions: [en]\n");
    let files = build(&root, dir.path());
    let home = &files["en/index.html"];
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains("Hechuan Investment Bulletin"), "title_en");
    assert!(home.contains(">Hechuan<") || home.contains("Hechuan 2025"), "the region's name_en");
    assert!(home.contains("Xishan County"), "name_en under its Chinese key");
    assert!(!home.contains(">鹤川市<"));
    // A region without an English name stays in Chinese, marked as such.
    assert!(home.contains("<span lang=\"zh-Hans\">东湖里街道</span>"), "{home}");
    let sector = &files["en/sectors/energy/index.html"];
    assert!(sector.contains("New energy"));
    let bulletin = &files["en/2025/index.html"];
    assert!(bulletin.contains("Supply-chain investment teams") && bulletin.contains("teams"), "label_en and unit_en");
    assert!(bulletin.contains("<span lang=\"zh-Hans\">拜访目标企业</span>"), "a fact without label_en");
    // Every Chinese run of every English page is marked (outside tags, titles and options).
    for (name, text) in files.iter().filter(|(n, _)| n.starts_with("en/") && n.ends_with(".html")) {
        let unmarked = unmarked_chinese(text);
        assert!(unmarked.is_empty(), "{name}: unmarked Chinese: {unmarked:?}");
    }
    // The Chinese pages keep the Chinese names and no marks.
    assert!(files["index.html"].contains("鹤川市") && !files["index.html"].contains("<span lang=\"zh-Hans\">"));
}

/// Chinese text of an English page outside any element marked `lang="zh…"`,
/// tags, `<title>`, `<option>`, scripts and chart drawings.
fn unmarked_chinese(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    // Open spans, and whether each is marked.
    let mut spans = Vec::<bool>::new();
    // The end tag that ends text not to look at.
    let mut skip_until: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip_until.is_none() && !spans.contains(&true) && text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            found.push(text.trim().to_string());
        }
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        if let Some(until) = &skip_until {
            if tag.starts_with(until.as_str()) {
                skip_until = None;
            }
            continue;
        }
        let name: String = tag[1..].chars().take_while(char::is_ascii_alphanumeric).collect();
        if tag.starts_with("<span") || tag.starts_with("<tspan") {
            spans.push(tag.contains("lang=\"zh"));
        } else if tag.starts_with("</span") || tag.starts_with("</tspan") {
            spans.pop();
        } else if ["title", "option", "script", "style", "svg"].contains(&name.as_str()) || tag.contains("lang=\"zh") {
            // Text that cannot be marked, or an element marked as a whole
            // (a project name's cell).
            skip_until = Some(format!("</{name}"));
        }
    }
    found
}

#[test]
fn empty_script_exceptions_are_errors_with_their_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site(dir.path(), "language: zh-Hant\n繁体例外:\n  \"\": 東湖里\n  西岭里: \"\"\n");
    let out = gongbao(&["check", "--root", root.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a script exception has an empty phrase"), "{stderr}");
    assert!(stderr.contains("site.yaml:12:3"), "{stderr}");
    assert!(stderr.contains("the script exception for `西岭里` is empty"), "{stderr}");
    assert!(stderr.contains("site.yaml:13:8"), "{stderr}");
}
