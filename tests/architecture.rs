//! The module layering of docs/architecture.md, checked against the code:
//! every `crate::` path from one top-level module of src/ to another must
//! go down the layers the document lists, so the document and the code
//! cannot drift apart and no module cycle can come back.
//!
//! The check reads the sources as text. Top-level modules are the folders
//! and `.rs` files directly under src/ (whatever they are called), and test
//! code (`#[cfg(test)]` items and the files they declare) may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let doc = std::fs::read_to_string(repo().join("docs/architecture.md")).expect("docs/architecture.md");
    let layers = parse_layers(&doc).unwrap_or_else(|e| panic!("docs/architecture.md: {e}"));
    let src = repo().join("src");
    let graph = module_graph(&src);

    let mut problems = Vec::new();
    for module in graph.modules.keys() {
        if !layers.contains_key(module) {
            problems.push(format!("src/ has the module `{module}`, which no layer of docs/architecture.md lists"));
        }
    }
    for module in layers.keys() {
        if !graph.modules.contains_key(module) {
            problems.push(format!("docs/architecture.md lists `{module}`, which is not a module under src/"));
        }
    }
    for ((from, to), places) in &graph.edges {
        let (Some(&above), Some(&below)) = (layers.get(from), layers.get(to)) else { continue };
        if below <= above {
            let place = if below == above { "on the same line" } else { "on a line above it" };
            problems.push(format!("`{from}` uses `{to}`, {place} in docs/architecture.md ({})", places.join(", ")));
        }
    }
    if let Some(cycle) = find_cycle(&graph.edges) {
        problems.push(format!("a module cycle: {}", cycle.join(" → ")));
    }
    assert!(problems.is_empty(), "the module layering is broken:\n  {}", problems.join("\n  "));
}

/// The checker itself, on code written for it: a grouped `use`, a path in
/// an expression, and the places it must not count.
#[test]
fn edges_are_read_from_paths_not_from_comments_strings_or_tests() {
    let code = r##"
        //! uses crate::comment in a comment
        use crate::{alpha::A, beta::{B, C}};
        fn f() -> u8 { crate::gamma::g(); let s = "crate::string"; let r = r#"crate::raw"#; let c = '{'; 0 }
        /* crate::block /* nested */ crate::still_block */
        fn lifetimes<'a>(x: &'a str) -> &'a str { x }
        #[cfg(test)]
        mod tests { use crate::test_only; fn g() { let _ = '}'; } }
        #[cfg(test)]
        fn helper() { crate::test_fn::h() }
        pub(crate) fn delta() { crate :: delta2 ::d() }
    "##;
    let (used, test_modules) = uses(code);
    assert_eq!(used, ["alpha", "beta", "delta2", "gamma"].map(String::from).into_iter().collect::<BTreeSet<_>>());
    assert!(test_modules.is_empty());
    let (_, test_modules) = uses("#[cfg(test)]\nmod snapshot_tests;\n#[cfg(all(test, unix))]\nmod unix;\nmod real;");
    assert_eq!(test_modules, ["snapshot_tests", "unix"]);
    assert_eq!(
        parse_layers("text\n```layers\na b # top\n\n# a comment\nc\n```\n").unwrap(),
        [("a".to_string(), 0), ("b".to_string(), 0), ("c".to_string(), 1)].into_iter().collect()
    );
    assert!(parse_layers("```layers\na\na\n```").is_err(), "a module listed twice");
    let edges = [(("a", "b"), vec![]), (("b", "c"), vec![]), (("c", "a"), vec![])]
        .into_iter()
        .map(|((a, b), v)| ((a.to_string(), b.to_string()), v))
        .collect();
    assert_eq!(find_cycle(&edges).unwrap(), ["a", "b", "c", "a"]);
}

/// The fenced ```layers block: one line per layer, top first, module names
/// separated by spaces, `#` starting a comment. Returns each module's line.
fn parse_layers(doc: &str) -> Result<BTreeMap<String, usize>, String> {
    let start = doc.lines().position(|l| l.trim() == "```layers").ok_or("no ```layers block")?;
    let mut layers = BTreeMap::new();
    let mut line = 0;
    for text in doc.lines().skip(start + 1) {
        if text.trim_start().starts_with("```") {
            return Ok(layers);
        }
        let names: Vec<&str> = text.split('#').next().unwrap_or("").split_whitespace().collect();
        if names.is_empty() {
            continue;
        }
        for name in names {
            if layers.insert(name.to_string(), line).is_some() {
                return Err(format!("`{name}` is listed twice"));
            }
        }
        line += 1;
    }
    Err("the ```layers block is not closed".into())
}

struct Graph {
    /// Each top-level module and its files (test-only files left out).
    modules: BTreeMap<String, Vec<PathBuf>>,
    /// (from, to) → the files that make the edge.
    edges: BTreeMap<(String, String), Vec<String>>,
}

