#!/usr/bin/env python3
"""Writes a province-scale gongbao site for benchmarks.

    python3 benches/province/generate.py [--projects 100000] [--cities 15]
        [--counties-per-city 20] [--years 10] [--briefings 3000] [--seed 20260630]
        [--last-year 2026] [--as-of 2026-06-30] OUT_DIR

The site is valid: `SOURCE_DATE_EPOCH=1790000000 gongbao check --root OUT_DIR`
reports no error and no warning. It holds:

- site.yaml: 12 sectors, unit 亿元, a 0.1亿元 floor, two funds scopes;
- content/regions.yaml: a province, CITIES cities, COUNTIES_PER_CITY counties,
  districts and parks in each (one park nested under a county, so the tree is
  four deep), names up to 双江拉祜族佤族布朗族傣族自治县 in length;
- content/projects/CITY/COUNTY/YEAR.yaml: one file per county (or city, for
  city-level projects) and year of signing, with every status, every money
  notation (3.5, "3.5亿元", "200亿", "7000万元", "1,160万元"), a few records
  with Chinese keys, funds in place by year and by month, and consistent dates
  (signed <= started <= producing, nothing after --as-of);
- content/annual/YEAR/REGION.yaml: targets for every region and year, derived
  from the generated records so completion rates look real; baselines only on
  the first year; facts on cities and the province;
- content/briefings/YEAR/SLUG.md: ~800 Chinese characters each, with figure,
  chart, projects and facts shortcodes.

The output depends only on the options: the same options give the same bytes
(a fixed-seed random.Random, no hash-ordered containers, no clock).
Only the Python 3 standard library is used.
"""

import argparse
import datetime as dt
import os
import random
import shutil
import sys

# ---------------------------------------------------------------------------
# Word pools
# ---------------------------------------------------------------------------

# Characters for place names, with their pinyin (for ids).
PLACE_CHARS = [
    ("安", "an"), ("宝", "bao"), ("昌", "chang"), ("丰", "feng"), ("阜", "fu"), ("广", "guang"), ("海", "hai"),
    ("和", "he"), ("华", "hua"), ("怀", "huai"), ("嘉", "jia"), ("江", "jiang"), ("金", "jin"), ("靖", "jing"),
    ("康", "kang"), ("乐", "le"), ("临", "lin"), ("龙", "long"), ("梅", "mei"), ("明", "ming"), ("南", "nan"),
    ("宁", "ning"), ("平", "ping"), ("清", "qing"), ("庆", "qing"), ("泉", "quan"), ("仁", "ren"), ("荣", "rong"),
    ("瑞", "rui"), ("山", "shan"), ("顺", "shun"), ("泰", "tai"), ("潭", "tan"), ("通", "tong"), ("威", "wei"),
    ("文", "wen"), ("武", "wu"), ("西", "xi"), ("祥", "xiang"), ("新", "xin"), ("兴", "xing"), ("阳", "yang"),
    ("宜", "yi"), ("永", "yong"), ("源", "yuan"), ("云", "yun"), ("漳", "zhang"), ("昭", "zhao"), ("忠", "zhong"),
    ("资", "zi"), ("东", "dong"), ("北", "bei"), ("白", "bai"), ("石", "shi"), ("松", "song"), ("桂", "gui"),
    ("湖", "hu"), ("溪", "xi"), ("峰", "feng"), ("岭", "ling"), ("川", "chuan"), ("沙", "sha"), ("鹤", "he"),
    ("凤", "feng"), ("盛", "sheng"), ("定", "ding"), ("远", "yuan"), ("化", "hua"), ("德", "de"), ("洛", "luo"),
    ("岳", "yue"), ("汉", "han"), ("涪", "fu"), ("邵", "shao"), ("蓝", "lan"), ("桐", "tong"), ("黎", "li"),
    ("麻", "ma"), ("芒", "mang"), ("墨", "mo"), ("盘", "pan"), ("黔", "qian"), ("曲", "qu"), ("容", "rong"),
]

# Ethnic groups for autonomous counties (自治县), some with long names.
ETHNIC = ["土家", "苗", "彝", "回", "藏", "满", "瑶", "侗", "布依", "仡佬", "傈僳", "纳西", "撒拉", "裕固", "东乡",
          "哈萨克", "蒙古", "哈尼", "拉祜", "佤", "布朗", "傣", "仫佬", "毛南"]

# Fixed long names, to make sure the longest real shapes appear.
LONG_COUNTIES = [
    ("阿克塞哈萨克族自治县", "akesai"),
    ("双江拉祜族佤族布朗族傣族自治县", "shuangjiang"),
    ("积石山保安族东乡族撒拉族自治县", "jishishan"),
    ("镇宁布依族苗族自治县", "zhenning"),
    ("印江土家族苗族自治县", "yinjiang"),
    ("罗城仫佬族自治县", "luocheng"),
    ("肃南裕固族自治县", "sunan"),
    ("景谷傣族彝族自治县", "jinggu"),
]

