//! The changes as text: for a terminal, for a pull-request comment, as JSON.

use super::*;

/// A figure's value with its unit: "12.5", "12.5%".
pub(super) fn shown(value: &Option<String>, kind: MetricKind) -> String {
    match value {
        Some(v) if kind == MetricKind::Rate => format!("{v}%"),
        Some(v) => v.clone(),
        None => "—".to_string(),
    }
}

pub(super) fn difference(f: &FigureChange) -> String {
    match &f.difference {
        Some(d) if f.kind == MetricKind::Rate => tr!(zh: "{d}个百分点", en: "{d} points"),
        Some(d) => d.clone(),
        None => "—".to_string(),
    }
}

pub(super) fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// The one-line summary: what was compared, and how much changed.
pub(super) fn summary(c: &Changes) -> String {
    let (f, a, r, p, l) = (c.figures.len(), c.projects.added.len(), c.projects.removed.len(), c.projects.changed.len(), c.ledes.len());
    tr!(
        zh: "数据 {f} 项，项目新增 {a} 个、删除 {r} 个、修改 {p} 个，导语 {l} 篇有变化",
        en: "{f} figures, {a} projects added, {r} removed, {p} changed, {l} ledes changed"
    )
}

pub(super) fn heading_line(c: &Changes) -> String {
    // Between backticks in the line: a backtick of its own would end them.
    let (base, unit) = (c.base.replace('`', "'"), c.unit);
    let edition = if c.audience == "internal" {
        tr!(zh: "内部版（含保密项目）", en: "internal (with confidential projects)")
    } else {
        tr!(zh: "公开版", en: "public")
    };
    tr!(zh: "与 `{base}` 对比（{edition}，金额单位：{unit}）", en: "compared with `{base}` ({edition}; money in {unit}, the site's `unit`)")
}

pub(super) fn human(c: &Changes) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(heading_line(c));
    if !c.changed {
        line(tr!(zh: "没有变化", en: "nothing changed"));
        return out;
    }
    line(summary(c));
    if !c.figures.is_empty() {
        line(String::new());
        line(tr!(zh: "数据：", en: "Figures:"));
        for f in &c.figures {
            let (old, new) = (shown(&f.old, f.kind), shown(&f.new, f.kind));
            let (name, year, label, d) = (&f.region_name, f.year, &f.label, difference(f));
            line(tr!(zh: "  {name} {year} {label}  {old} → {new}（{d}）", en: "  {name} {year} {label}  {old} → {new} ({d})"));
        }
    }
    let p = &c.projects;
    if !(p.added.is_empty() && p.removed.is_empty() && p.changed.is_empty()) {
        line(String::new());
        line(tr!(zh: "项目：", en: "Projects:"));
        for e in &p.added {
            line(format!("  + {} {}  {}  {}", e.id, e.name, or_dash(&e.region), or_dash(&e.amount)));
        }
        for e in &p.removed {
            line(format!("  - {} {}  {}  {}", e.id, e.name, or_dash(&e.region), or_dash(&e.amount)));
        }
        for ch in &p.changed {
            line(format!("  ~ {} {}", ch.id, ch.name));
            for f in &ch.fields {
                let (label, old, new) = (field_label(f.field), or_dash(&f.old), or_dash(&f.new));
                line(tr!(zh: "      {label}：{old} → {new}", en: "      {label}: {old} → {new}"));
            }
        }
    }
    if !c.ledes.is_empty() {
        line(String::new());
        line(tr!(zh: "导语：", en: "Ledes:"));
        for l in &c.ledes {
            line(format!("  {} {}", l.region_name, l.year));
            let (old, new) = (l.old.as_deref().unwrap_or("—"), l.new.as_deref().unwrap_or("—"));
            line(tr!(zh: "    原：{old}", en: "    old: {old}"));
            line(tr!(zh: "    新：{new}", en: "    new: {new}"));
        }
    }
    out
}

/// Text safe in a Markdown table cell and as plain text: no markup, no
/// HTML, no line breaks.
pub(super) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in one_line(text).chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

pub(super) fn more_line(out: &mut String, left: usize) {
    if left > 0 {
        out.push_str(&tr!(zh: "\n……另有 {left} 项未列出\n", en: "\n…and {left} more\n"));
    }
}