fn module_graph(src: &Path) -> Graph {
    let root = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let (_, test_only) = uses(&root);
    let mut modules = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(src).expect("src/").filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
        let is_module = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
        if !is_module || name == "lib" || name == "main" || test_only.contains(&name) {
            continue;
        }
        modules.insert(name, rust_files(&path));
    }
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (module, files) in &modules {
        for file in files {
            let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let shown = file.strip_prefix(src.parent().unwrap_or(src)).unwrap_or(file).display().to_string();
            for used in uses(&text).0 {
                if &used != module && modules.contains_key(&used) {
                    edges.entry((module.clone(), used)).or_default().push(shown.clone());
                }
            }
        }
    }
    Graph { modules, edges }
}

/// The `.rs` files of a module (a file, or a folder), without the files
/// that only tests compile (`#[cfg(test)] mod name;`).
fn rust_files(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(path).expect("a module folder").filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    let mut test_only = Vec::new();
    for entry in &entries {
        if entry.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(entry).unwrap_or_default();
            // `mod name;` in `mod.rs` is a sibling; in `other.rs`, it is in `other/`.
            let dir = if entry.file_name().is_some_and(|n| n == "mod.rs") {
                path.to_path_buf()
            } else {
                path.join(entry.file_stem().unwrap_or_default())
            };
            test_only.extend(uses(&text).1.into_iter().flat_map(|m| [dir.join(format!("{m}.rs")), dir.join(m)]));
        }
    }
    for entry in entries {
        if test_only.contains(&entry) {
            continue;
        }
        if entry.is_dir() {
            files.extend(rust_files(&entry).into_iter().filter(|f| !test_only.iter().any(|t| f.starts_with(t))));
        } else if entry.extension().is_some_and(|e| e == "rs") {
            files.push(entry);
        }
    }
    files
}

/// The top-level modules a file names through `crate::` outside test code,
/// and the modules it declares for tests only (`#[cfg(test)] mod name;`).
fn uses(code: &str) -> (BTreeSet<String>, Vec<String>) {
    let code = strip_test_items(&strip_comments_and_literals(code));
    let mut used = BTreeSet::new();
    let bytes = code.0.as_bytes();
    let mut at = 0;
    while let Some(found) = code.0[at..].find("crate") {
        let start = at + found;
        at = start + "crate".len();
        let before = start.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let rest = code.0[at..].trim_start();
        let Some(rest) = rest.strip_prefix("::") else { continue };
        let rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            for item in top_level_items(group) {
                used.extend(first_ident(item));
            }
        } else {
            used.extend(first_ident(rest));
        }
    }
    used.remove("self");
    (used, code.1)
}

/// The comma-separated items of a `{…}` group, up to its closing brace.
fn top_level_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut from) = (0usize, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[from..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[from..]);
    items
}

fn first_ident(text: &str) -> Option<String> {
    let ident: String = text.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!ident.is_empty()).then_some(ident)
}

/// The code with comments removed and every string and character literal
/// emptied, so that only real paths and braces are left.
fn strip_comments_and_literals(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && (i == 0 || !ident(chars[i - 1]))
            && raw_string_start(&chars[i..]).is_some()
        {
            let (skip, hashes) = raw_string_start(&chars[i..]).unwrap_or((0, 0));
            i += skip;
            while i < chars.len() && !(chars[i] == '"' && chars[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes) {
                i += 1;
            }
            i += 1 + hashes;
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `r"`, `r#"`, `br##"` …: the characters up to the quote's end, and the
/// number of `#`.
fn raw_string_start(chars: &[char]) -> Option<(usize, usize)> {
    let mut i = if chars.first() == Some(&'b') { 2 } else { 1 };
    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
    i += hashes;
    (chars.get(i) == Some(&'"')).then_some((i + 1, hashes))
}

/// The code without its test-only items (`#[cfg(test)]` or
/// `#[cfg(all(test, …))]` and the item after it), and the names of the
/// test-only modules declared without a body.
fn strip_test_items(code: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(code.len());
    let mut test_modules = Vec::new();
    let mut rest = code;
    loop {
        let found = ["#[cfg(test)]", "#[cfg(all(test,"].iter().filter_map(|a| rest.find(a)).min();
        let Some(start) = found else {
            out.push_str(rest);
            return (out, test_modules);
        };
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let close = after.find(']').map_or(after.len(), |i| i + 1);
        let item = &after[close..];
        // The item ends at its first `;` or at the brace closing its body.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let head = &item[..end];
        if head.ends_with(';')
            && let Some(name) = head.trim().strip_prefix("mod ").or_else(|| head.trim().strip_prefix("pub mod "))
        {
            test_modules.push(name.trim_end_matches(';').trim().to_string());
        }
        rest = &item[end..];
    }
}

/// One cycle among the edges, as the modules along it, if there is one.
fn find_cycle(edges: &BTreeMap<(String, String), Vec<String>>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    // Depth-first from each module; a module met again on the current path closes a cycle.
    fn visit<'a>(
        at: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|&m| m == at) {
            let mut cycle: Vec<String> = path[i..].iter().map(|m| m.to_string()).collect();
            cycle.push(at.to_string());
            return Some(cycle);
        }
        if !done.insert(at) {
            return None;
        }
        path.push(at);
        for &to in next.get(at).into_iter().flatten() {
            if let Some(cycle) = visit(to, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    next.keys().find_map(|&start| visit(start, &next, &mut Vec::new(), &mut done))
}