PARK_KINDS = [
    ("经济技术开发区", "etdz"),
    ("高新技术产业开发区", "hitech"),
    ("综合保税区", "ftz"),
    ("产业转移示范区", "itz"),
]

SECTORS = [
    ("new-energy", "新能源", "新能源科技", ["锂电池正极材料", "光伏组件", "储能电站", "风电装备", "氢能装备", "动力电池"]),
    ("new-materials", "新材料", "新材料", ["碳纤维复合材料", "电子级多晶硅", "高性能铝合金", "有机硅", "特种钢材", "石墨烯"]),
    ("equipment", "高端装备制造", "智能装备", ["数控机床", "工业机器人", "汽车零部件", "无人机整机", "智能农机", "精密轴承"]),
    ("electronics", "电子信息", "电子科技", ["集成电路封装测试", "智能终端", "传感器", "显示面板模组", "印制电路板", "光通信器件"]),
    ("biomedicine", "生物医药", "生物医药", ["创新药", "生物药委托生产", "医疗器械", "中药饮片", "原料药", "体外诊断试剂"]),
    ("digital-economy", "数字经济", "数字科技", ["数据中心", "工业互联网平台", "直播电商基地", "软件服务外包", "算力中心", "跨境电商"]),
    ("green-food", "绿色食品", "食品", ["预制菜", "农产品精深加工", "茶叶精制", "乳制品", "饮用天然水", "休闲食品"]),
    ("modern-agriculture", "现代农业", "农业发展", ["智慧农业", "高标准蔬菜基地", "生猪养殖", "中药材种植", "花卉种苗", "食用菌"]),
    ("logistics", "现代物流", "供应链管理", ["冷链物流园", "智能仓储", "公铁联运枢纽", "快递分拨中心", "供应链区域总部", "保税物流"]),
    ("culture-tourism", "文化旅游", "文化旅游开发", ["文旅综合体", "康养度假区", "温泉小镇", "民宿集群", "研学基地", "主题乐园"]),
    ("textiles", "纺织服装", "纺织", ["功能性面料", "鞋服制造", "家纺", "纺纱", "服装辅料", "产业用纺织品"]),
    ("green-building", "绿色建材", "建材", ["装配式建筑构件", "节能玻璃", "新型墙材", "光伏建筑一体化", "环保涂料", "再生骨料"]),
]

BRAND_CHARS = list("恒曜晟星澜驰睿通瀛汇澄晶寰峰沃岭宏鼎华泰瑞信达盛安康嘉远航创宇科天海金博卓锦润德聚合力昊昇弘岚铂翔")
CORP_SUFFIX = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"]

ORIGINS_OUTSIDE = ["广东省深圳市", "广东省广州市", "广东省东莞市", "广东省佛山市", "浙江省杭州市", "浙江省宁波市", "浙江省台州市",
                   "江苏省苏州市", "江苏省无锡市", "江苏省常州市", "上海市", "北京市海淀区", "北京市", "福建省厦门市", "福建省宁德市",
                   "山东省青岛市", "四川省成都市", "湖北省武汉市", "重庆市", "天津市", "湖南省长沙市", "河南省郑州市"]
ORIGINS_FOREIGN = ["香港特别行政区", "澳门特别行政区", "新加坡", "日本东京", "韩国首尔", "德国慕尼黑", "台湾省台北市", "意大利米兰"]

TAGS = ["链主企业", "世界500强", "中国500强", "专精特新", "延链补链", "以商招商", "总部经济", "央企合作", "返乡创业", "重点在谈"]

STATUS_ZH = {"negotiating": "在谈", "signed": "已签约", "started": "在建", "producing": "已投产", "stalled": "停滞",
             "cancelled": "终止"}

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN = list("晓知远岚明华婷军伟芳静敏磊洋艳勇杰娟涛超秀霞平刚桂英建国志强文辉丽红玉兰海燕鹏飞宇")


def money_text(wan, rng, quote_bare=False):
    """An amount of `wan` 万元 (an int), written in one of the notations a
    ledger uses. Bare numbers are in the site's unit, 亿元."""
    yi = yi_text(wan)
    r = rng.random()
    if r < 0.55:
        return yi  # bare number in 亿元
    if r < 0.70:
        return '"%s亿元"' % yi
    if r < 0.80:
        return '"%s亿"' % yi
    if r < 0.92:
        return '"%d万元"' % wan
    if r < 0.97:
        return '"{:,}万元"'.format(wan)
    return '"{:,}元"'.format(wan * 10000)