pub(super) fn markdown(c: &Changes) -> String {
    let mut out = String::new();
    out.push_str(&tr!(zh: "### gongbao：数据变更\n\n", en: "### gongbao: what this change publishes\n\n"));
    out.push_str(&heading_line(c).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
    out.push_str("\n\n");
    if !c.changed {
        out.push_str(&tr!(zh: "**没有变化**\n", en: "**Nothing changed.**\n"));
        return out;
    }
    out.push_str(&format!("**{}**\n", summary(c)));
    if !c.figures.is_empty() {
        out.push_str(&format!("\n#### {}\n\n", tr!(zh: "数据", en: "Figures")));
        let head = tr!(zh: "| 区域 | 年份 | 指标 | 原值 | 新值 | 变化 |", en: "| Region | Year | Figure | Old | New | Change |");
        out.push_str(&format!("{head}\n|---|---:|---|---:|---:|---:|\n"));
        for f in c.figures.iter().take(MARKDOWN_ROWS) {
            let (old, new) = (shown(&f.old, f.kind), shown(&f.new, f.kind));
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                md(&f.region_name),
                f.year,
                md(&f.label),
                old,
                new,
                md(&difference(f))
            ));
        }
        more_line(&mut out, c.figures.len().saturating_sub(MARKDOWN_ROWS));
    }
    let p = &c.projects;
    let rows: Vec<(String, &str, &str, String)> = p
        .added
        .iter()
        .map(|e| (tr!(zh: "新增", en: "added"), e.id.as_str(), e.name.as_str(), added_removed(e)))
        .chain(p.removed.iter().map(|e| (tr!(zh: "删除", en: "removed"), e.id.as_str(), e.name.as_str(), added_removed(e))))
        .chain(p.changed.iter().map(|ch| {
            let fields: Vec<String> = ch
                .fields
                .iter()
                .map(|f| {
                    let (label, old, new) = (md(&field_label(f.field)), md(or_dash(&f.old)), md(or_dash(&f.new)));
                    tr!(zh: "{label}：{old} → {new}", en: "{label}: {old} → {new}")
                })
                .collect();
            (tr!(zh: "修改", en: "changed"), ch.id.as_str(), ch.name.as_str(), fields.join("<br>"))
        }))
        .collect();
    if !rows.is_empty() {
        out.push_str(&format!("\n#### {}\n\n", tr!(zh: "项目", en: "Projects")));
        let head = tr!(zh: "| | 编号 | 项目名称 | 内容 |", en: "| | Id | Name | What |");
        out.push_str(&format!("{head}\n|---|---|---|---|\n"));
        for (what, id, name, detail) in rows.iter().take(MARKDOWN_ROWS) {
            out.push_str(&format!("| {what} | {} | {} | {detail} |\n", md(id), md(name)));
        }
        more_line(&mut out, rows.len().saturating_sub(MARKDOWN_ROWS));
    }
    if !c.ledes.is_empty() {
        let n = c.ledes.len();
        out.push_str(&format!(
            "\n<details><summary>{}</summary>\n",
            tr!(zh: "导语有变化的公报（{n} 篇）", en: "Bulletins whose lede changed ({n})")
        ));
        for l in c.ledes.iter().take(MARKDOWN_LEDES) {
            out.push_str(&format!("\n**{} {}**\n\n", md(&l.region_name), l.year));
            let (old, new) = (md(l.old.as_deref().unwrap_or("—")), md(l.new.as_deref().unwrap_or("—")));
            out.push_str(&tr!(zh: "- 原：{old}\n", en: "- old: {old}\n"));
            out.push_str(&tr!(zh: "- 新：{new}\n", en: "- new: {new}\n"));
        }
        more_line(&mut out, n.saturating_sub(MARKDOWN_LEDES));
        out.push_str("\n</details>\n");
    }
    out
}

/// An added or removed project in one cell: its region and amount.
pub(super) fn added_removed(e: &ProjectEntry) -> String {
    let (region, amount) = (md(or_dash(&e.region)), md(or_dash(&e.amount)));
    let (region_label, amount_label) = (md(&field_label("region")), md(&field_label("amount")));
    tr!(zh: "{region_label}：{region}；{amount_label}：{amount}", en: "{region_label}: {region}; {amount_label}: {amount}")
}
