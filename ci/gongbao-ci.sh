#!/bin/sh
# gongbao-ci.sh：持续集成（CI）里每次提交都运行的同一组命令。
# GitHub Actions 和 GitLab CI 的配方（docs/ci.md）都调用本脚本；
# 测试 tests/recipes.rs 也在本机对示例网站运行它，所以配方不会过时。
#
# gongbao-ci.sh: the commands CI runs on every commit. The GitHub Actions
# and GitLab CI recipes (docs/ci.md) call this script, and the test
# tests/recipes.rs runs it locally on the example site, so the recipes
# cannot rot.
#
# 步骤 Steps:
#   1. gongbao check --format github   检查数据，问题写成 GitHub 注释
#                                      check; problems as GitHub annotations
#   2. gongbao build                   生成网站到 public/  build the site
#   3. 复制印发稿到 handouts/           copy the handouts for download
#   4. 合并请求时：gongbao diff         on a pull/merge request only:
#      --format markdown > diff.md     what the commit changes, as Markdown
#
# 用法 Usage:
#   ci/gongbao-ci.sh [--root DIR] [--output DIR] [--handouts DIR]
#                    [--base-url URL] [--base REV] [--diff-out FILE] [--no-diff]
#
# 也可以用环境变量 Or with environment variables:
#   GONGBAO           程序 the binary                        [gongbao]
#   GONGBAO_ROOT      网站文件夹 the site folder              [.]
#   GONGBAO_OUTPUT    网站写到哪里 where the site goes        [public]
#   GONGBAO_HANDOUTS  印发稿复制到哪里 where handouts go      [handouts]
#   GONGBAO_BASE_URL  网站发布的地址 the published address    [site.yaml]
#   GONGBAO_BASE      合并请求的目标版本，如 origin/main；
#                     不设则不比较  the pull request's base, e.g.
#                     origin/main; unset: no diff            []
#   GONGBAO_DIFF_OUT  差异写到哪个文件 the diff's file       [diff.md]
#   GONGBAO_DIFF=0    跳过比较 skip the diff
#
# 退出码 Exit codes: 0 成功 ok；1 数据有错误 content errors；
# 2 用法或读写错误 usage or I/O. 数据有错误时任务失败 (content errors fail
# the job).

set -eu

gongbao=${GONGBAO:-gongbao}
root=${GONGBAO_ROOT:-.}
output=${GONGBAO_OUTPUT:-public}
handouts=${GONGBAO_HANDOUTS:-handouts}
base_url=${GONGBAO_BASE_URL:-}
base=${GONGBAO_BASE:-}
diff_out=${GONGBAO_DIFF_OUT:-diff.md}
diff=${GONGBAO_DIFF:-1}

# 缺少参数值时报错 A missing value is a usage error.
need() {
    if [ "$2" -lt 2 ]; then
        echo "gongbao-ci.sh: 选项 $1 缺少值 / option $1 needs a value" >&2
        exit 2
    fi
}

while [ $# -gt 0 ]; do
    case $1 in
        --root) need "$1" $#; root=$2; shift 2 ;;
        --output) need "$1" $#; output=$2; shift 2 ;;
        --handouts) need "$1" $#; handouts=$2; shift 2 ;;
        --base-url) need "$1" $#; base_url=$2; shift 2 ;;
        --base) need "$1" $#; base=$2; shift 2 ;;
        --diff-out) need "$1" $#; diff_out=$2; shift 2 ;;
        --no-diff) diff=0; shift ;;
        -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
        *)
            echo "gongbao-ci.sh: 不认识的参数 / unknown argument: $1" >&2
            exit 2
            ;;
    esac
done

# GitHub 把折叠的分组显示在日志里；其他 CI 里只是一行字。
# GitHub folds these groups in its log; elsewhere they are plain lines.
group() { echo "::group::$1"; }
endgroup() { echo "::endgroup::"; }

# 1. 检查：注释写到标准输出，GitHub 把它们标在提交的对应行上。
#    有错误时 gongbao 退出码为 1，任务在这里失败，不再生成。
# 1. Check: annotations on stdout, which GitHub attaches to the lines of
#    the commit. Content errors exit 1 and stop the job here.
"$gongbao" check --root "$root" --format github

# 2. 生成网站。--base-url 为空时用 site.yaml 的地址。
# 2. Build the site; without --base-url, site.yaml's address.
group "gongbao build"
if [ -n "$base_url" ]; then
    "$gongbao" build --root "$root" --output "$output" --base-url "$base_url"
else
    "$gongbao" build --root "$root" --output "$output"
fi
endgroup

# 3. 生成时每期公报的印发稿已写在 public/handouts/年度/区域.html；
#    复制一份到单独的文件夹，作为可下载的附件（artifact）。
# 3. The build wrote every bulletin's handout to public/handouts/YEAR/
#    REGION.html; copy them to their own folder, kept as a download.
rm -rf "$handouts"
mkdir -p "$handouts"
if [ -d "$output/handouts" ]; then
    cp -R "$output/handouts/." "$handouts/"
fi
echo "gongbao-ci.sh: 印发稿 handouts → $handouts ($(find "$handouts" -name '*.html' | wc -l | tr -d ' '))" >&2

# 4. 合并请求：与目标版本比较，写成 Markdown，供评论使用。
#    有无变化退出码都是 0；比较失败（如找不到版本）则任务失败。
# 4. Pull request: compare with the base, as Markdown for a comment. Exit 0
#    whether or not anything changed; a failed diff (no such revision)
#    fails the job.
if [ -n "$base" ] && [ "$diff" != 0 ]; then
    group "gongbao diff --base $base"
    "$gongbao" diff --root "$root" --base "$base" --format markdown > "$diff_out"
    endgroup
    echo "gongbao-ci.sh: 差异 diff → $diff_out" >&2
fi