def yi_text(wan):
    """`wan` 万元 as an exact decimal number of 亿元, without trailing zeros."""
    whole, frac = divmod(wan, 10000)
    if frac == 0:
        return str(whole)
    return ("%d.%04d" % (whole, frac)).rstrip("0")


def date_text(d, rng, month_only_ok=True):
    r = rng.random()
    if month_only_ok and r < 0.12:
        return "%04d-%02d" % (d.year, d.month)
    if r < 0.16:
        return "%d年%d月%d日" % (d.year, d.month, d.day)
    if r < 0.20:
        return "%d/%d/%d" % (d.year, d.month, d.day)
    return d.isoformat()


def add_days(d, n):
    return d + dt.timedelta(days=n)


def random_day(rng, start, end):
    """A day from `start` to `end` inclusive."""
    span = (end - start).days
    return add_days(start, rng.randint(0, max(span, 0)))


# ---------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------

class Region:
    def __init__(self, rid, name, kind="county", parent=None):
        self.id = rid
        self.name = name
        self.kind = kind
        self.parent = parent
        self.children = []
        self.city = None  # the city a county belongs to
        if parent is not None:
            parent.children.append(self)

    def lineage(self):
        r = self
        while r is not None:
            yield r
            r = r.parent


class Names:
    """Unique Chinese names and ids."""

    def __init__(self, rng):
        self.rng = rng
        self.ids = set()
        self.names = set()

    def unique_id(self, base):
        rid, n = base, 2
        while rid in self.ids:
            rid = "%s-%d" % (base, n)
            n += 1
        self.ids.add(rid)
        return rid

    def stem(self, chars=2):
        for _ in range(1000):
            picks = [self.rng.choice(PLACE_CHARS) for _ in range(chars)]
            hanzi = "".join(c for c, _ in picks)
            if picks[0][0] != picks[1][0] and hanzi not in self.names:
                self.names.add(hanzi)
                return hanzi, "".join(p for _, p in picks)
        raise RuntimeError("out of place names")


def make_regions(rng, cities, per_city):
    names = Names(rng)
    pname, ppin = names.stem()
    root = Region(names.unique_id(ppin), pname + "省")
    long_names = list(LONG_COUNTIES)
    for c in range(cities):
        cname, cpin = names.stem()
        city = Region(names.unique_id(cpin), cname + "市", parent=root)
        city.city = city
        counties = []
        for k in range(per_city):
            if k == per_city - 1 and per_city >= 4:
                # A park inside a county: the tree is four levels deep.
                host = counties[0]
                park_name, park_pin = PARK_KINDS[(c + 1) % len(PARK_KINDS)]
                r = Region(names.unique_id("%s-%s" % (host.id, park_pin)), host.name[:2] + park_name, "park", parent=host)
            elif k in (per_city - 2, per_city - 3) and per_city >= 6:
                park_name, park_pin = PARK_KINDS[(c + k) % len(PARK_KINDS)]
                r = Region(names.unique_id("%s-%s" % (city.id, park_pin)), cname + park_name, "park", parent=city)
            else:
                if k == 5 and long_names:
                    name, pin = long_names.pop(0)
                    names.names.add(name)
                elif k in (6, 11) and rng.random() < 0.6:
                    stem, pin = names.stem()
                    a, b = rng.sample(ETHNIC, 2)
                    name = stem + a + "族" + (b + "族" if rng.random() < 0.4 else "") + "自治县"
                else:
                    stem, pin = names.stem()
                    name = stem + ("区" if k < 3 else rng.choice(["县", "县", "县", "市"]))
                r = Region(names.unique_id(pin), name, parent=city)
                counties.append(r)
            r.city = city
    return root


def all_regions(root):
    out, stack = [], [root]
    while stack:
        r = stack.pop()
        out.append(r)
        stack.extend(reversed(r.children))
    return out


def write_regions(path, root):
    lines = ["# 区域树：省 → 市（州）→ 县（市、区）及开发区。由 benches/province/generate.py 生成。", ""]

    def emit(r, indent):
        pad = " " * indent
        lines.append("%s- id: %s" % (pad, r.id))
        lines.append("%s  name: %s" % (pad, r.name))
        if r.kind == "park":
            lines.append("%s  kind: park" % pad)
        if r.children:
            lines.append("%s  children:" % pad)
            for ch in r.children:
                emit(ch, indent + 4)

    emit(root, 0)
    write(path, "\n".join(lines) + "\n")


# ---------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------

