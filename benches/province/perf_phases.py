#!/usr/bin/env python3
"""Summarises `perf script -F tid,time,ip,sym` output of a gongbao run.

    perf script -i perf.data -F tid,time,ip,sym | python3 perf_phases.py [--bucket 1.0]

Prints, from call-graph samples (record with --call-graph fp or dwarf):
- CPU by build stage (each sample goes to the first stage found in its stack,
  stages checked in the order below), and by kind of work inside rendering;
- a timeline: CPUs busy per time bucket and the stage that took them, which
  shows the stages that run on one thread while the other CPUs wait;
- inclusive and self time of the hottest functions.
Python 3 standard library only.
"""

import argparse
import collections
import re
import sys

# Stage of the pipeline: first match wins, so the narrower names come first.
STAGES = [
    ("output: replace old folder", ["Output::finish", "remove_dir_all"]),
    ("data files, feed, sitemap, search", ["site::data::write_data", "site::data::"]),
    ("render: handouts", ["site::handout::"]),
    ("render: pages", ["Painter::render_job"]),
    ("check: shortcodes", ["shortcodes::check"]),
    ("check: baseline warnings", ["baseline_warnings"]),
    ("figures (tallies)", ["Figures::compute"]),
    ("dataset for audience / clone", ["for_audience", "<gongbao::model::Dataset as core::clone::Clone>"]),
    ("validate", ["validate::validate", "validate::project", "validate::annual"]),
    ("load + parse YAML/Markdown", ["gongbao::load::", "gongbao::yaml", "gongbao::source::"]),
    ("editions / theme / setup", ["gongbao::theme::", "Renderer::new", "gongbao::i18n::", "opencc"]),
    ("drop at exit", ["drop_in_place<gongbao::site::Prepared", "drop_in_place<gongbao::model::Dataset", "drop_in_place<gongbao::pipeline::Checked"]),
]

# Which page a rendering sample was for.
PAGES = [
    ("handouts (/handouts/Y/R.html)", ["site::handout::"]),
    ("briefing pages", ["BriefingPage", "briefing_html", "briefing_page"]),
    ("project pages (/projects/ID/)", ["ProjectPage", "project_page", "project_funds"]),
    ("project list (/projects/)", ["ProjectsPage", "projects_page"]),
    ("sector pages", ["SectorPage", "sector_page", "sector_trend"]),
    ("region pages", ["RegionPage", "region_page"]),
    ("bulletins and home", ["bulletin::Bulletin", "bulletin_charts", "Ctx>::bulletin", "draw_all<core::iter::adapters::filter_map"]),
    ("file writes of pages (Output::write)", ["Output::write", "Folder::write"]),
    # A page's one chart (funds, trend): almost all of them are project pages.
    ("one-chart pages: project funds / region / sector trend", ["draw_all<core::option::Option"]),
]

# Kind of work inside a page or handout.
WORK = [
    ("write file (Output::write)", ["Output::write", "Folder::write"]),
    ("charts: SVG drawing", ["charts::render_figure", "Ctx::draw"]),
    ("briefing markdown + shortcodes", ["markdown::render_with_shortcodes", "briefing_html"]),
    ("tera render (templates)", ["tera::tera::Tera::render", "Renderer::render"]),
    ("view: bulletin (figures, lede, ranking)", ["Ctx>::bulletin", "views::Ctx>::bulletin", "Ctx::bulletin", "bulletin_chart", "region_trend"]),
    ("view: region page", ["region_page"]),
    ("view: sector page", ["sector_page"]),
    ("view: projects list", ["projects_page"]),
    ("view: project page", ["project_page", "project_funds"]),
    ("view: other", ["site::views::", "site::pages::", "site::bulletin::", "site::charts::"]),
]


def read(stream):
    samples, cur = [], None
    head = re.compile(r"\s*(?:\S+\s+)?(\d+)\s+([\d.]+):")
    for line in stream:
        if not line.strip():
            if cur:
                samples.append(cur)
            cur = None
            continue
        if not line[0].isspace():
            m = head.match(line)
            if m:
                cur = (int(m.group(1)), float(m.group(2)), [])
            continue
        if cur is not None:
            parts = line.strip().split(None, 1)
            cur[2].append(parts[1] if len(parts) > 1 else "?")
    if cur:
        samples.append(cur)
    return samples


def classify(stack, table, default):
    for name, keys in table:
        for frame in stack:
            for k in keys:
                if k in frame:
                    return name
    return default


def clean(sym):
    sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
    sym = re.sub(r"::h[0-9a-f]{16}$", "", sym)
    return sym[:110]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bucket", type=float, default=1.0, help="seconds per timeline row")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--hz", type=float, default=1000.0, help="sampling frequency given to perf record -F")
    args = ap.parse_args()
    samples = read(sys.stdin)
    if not samples:
        sys.exit("no samples (was perf record run with --call-graph?)")
    n = len(samples)
    t0 = min(s[1] for s in samples)
    t1 = max(s[1] for s in samples)
    main_tid = min(s[0] for s in samples)
    print("%d samples, %.1f s of CPU at %.0f Hz over %.1f s of wall time" % (n, n / args.hz, args.hz, t1 - t0))

    stage = collections.Counter()
    work = collections.Counter()
    pages = collections.Counter()
    for tid, _, stack in samples:
        st = classify(stack, STAGES, "other")
        stage[st] += 1
        if st.startswith("render"):
            work[classify(stack, WORK, "other (allocation, serde, …)")] += 1
            pages[classify(stack, PAGES, "other pages")] += 1
    print("\nCPU by stage:")
    for name, c in stage.most_common():
        print("  %5.1f%%  %6.2f s  %s" % (100.0 * c / n, c / args.hz, name))
    print("\nrendering by page (% of all CPU):")
    for name, c in pages.most_common():
        print("  %5.1f%%  %6.2f s  %s" % (100.0 * c / n, c / args.hz, name))
    print("\nrendering by kind of work (% of all CPU):")
    for name, c in work.most_common():
        print("  %5.1f%%  %6.2f s  %s" % (100.0 * c / n, c / args.hz, name))

    print("\ntimeline (CPUs busy, and the top stages in that slice; M = main thread):")
    buckets = collections.defaultdict(collections.Counter)
    for tid, t, stack in samples:
        b = int((t - t0) / args.bucket)
        who = "M" if tid == main_tid else "w"
        buckets[b]["%s %s" % (who, classify(stack, STAGES, "other"))] += 1
    for b in sorted(buckets):
        tot = sum(buckets[b].values())
        top = ", ".join("%s %d%%" % (k, 100 * v // tot) for k, v in buckets[b].most_common(3))
        print("  %6.1f s  %4.2f CPUs  %s" % (b * args.bucket, tot / args.hz / args.bucket, top))

    incl = collections.Counter()
    selfc = collections.Counter()
    for _, _, stack in samples:
        if stack:
            selfc[clean(stack[0])] += 1
        for sym in set(clean(f) for f in stack):
            incl[sym] += 1
    print("\nhottest functions, self time:")
    for sym, c in selfc.most_common(args.top):
        print("  %5.1f%%  %s" % (100.0 * c / n, sym))
    print("\nhottest gongbao functions, inclusive time:")
    shown = 0
    for sym, c in incl.most_common():
        if "gongbao::" in sym and not sym.startswith(("gongbao::main", "gongbao::cli::run")):
            print("  %5.1f%%  %s" % (100.0 * c / n, sym))
            shown += 1
            if shown >= args.top:
                break


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        pass