class Tally:
    __slots__ = ("signed_count", "signed_wan", "started_count", "started_wan", "funds_wan", "funds_fixed_wan",
                 "funds_non_fixed_wan", "signed_and_started", "facts")

    def __init__(self):
        self.signed_count = 0
        self.signed_wan = 0
        self.started_count = 0
        self.started_wan = 0
        self.funds_wan = 0
        self.funds_fixed_wan = 0
        self.funds_non_fixed_wan = 0
        self.signed_and_started = 0


def pick_amount_wan(rng):
    """Agreed investment in 万元: most below 10亿元, a long tail to 300亿元."""
    r = rng.random()
    if r < 0.005:
        return rng.randint(500, 999)  # below the 0.1亿元 floor: not counted
    if r < 0.45:
        lo, hi, step = 1000, 10000, 100
    elif r < 0.85:
        lo, hi, step = 10000, 100000, 100
    elif r < 0.96:
        lo, hi, step = 100000, 500000, 1000
    elif r < 0.99:
        lo, hi, step = 500000, 1000000, 10000
    else:
        lo, hi, step = 1000000, 3000000, 10000
    # Log-uniform inside the bracket, rounded to the ledger's precision.
    v = int(lo * (hi / lo) ** rng.random())
    return max(lo, v - v % step)


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.last_year = args.last_year
        self.first_year = args.last_year - args.years + 1
        self.as_of = dt.date.fromisoformat(args.as_of)
        if self.as_of.year != self.last_year:
            sys.exit("--as-of must be in --last-year")
        # Stalled projects stalled within the last year of the check date.
        self.stalled_from = max(dt.date(self.as_of.year - 1, 12, 1), dt.date(self.as_of.year, 1, 1) - dt.timedelta(days=31))
        self.root = make_regions(self.rng, args.cities, args.counties_per_city)
        self.regions = all_regions(self.root)
        self.leaves = [r for r in self.regions if r.parent is not None and r.parent is not self.root]
        self.cities = self.root.children
        self.tallies = {}  # (region id, year) -> Tally, public projects only, with descendants
        self.big = {}  # (region id, year) -> count of public projects >= 10亿元, with descendants
        self.counts = {"projects": 0, "files": 0}

    # -- helpers --------------------------------------------------------------

    def tally(self, region, year):
        key = (region.id, year)
        t = self.tallies.get(key)
        if t is None:
            t = self.tallies[key] = Tally()
        return t

    def company(self, sector):
        rng = self.rng
        brand = rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS)
        return brand + sector[2] + rng.choice(CORP_SUFFIX)

    def project_name(self, region, sector):
        rng = self.rng
        product = rng.choice(sector[3])
        r = rng.random()
        if r < 0.3:
            return "年产%d%s%s项目" % (rng.choice([1, 2, 3, 5, 10, 20, 50]), rng.choice(["万吨", "万套", "万台", "亿片", "万件"]), product)
        if r < 0.55:
            return "%s%s产业园%s" % (region.name[:2], product, rng.choice(["一期", "二期", "三期", ""]))
        if r < 0.75:
            return "%s智能制造基地" % product
        if r < 0.9:
            return "%s%s项目" % (rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS), product)
        return "%s生产线技术改造项目" % product

    # -- the records ----------------------------------------------------------

    def year_weights(self):
        # Growth of about 8% a year; the running year counts for its elapsed part.
        ws = []
        for y in range(self.first_year, self.last_year + 1):
            w = 1.08 ** (y - self.first_year)
            if y == self.last_year:
                w *= (self.as_of - dt.date(y, 1, 1)).days / 365.0
            ws.append(w)
        return ws

    def generate_projects(self, out):
        rng = self.rng
        args = self.args
        years = list(range(self.first_year, self.last_year + 1))
        year_w = self.year_weights()
        # Counties differ a lot in size (Zipf-like); a few projects are the city's own.
        places = self.leaves + self.cities
        weights = []
        for i, r in enumerate(self.leaves):
            weights.append(1.0 / (1 + (i * 7919) % 40) ** 0.6)
        weights += [0.4] * len(self.cities)
        # Assign every project a place and a year first, so files can be written one by one.
        buckets = {}
        place_idx = rng.choices(range(len(places)), weights=weights, k=args.projects)
        year_idx = rng.choices(range(len(years)), weights=year_w, k=args.projects)
        negotiating = [rng.random() < 0.03 for _ in range(args.projects)]
        for n in range(args.projects):
            y = self.last_year if negotiating[n] else years[year_idx[n]]
            buckets.setdefault((place_idx[n], y), []).append(negotiating[n])
        for pi, place in enumerate(places):
            city = place.city
            folder = os.path.join(out, "content", "projects", city.id, place.id if place is not city else "_city")
            for y in years:
                recs = buckets.get((pi, y))
                if not recs:
                    continue
                lines = ["# %s%d年招商引资项目台账（含在谈项目）" % (place.name, y) if y == self.last_year else "# %s%d年签约项目台账" % (place.name, y),
                         "# 金额单位：亿元（未注明单位的数字）", ""]
                for seq, neg in enumerate(recs, 1):
                    lines.extend(self.project(place, y, seq, neg))
                    lines.append("")
                write(os.path.join(folder, "%d.yaml" % y), "\n".join(lines))
                self.counts["files"] += 1
                self.counts["projects"] += len(recs)

    def project(self, region, year, seq, negotiating):
        rng = self.rng
        sector = SECTORS[rng.choices(range(len(SECTORS)), weights=[14, 11, 12, 10, 7, 8, 9, 6, 7, 6, 5, 5])[0]]
        wan = pick_amount_wan(rng)
        kind = "non_fixed_asset" if rng.random() < 0.12 else "fixed_asset"
        if kind == "non_fixed_asset":
            wan = min(wan, 50000)
        s = rng.random()
        scope = "foreign" if s < 0.06 else "outside_province" if s < 0.62 else "outside_city" if s < 0.85 else "local"
        if scope == "foreign":
            origin = rng.choice(ORIGINS_FOREIGN)
        elif scope == "outside_province":
            origin = rng.choice(ORIGINS_OUTSIDE)
        elif scope == "outside_city":
            origin = self.root.name + rng.choice([c for c in self.cities if c is not region.city] or self.cities).name
        else:
            origin = self.root.name + region.city.name
        public = rng.random() >= 0.01
        planned = wan
        if rng.random() < 0.3:
            planned = max(1, wan * rng.randint(60, 100) // 100)
        limit = self.as_of

        # The life of the project: dates first, then the status they lead to.
        signed = started = producing = stalled = cancelled = None
        if negotiating:
            status = "negotiating"
        else:
            start_of_year = dt.date(year, 1, 1)
            end_of_year = min(dt.date(year, 12, 31), limit)
            signed = random_day(rng, start_of_year, end_of_year)
            if rng.random() < 0.8:
                d = add_days(signed, int(rng.expovariate(1 / 150.0)))
                if d <= limit:
                    started = d
            if started and rng.random() < 0.7:
                d = add_days(started, 120 + int(rng.expovariate(1 / 300.0)))
                if d <= limit:
                    producing = d
            r = rng.random()
            if r < 0.03:
                status = "cancelled"
                cancelled = random_day(rng, started or signed, limit)
                producing = None
            elif r < 0.05 and max(started or signed, self.stalled_from) <= limit:
                status = "stalled"
                stalled = random_day(rng, max(started or signed, self.stalled_from), limit)
                producing = None
            else:
                status = "producing" if producing else "started" if started else "signed"

        # Funds in place: a share of the agreed amount, spread over the years
        # from signing, some keyed by month.
        funds = []
        if signed:
            share = {"producing": (55, 95), "started": (15, 70), "signed": (0, 20), "stalled": (5, 30),
                     "cancelled": (0, 10)}[status]
            total = wan * rng.randint(*share) // 100
            end = (cancelled or limit)
            fund_years = list(range(signed.year, end.year + 1))
            if total > 0 and fund_years:
                cuts = sorted(rng.randint(0, total) for _ in range(len(fund_years) - 1))
                parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
                for fy, part in zip(fund_years, parts):
                    if part <= 0:
                        continue
                    if rng.random() < 0.1:
                        lo = max(signed, dt.date(fy, 1, 1))
                        hi = min(end, dt.date(fy, 12, 31))
                        d = random_day(rng, lo, hi)
                        funds.append(("%04d-%02d" % (d.year, d.month), part, fy))
                    else:
                        funds.append(("%d" % fy, part, fy))

        # What the public figures will count (check computes them on the public build).
        if public and signed and wan >= 1000:
            for r in region.lineage():
                t = self.tally(r, signed.year)
                t.signed_count += 1
                t.signed_wan += wan
                if started and started.year == signed.year:
                    t.signed_and_started += 1
                if wan >= 100000:
                    self.big[(r.id, signed.year)] = self.big.get((r.id, signed.year), 0) + 1
                if started:
                    ts = self.tally(r, started.year)
                    ts.started_count += 1
                    ts.started_wan += planned
                if scope in ("foreign", "outside_province"):
                    for _, part, fy in funds:
                        tf = self.tally(r, fy)
                        tf.funds_wan += part
                        if kind == "fixed_asset":
                            tf.funds_fixed_wan += part
                        else:
                            tf.funds_non_fixed_wan += part

        # The record.
        chinese = self.rng.random() < 0.05
        k = (lambda en, zh: zh) if chinese else (lambda en, zh: en)
        pid = "%s-%d-%04d" % (region.id, year, seq)
        lines = ["- %s: %s" % (k("id", "编号"), pid),
                 "  %s: %s" % (k("name", "项目名称"), self.project_name(region, sector)),
                 "  %s: %s" % (k("investor", "投资方"), self.company(sector)),
                 "  %s: %s" % (k("region", "区域"), region.id)]
        if rng.random() < 0.3:
            parks = [c for c in region.city.children if c.kind == "park"]
            lines.append("  %s: %s" % (k("park", "园区"), parks[0].name if parks and rng.random() < 0.5 else region.name[:2] + "工业园"))
        lines.append("  %s: %s" % (k("sector", "产业"), sector[0] if rng.random() < 0.8 else sector[1]))
        lines.append("  %s: %s" % (k("amount", "协议投资额"), money_text(wan, rng)))
        if planned != wan:
            lines.append("  %s: %s" % (k("planned_investment", "计划投资额"), money_text(planned, rng)))
        if kind != "fixed_asset" or rng.random() < 0.1:
            lines.append("  kind: %s" % kind)
        lines.append("  scope: %s" % scope)
        if rng.random() < 0.9:
            lines.append("  %s: %s" % (k("origin", "来源地"), origin))
        lines.append("  %s: %s" % (k("status", "状态"), STATUS_ZH[status] if chinese else status))
        for key, zh, d in (("signed", "签约日期", signed), ("started", "开工日期", started), ("producing", "投产日期", producing),
                           ("stalled", "停滞日期", stalled), ("cancelled", "终止日期", cancelled)):
            if d:
                lines.append("  %s: %s" % (k(key, zh), date_text(d, rng, month_only_ok=key != "signed")))
        if funds:
            lines.append("  %s:" % k("funds_in_place", "到位资金"))
            for key, part, _ in funds:
                lines.append("    %s: %s" % (key, money_text(part, rng)))
        if rng.random() < 0.4:
            lines.append("  expected:")
            lines.append("    output_value: %s" % money_text(wan * rng.randint(80, 300) // 100 or 1, rng))
            lines.append("    tax: %s" % money_text(max(1, wan * rng.randint(3, 12) // 100), rng))
            lines.append("    jobs: %d" % rng.randint(20, 5000))
        if rng.random() < 0.01:
            lines.append("  key: true")
        if not public:
            lines.append("  public: false")
        if rng.random() < 0.03:
            lines.append("  investor_public: false")
        if rng.random() < 0.2:
            lines.append("  tags: [%s]" % ", ".join(rng.sample(TAGS, rng.randint(1, 2))))
        if rng.random() < 0.7:
            lines.append("  %s: %s" % (k("summary", "建设内容"), "建设%s生产线及配套设施，达产后年产值约%s亿元" % (sector[3][0], yi_text(wan * 2))))
        return lines

    # -- annual files -----------------------------------------------------------

    def generate_annuals(self, out):
        rng = self.rng
        for y in range(self.first_year, self.last_year + 1):
            running = y == self.last_year and self.as_of < dt.date(y, 12, 31)
            scale = 365.0 / max(1, (self.as_of - dt.date(y, 1, 1)).days + 1) if running else 1.0
            for r in self.regions:
                t = self.tallies.get((r.id, y)) or Tally()
                f = lambda: rng.uniform(0.85, 1.25) * scale  # noqa: E731
                lines = ["# %s%d年招商引资目标任务%s" % (r.name, y, "及上年基数" if y == self.first_year else ""), "",
                         "region: %s" % r.id, "year: %d" % y,
                         "as_of: %s" % (self.as_of.isoformat() if running else "%d-12-31" % y), "", "targets:"]
                lines.append("  signed_amount: %s" % target_money(t.signed_wan * f()))
                lines.append("  signed_count: %d" % max(1, round(t.signed_count * f())))
                lines.append('  start_rate: "%d%%"' % rng.choice([50, 55, 60, 65, 70]))
                lines.append("  new_start_investment: %s" % target_money(t.started_wan * f()))
                lines.append("  funds_in_place: %s" % target_money(t.funds_wan * f()))
                lines.append("  funds_in_place_fixed: %s" % target_money(t.funds_fixed_wan * f()))
                lines.append("  funds_in_place_non_fixed: %s" % target_money(t.funds_non_fixed_wan * f()))
                if y == self.first_year:
                    g = lambda: rng.uniform(0.8, 1.1)  # noqa: E731
                    lines += ["", "baseline:"]
                    lines.append("  signed_count: %d" % max(1, round(t.signed_count * g())))
                    lines.append("  signed_amount: %s" % target_money(t.signed_wan * g()))
                    lines.append("  started_count: %d" % max(1, round(t.started_count * g())))
                    lines.append("  new_start_investment: %s" % target_money(t.started_wan * g()))
                    lines.append("  funds_in_place: %s" % target_money(t.funds_wan * g()))
                if r.parent is None or r.parent is self.root or rng.random() < 0.2:
                    lines += ["", "facts:"]
                    for label, unit, lo, hi in (("主要领导外出招商", "次", 5, 120), ("拜访目标企业", "家", 50, 2000),
                                                ("举办专题招商推介会", "场", 2, 40), ("邀请客商考察", "批次", 20, 600)):
                        lines += ["  - label: %s" % label, "    value: %d" % rng.randint(lo, hi), "    unit: %s" % unit]
                write(os.path.join(out, "content", "annual", str(y), r.id + ".yaml"), "\n".join(lines) + "\n")

    # -- briefings ---------------------------------------------------------------

    def generate_briefings(self, out):
        rng = self.rng
        n = self.args.briefings
        years = list(range(self.first_year, self.last_year + 1))
        for i in range(n):
            r = rng.random()
            region = self.root if r < 0.1 else rng.choice(self.cities) if r < 0.45 else rng.choice(self.leaves)
            year = rng.choice(years)
            # Reviews come out early next year; news during the year.
            if rng.random() < 0.4 and year < self.last_year:
                date = random_day(rng, dt.date(year + 1, 1, 5), dt.date(year + 1, 3, 31))
            else:
                date = random_day(rng, dt.date(year, 1, 10), min(dt.date(year, 12, 31), self.as_of))
            date = min(date, self.as_of)
            slug = "%s-%d-%04d" % (region.id, year, i + 1)
            body = self.briefing_body(region, year)
            sector = rng.choice(SECTORS)
            front = ["---",
                     "title: %s%d年%s" % (region.name, year, rng.choice(["招商引资工作综述", "产业链招商取得新进展", "重大项目签约活动侧记",
                                                                      "%s产业集群加快成势" % sector[1], "营商环境优化见实效"])),
                     "date: %s" % date.isoformat(),
                     "region: %s" % region.id,
                     "year: %d" % year,
                     "authors: [本报记者 %s, 通讯员 %s]" % (self.person(), self.person()),
                     "source: %s日报" % region.city.name if region.city else "source: %s日报" % region.name,
                     "summary: %s%d年招商引资%s。" % (region.name, year, rng.choice(["稳中有进", "量质齐升", "提速增效", "多点开花"])),
                     "---", ""]
            write(os.path.join(out, "content", "briefings", str(year), slug + ".md"), "\n".join(front) + body)

    def person(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)

    def briefing_body(self, region, year):
        rng = self.rng
        t = self.tallies.get((region.id, year)) or Tally()
        prev = self.tallies.get((region.id, year - 1))
        s1, s2 = rng.sample(SECTORS, 2)
        name = region.name
        p = []
        lead = ("%d年，%s坚持把招商引资作为经济工作的“一号工程”，全年新签约千万元以上项目{{ figure(metric=\"signed_count\") }}个，"
                "协议投资额{{ figure(metric=\"signed_amount\") }}亿元" % (year, name))
        if (prev and prev.signed_wan > 0) or year == self.first_year:
            lead += "，同比{{ figure(metric=\"signed_amount.yoy\") }}"
        lead += "，完成年度目标的{{ figure(metric=\"signed_amount.completion\") }}。"
        if t.signed_count > 0:
            lead += "当年签约当年开工率{{ figure(metric=\"start_rate\") }}，"
        lead += "省外境内资金和境外资金实际到位{{ figure(metric=\"funds_in_place\") }}亿元。"
        p.append(lead)
        p.append("## 链长挂帅，精准招商")
        p.append("年初，%s围绕%s、%s等重点产业链逐一明确链长单位，全面推行**“链长制”**招商。链长单位牵头绘制产业图谱，"
                 "按照补链、延链、强链的思路列出目标企业清单，各产业链招商小分队照单上门、逐家对接，主要领导带队外出招商的足迹"
                 "遍及长三角、珠三角和成渝地区。围绕龙头企业的上下游，%s先后引进一批配套项目，产业集聚效应逐步显现。"
                 "与此同时，驻外招商联络处常态化开展驻点招商，及时捕捉企业投资动向，做到早发现、早对接、早落地。" % (name, s1[1], s2[1], name))
        p.append("{{ chart(name=\"by_sector\") }}")
        p.append("## 大项目撑起基本盘")
        p.append("从行业分布看，%s、%s两大板块签约额位居前列，10亿元以上项目{{ figure(metric=\"signed_over_10\") }}个。"
                 "一批投资规模大、科技含量高、带动能力强的项目相继落户，为高质量发展积蓄了新动能。各地对重点项目实行"
                 "“一个项目、一名包联领导、一个工作专班”，用地、环评、能耗等要素保障提前介入，推动项目早开工、早投产、早见效。"
                 "全年新开工项目{{ figure(metric=\"started_count\") }}个，计划投资额{{ figure(metric=\"new_start_investment\") }}亿元。"
                 % (s1[1], s2[1]))
        p.append("以下为协议投资10亿元以上的部分重点项目：")
        p.append("{{ projects(min_amount=10, limit=5) }}")
        p.append("## 盯紧落地，让签约变开工")
        p.append("签约只是第一步，落地才是硬道理。%s建立签约项目全周期跟踪服务机制，对已签约项目逐一明确责任单位和时间节点，"
                 "每月调度、每季通报，对进展缓慢的项目挂牌督办。也要清醒看到，受市场波动和要素制约影响，个别项目出现暂缓或终止，"
                 "全年终止项目{{ figure(metric=\"cancelled_count\") }}个。下一步，将继续优化营商环境，深化“放管服”改革，"
                 "推行项目审批“容缺受理”和“拿地即开工”，切实提高签约项目履约率、开工率和资金到位率。" % name)
        p.append("{{ chart(name=\"%s\") }}" % rng.choice(["by_month", "pipeline", "by_size", "by_scope"]))
        p.append("| 产业链 | 主攻环节 | 重点对接区域 |\n|---|---|---|\n| %s | %s、%s | 广东、浙江 |\n| %s | %s、%s | 江苏、上海 |"
                 % (s1[1], s1[3][0], s1[3][1], s2[1], s2[3][0], s2[3][1]))
        if region.parent is None or region.parent is self.root or rng.random() < 0.2:
            p.append("## 全年工作成效")
            p.append("{{ facts() }}")
        p.append("%s投资促进部门有关负责人表示，%d年将继续盯紧链主企业和“专精特新”企业，紧盯重点区域、重点产业、重点企业，"
                 "以更大力度推动更多签约项目尽快形成实物工作量，为全市经济社会高质量发展提供有力支撑。" % (name, year + 1))
        return "\n\n".join(p) + "\n"

    # -- site.yaml -------------------------------------------------------------------

    def write_site(self, out):
        lines = ["# 省级招商引资公报（基准测试用生成数据）",
                 "title: %s招商引资公报" % self.root.name,
                 "base_url: https://tzcj.example.gov.cn/",
                 "language: zh-Hans",
                 "root_region: %s" % self.root.id,
                 "unit: 亿元",
                 "min_project_amount: 0.1",
                 "funds_scopes: [foreign, outside_province]",
                 # The generator's baselines count public projects only; and
                 # one in a hundred hidden at random is often alone in a
                 # county's month, which `check` rightly warns about.
                 "hidden_in_totals: false",
                 "percent_decimals: 2",
                 "sectors:"]
        for sid, name, _, _ in SECTORS:
            lines += ["  - id: %s" % sid, "    name: %s" % name]
        lines.append("theme: default")
        write(os.path.join(out, "site.yaml"), "\n".join(lines) + "\n")


def target_money(wan):
    """A target in 亿元, rounded as offices round them (two decimals at most)."""
    v = round(wan / 100.0) / 100.0  # 万元 -> 亿元, 0.01 precision
    if v <= 0:
        return "0.5"
    if v >= 100:
        return str(int(round(v)))
    return ("%.2f" % v).rstrip("0").rstrip(".")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", metavar="OUT_DIR")
    ap.add_argument("--projects", type=int, default=100000)
    ap.add_argument("--cities", type=int, default=15)
    ap.add_argument("--counties-per-city", type=int, default=20)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--briefings", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20260630)
    ap.add_argument("--last-year", type=int, default=2026)
    ap.add_argument("--as-of", default="2026-06-30", help="the last day of data; the last year runs to it")
    ap.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    args = ap.parse_args()
    if args.cities < 1 or args.counties_per_city < 1 or args.years < 1:
        sys.exit("--cities, --counties-per-city and --years must be at least 1")
    if args.cities > 60:
        sys.exit("--cities is at most 60 (the name pool runs out)")
    if os.path.exists(args.out):
        if not args.force:
            sys.exit("%s exists; pass --force to replace it" % args.out)
        shutil.rmtree(args.out)
    g = Generator(args)
    g.write_site(args.out)
    write_regions(os.path.join(args.out, "content", "regions.yaml"), g.root)
    g.generate_projects(args.out)
    g.generate_annuals(args.out)
    g.generate_briefings(args.out)
    print("wrote %s: %d regions, %d projects in %d files, %d annual files, %d briefings, years %d-%d"
          % (args.out, len(g.regions), g.counts["projects"], g.counts["files"], len(g.regions) * args.years, args.briefings,
             g.first_year, g.last_year))


if __name__ == "__main__":
    main()
