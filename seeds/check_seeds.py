#!/usr/bin/env python3
"""Check the ChainAtlas seeds (seeds/chains/*.yaml, seeds/geo/*.yaml) against the five policy documents.

Usage:
    python3 seeds/check_seeds.py               # check everything, print counts; exit 1 on any error
    python3 seeds/check_seeds.py --write-geo   # (re)generate seeds/geo/cluster-ratings.yaml from 004, then check

The documents are read from REFERENCE_DIR, or else from ../shared/reference beside the repository (the folder
that holds the clone). Without them nothing can be checked against the documents, so a missing folder is an
error, not a skip: CI must not pass on seeds it could not read against their sources.

What fails the check (exit 1):
- chains: duplicate or undefined codes, part-of cycles, bad levels, an alias of two nodes or a bare generic word,
  a node no chain reaches, fewer than 150 nodes;
- sources (00-sources.yaml): a document without a citation, or a citation element (issuer, title, 文号, date)
  the document's own text does not contain; a draft that does not say 征求意见稿;
- priors: a quote not in the document, a quote outside its named section (the section is found by the document's
  own headings: 一、/（二）/1./专栏 in the plans, 5.1 and 表2 in the paper, 第三章/第二节/1./专栏11 in 004), a
  source without a citation, an unknown kind, a scope that is neither the province nor a city of cities.yaml or
  that differs from the city the document covers, a chain the node is not in, a `droppedBy` whose later passage
  is not in its section or still names the word;
- geography: regions, 21 city codes, Guangzhou's districts and each cell of 003 表1, the star tables of 004 parsed
  here (not by the loader), the tier legend of each table, and every cluster-to-chain mapping's 004 passage.
"""
import os
import re
import sys
from collections import defaultdict

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("PyYAML is required: pip install pyyaml (Debian: apt-get install python3-yaml)")

SEEDS = os.path.dirname(os.path.abspath(__file__))
CHAINS_DIR = os.path.join(SEEDS, "chains")
GEO_DIR = os.path.join(SEEDS, "geo")
REF_DIR = os.environ.get("REFERENCE_DIR", os.path.join(SEEDS, "..", "..", "shared", "reference"))
DOC_004 = "004_3b6d5ab2f1885d00.txt"
DOC_003 = "003_5c0cf2cb3d1ad0ca.txt"
SOURCES_FILE = "00-sources.yaml"

LEVELS = {"整机", "系统", "部件", "零件", "材料", "软件"}
# a chain's roots are its final products: equipment, and for the semiconductor chain also its design software
ROOT_LEVELS = {"整机", "软件"}
CHAIN_CODES = ["CNC", "OFFSHORE", "AVIATION", "SATELLITE", "RAIL", "ROBOT", "LASER", "SEMI"]
MUST_HAVE = ["CNC_SYSTEM", "ELECTRIC_SPINDLE", "GRATING_SCALE", "BEARING", "BALL_SCREW", "SUBSEA_CABLE", "GEARBOX"]
MIN_NODES = 150
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
KINDS = {"IMPORT": "依赖进口", "OUTSIDE_PROVINCE": "依赖省外", "WEAK_LINK": "短板", "LOCALISATION_TARGET": "国产化目标"}
# words too generic to classify a product description on their own
GENERIC = {
    "系统", "设备", "装备", "装置", "电机", "马达", "部件", "零件", "零部件", "配件", "材料", "软件", "控制器",
    "芯片", "电缆", "天线", "机器人", "模块", "模组", "平台", "器件", "机床", "叶片", "泵", "阀门", "阀",
    "风机", "变流器", "变压器", "配电箱", "轮毂", "腔体", "涂布机", "喷淋头", "断路器", "电源", "发动机",
    "传感器模块", "控制系统", "驱动器", "电子", "产品", "工具", "仪器", "仪表", "机械", "自动化",
    "空调", "减震器", "减振器", "制动系统", "传动装置", "配电系统", "供电", "动力系统", "工装", "检测设备",
    "热加工", "清洗系统", "数据处理", "打印耗材", "核心零部件",
    "system", "equipment", "motor", "device", "module", "part", "parts", "software", "controller",
}
NODE_KEYS = {"code", "name", "nameEn", "level", "aliases", "substitutes", "parts", "priors"}
PRIOR_KEYS = {"source", "section", "quote", "kind", "scope", "chain", "droppedBy"}
PRIOR_REQUIRED = {"source", "section", "quote", "kind", "scope"}
DROPPED_KEYS = {"source", "section", "quote", "word"}
CHAIN_KEYS = {"code", "name", "nameEn", "roots"}
SOURCE_KEYS = {"file", "label", "type", "scope", "draft", "issuers", "title", "number", "date", "stated",
               "citation", "short", "note"}

# geography expected by the brief
CITY_CODES = {
    "440100": "广州", "440200": "韶关", "440300": "深圳", "440400": "珠海", "440500": "汕头", "440600": "佛山",
    "440700": "江门", "440800": "湛江", "440900": "茂名", "441200": "肇庆", "441300": "惠州", "441400": "梅州",
    "441500": "汕尾", "441600": "河源", "441700": "阳江", "441800": "清远", "441900": "东莞", "442000": "中山",
    "445100": "潮州", "445200": "揭阳", "445300": "云浮",
}
CITY_REGION = {
    "PRD": ["广州", "深圳", "珠海", "佛山", "东莞", "惠州", "中山", "江门", "肇庆"],
    "EAST": ["汕头", "汕尾", "揭阳", "潮州"],
    "WEST": ["湛江", "茂名", "阳江"],
    "NORTH": ["韶关", "梅州", "河源", "清远", "云浮"],
}
DISTRICT_CODES = {
    "440103": "荔湾区", "440104": "越秀区", "440105": "海珠区", "440106": "天河区", "440111": "白云区",
    "440112": "黄埔区", "440113": "番禺区", "440114": "花都区", "440115": "南沙区", "440117": "从化区",
    "440118": "增城区",
}
# 003 表1's seven industry columns, left to right, as the header spells them
DISTRICT_INDUSTRIES = ["通用设备制造业", "专用设备制造业", "铁路、船舶、航空航天和其他运输设备制造业",
                       "电气机械和器材制造业", "（部分）计算机、通信和其他电子设备制造业", "仪器仪表制造业",
                       "（部分）金属制品、机械和设备修理业"]

# Which of our chains each numbered cluster of 004 covers. A chain maps to a cluster when 004 names one of the
# chain's final products (its roots) as part of that cluster; materials and parts alone do not map a chain, or
# the materials clusters (5, 15) would tie every chain to every materials city. Each mapping carries the 004
# passage that makes it, checked against its section like a prior. Cluster 20 精密仪器设备 maps to no chain: its
# products (示波器、质谱仪、测控仪器…) are no chain's final equipment; the parts it shares with ours (激光器、离子源、
# 真空系统) are parts, which do not map a chain.
CLUSTER_CHAINS = {
    1: [("SEMI", "第三章第一节 1.", "支持发展晶圆制造装备、芯片/器件封装装备")],
    11: [("SEMI", "第三章第二节 1.", "发展光刻机、缺陷检测设备、激光加工设备等整机设备")],
    12: [("CNC", "第三章第二节 2.", "推动激光制造装备、精密数控磨床、超精密数控金属切割机床等高端数控机床整机"),
         ("OFFSHORE", "第三章第二节 2.", "突破海上浮式风电、海洋可燃冰开采、海上风电机组、波浪能发电装置、深海油气生产平台等海洋工程装备研制应用"),
         ("AVIATION", "第三章第二节 2.", "支持水陆两用飞机、高端公务机、无人机等研发制造"),
         ("SATELLITE", "第三章第二节 2.", "支持卫星通信、卫星导航、卫星遥感三大领域融合发展，以及相关整机设备和关键配套软硬件研发"),
         ("RAIL", "第三章第二节 2.", "支持新一代地铁、新型城际轨道车辆、新能源有轨电车和高速磁悬浮列车等轨道交通装备产品线"),
         ("LASER", "专栏12 1.", "支持深圳、佛山、东莞、中山打造国际领先的激光装备产业基地"),
         ("SEMI", "第三章第二节 2.", "推进缺陷检测、激光加工、芯片巨量组装等集成电路整机设备生产")],
    13: [("ROBOT", "第三章第二节 3.", "支持发展切割、焊接、切削、磨抛、装配、喷涂、建筑施工等机器人集成应用"),
         ("AVIATION", "专栏13 2.", "突破无人机专用芯片、飞控系统、动力系统、传感器等关键技术，做大做强无人机产业"),
         ("OFFSHORE", "专栏13 3.", "培育壮大无人船产业")],
    16: [("OFFSHORE", "专栏16 2.", "重点发展海上风电装备制造业")],
    17: [("LASER", "第三章第二节 7.", "以及精密激光智能装备、增材制造高端装备等重大装备"),
         ("CNC", "专栏17 1.", "重点布局激光材料、核心器件、激光装备等")],
}
TIER_NAMES = {"CORE": "核心", "KEY": "重点", "GENERAL": "一般"}

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def squash(s):
    """Remove all whitespace (the reference documents are hard-wrapped with blank lines and indents)."""
    return re.sub(r"\s+", "", s)


def norm_alias(s):
    return re.sub(r"\s+", " ", s.strip()).casefold()


# --------------------------------------------------------------------------- documents and their sections
_doc_cache = {}


def read_doc(name):
    if name not in _doc_cache:
        path = os.path.join(REF_DIR, name)
        with open(path, encoding="utf-8") as f:
            _doc_cache[name] = f.read()
    return _doc_cache[name]


def clean_lines(text):
    """The document's lines without page footers (— 12 —) and Word bookmarks, which may split a sentence."""
    out = []
    for line in text.split("\n"):
        if re.fullmatch(r"\s*—\s*\d+\s*—\s*", line):
            line = ""
        out.append(re.sub(r"\[bookmark:[^\]]*\]", "", line))
    return out


CN_DIGITS = "一二三四五六七八九"


def cn_number(s):
    """一..九十九 as an int (the documents number their headings in Chinese up to the teens)."""
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    return CN_DIGITS.index(s) + 1


def doc_style(name):
    """How a document numbers its headings: the government plans, the journal paper (003), the 14th plan (004)."""
    return {"003": "paper", "004": "plan14"}.get(name[:3], "plan")


def headings(name):
    """(kind, label, rank, line) for every heading of the document; a lower rank is a higher level."""
    lines = clean_lines(read_doc(name))
    style = doc_style(name)
    out = []
    for i, line in enumerate(lines):
        if re.search(r"\t\d+\s*$", line):  # table of contents
            continue
        h = None
        if style == "plan":
            for kind, rx, rank in (("top", r"^\s*([一二三四五六七八九十]+)、", 0),
                                   ("sub", r"^\s*（([一二三四五六七八九十]+)）", 1),
                                   ("box", r"^\s*专栏\s*(\d*)\s*[：:]", 2),
                                   ("item", r"^\s*(\d+)[.．](?!\d)", 3)):
                m = re.match(rx, line)
                if m:
                    h = (kind, m.group(1), rank)
                    break
        elif style == "paper":
            m = re.match(r"^\s*(\d(?:\.\d+)*)\s+[^\d\s.]", line)
            if m:
                h = ("head", m.group(1), m.group(1).count("."))
            m = re.match(r"^\s*表\s*(\d+)\s", line)
            if m:
                h = ("table", m.group(1), 9)
            if re.match(r"^\s*由表", line):
                h = ("end", "", 9)
        else:
            for kind, rx, rank in (("annex", r"^\s*附件\s*(\d+)\s*$", 0),
                                   ("chapter", r"^\s*第([一二三四五六七八九十]+)章", 0),
                                   ("section", r"^\s*第([一二三四五六七八九十]+)节", 1),
                                   ("box", r"^\s*专栏\s*(\d+)", 3)):
                m = re.match(rx, line)
                if m:
                    h = (kind, m.group(1), rank)
                    break
            if h is None:
                m = re.match(r"^\s*(\d+)[.．](?!\d)\s*(.*)$", line)
                if m:
                    rest = m.group(2).strip()
                    # "2. 高端装备制造" heads a cluster's paragraph; "1. 数控设备。以广州…" is an item of a 专栏
                    h = ("item", m.group(1), 4) if "。" in rest or len(rest) > 24 else ("para", m.group(1), 2)
        if h is None:
            continue
        kind, label, rank = h
        if kind in ("top", "sub", "chapter", "section"):
            label = str(cn_number(label))
        if out and kind == "box" and out[-1][0] == "box" and out[-1][1] == label:
            continue  # a 专栏 title repeated after a page break
        out.append((kind, label, rank, i))
    return lines, out


SPEC_TOKENS = [
    ("chapter", r"第([一二三四五六七八九十]+)章"), ("section", r"第([一二三四五六七八九十]+)节"),
    ("annex", r"附件(\d+)"), ("box", r"专栏(\d*)"), ("table", r"表(\d+)"),
    ("sub", r"（([一二三四五六七八九十]+)）"), ("top", r"([一二三四五六七八九十]+)、?"),
    ("item", r"(\d+)\.(?!\d)"), ("head", r"(\d+(?:\.\d+)*)"),
]


def parse_section(spec, style):
    """A section as the seeds name it ('一（二）', '三（二）专栏 8.', '5.3', '表2', '第三章第二节 1.', '专栏11 5.')."""
    s = spec.strip()
    tokens = []
    while s:
        s = s.lstrip()
        for kind, rx in SPEC_TOKENS:
            m = re.match(rx, s)
            if m:
                label = m.group(1)
                if kind in ("top", "sub", "chapter", "section"):
                    label = str(cn_number(label))
                if kind == "item" and style == "plan14" and not (tokens and tokens[-1][0] == "box"):
                    kind = "para"
                tokens.append((kind, label))
                s = s[m.end():]
                break
        else:
            return None
    return tokens


def section_span(name, spec):
    """(first line, end line) of the named section, or a message saying why it was not found."""
    lines, hs = headings(name)
    tokens = parse_section(spec, doc_style(name))
    if not tokens:
        return None, "section %r cannot be read as a section of %s" % (spec, name)
    start, end = 0, len(lines)
    for kind, label in tokens:
        found = None
        for idx, (k, lab, rank, line) in enumerate(hs):
            if start <= line < end and k == kind and (lab == label or (kind == "box" and label == "")):
                found = idx
                break
        if found is None:
            return None, "section %r: no %s %s inside lines %d-%d of %s" % (spec, kind, label or "", start + 1, end, name)
        k, lab, rank, line = hs[found]
        stop = end
        for k2, _, rank2, line2 in hs[found + 1:]:
            if line2 >= end:
                break
            if rank2 <= rank and not (k == "table" and k2 != "end" and k2 != "head"):
                stop = line2
                break
        start, end = line, stop
    return (start, end), None


def section_text(name, spec):
    span, problem = section_span(name, spec)
    if problem:
        return None, problem
    lines = clean_lines(read_doc(name))
    return squash("".join(lines[span[0]:span[1]])), None


def quote_in_section(where, source, section, quote):
    """Errors for a quote that is not in the document, or not inside the section it names."""
    try:
        whole = squash("".join(clean_lines(read_doc(source))))
    except OSError:
        err("%s: source %s not found in %s" % (where, source, REF_DIR))
        return
    if squash(quote) not in whole:
        err("%s: quote not found in %s: %r" % (where, source, quote))
        return
    text, problem = section_text(source, section)
    if problem:
        err("%s: %s" % (where, problem))
    elif squash(quote) not in text:
        err("%s: quote is in %s but not in its section %s: %r" % (where, source, section, quote))


# --------------------------------------------------------------------------- 004 star tables
def parse_cluster_tables(path=None):
    """Parse the tab-separated city-by-cluster tables at the end of 004, and the legend each table uses.

    Each table has a header row listing the 21 cities ("\t广州\t深圳\t...\t云浮\t"); the rows below it start
    with "N. 集群名" followed by 21 star cells (empty cell = no star) and the number of rated cities.
    Returns ([{number, name, table, ratings{city: stars}}] by number, {table: {stars: tier}}).

    The legends disagree: 附件1's 说明 says ★★★ core, ★★ key, ★ general, which is what table 1 (clusters 1-10)
    uses; table 2 (clusters 11-20) uses ★★★★/★★/★ and no ★★★; the map legend says ★★★★/★★★/★★. Table 1 is read
    by the 说明, table 2 by rank of its three star counts (most stars = core), the only reading under which each
    of its cells has a tier; the map legend fits neither table's cells.
    """
    text = read_doc(DOC_004) if path is None else open(path, encoding="utf-8").read()
    lines = text.split("\n")
    clusters = {}
    i = 0
    table = 0
    while i < len(lines):
        cells = lines[i].split("\t")
        if len(cells) >= 22 and cells[0].strip() == "" and cells[1].strip() == "广州":
            cities = [c.strip() for c in cells[1:22]]
            if sorted(cities) != sorted(CITY_CODES.values()):
                raise ValueError("004 line %d: header does not list the 21 cities: %r" % (i + 1, cities))
            table += 1
            j = i + 1
            while j < len(lines):
                row = lines[j].split("\t")
                m = re.match(r"^\s*(\d+)\.\s*(\S.*?)\s*$", row[0])
                if not m:
                    break
                number, name = int(m.group(1)), m.group(2)
                if len(row) != 23:
                    raise ValueError("004 line %d: %d columns, expected 23 (name + 21 cities + count)" % (j + 1, len(row)))
                ratings = {}
                for city, cell in zip(cities, row[1:22]):
                    cell = cell.strip()
                    if cell == "":
                        continue
                    if set(cell) != {"★"}:
                        raise ValueError("004 line %d: unexpected cell %r for %s" % (j + 1, cell, city))
                    ratings[city] = len(cell)
                declared = row[22].strip()
                if not declared.isdigit() or int(declared) != len(ratings):
                    raise ValueError("004 line %d: %s declares %r rated cities, parsed %d" % (j + 1, name, declared, len(ratings)))
                if number in clusters:
                    raise ValueError("004 line %d: cluster number %d seen twice" % (j + 1, number))
                ordered = {c: ratings[c] for c in cities if c in ratings}
                clusters[number] = {"number": number, "name": name, "table": table, "ratings": ordered}
                j += 1
            i = j
            continue
        i += 1
    if table == 0:
        raise ValueError("004: no header row listing the 21 cities found")
    legends = {}
    note = re.search(r"说明：产业集群区域布局的重要程度用★的数量表示，其中(★+)标注核心城市，(★+)标注重点城市，(★+)标注一般城市",
                     squash(text))
    if not note:
        raise ValueError("004: the 说明 of 附件1 naming 核心/重点/一般 cities was not found")
    stated = {len(note.group(1)): "CORE", len(note.group(2)): "KEY", len(note.group(3)): "GENERAL"}
    for t in range(1, table + 1):
        used = sorted({s for c in clusters.values() if c["table"] == t for s in c["ratings"].values()}, reverse=True)
        if set(used) <= set(stated):
            legends[t] = dict(stated)
        elif len(used) == 3:
            legends[t] = dict(zip(used, ["CORE", "KEY", "GENERAL"]))
        else:
            raise ValueError("004: table %d uses star counts %s, which fit neither the 说明 nor a three-tier rank" % (t, used))
    return [clusters[n] for n in sorted(clusters)], legends


def cluster_yaml(clusters, legends):
    out = [
        "# ChainAtlas geography seed: city-by-cluster star ratings, parsed by check_seeds.py --write-geo from the",
        "# tab-separated tables at the end of 004 (附件1 “十四五”时期全省制造业总体空间布局图). Do not edit by hand.",
        "# Stars become tiers per table: 附件1's 说明 says ★★★ 核心城市, ★★ 重点城市, ★ 一般城市, which table 1",
        "# (clusters 1-10, 战略性支柱产业) uses; table 2 (11-20, 战略性新兴产业) uses ★★★★/★★/★ and no ★★★, read",
        "# by rank as 核心/重点/一般. `chains`: the chains whose final products 004 names in the cluster (the",
        "# passage for each is in check_seeds.py, CLUSTER_CHAINS). Only cities with at least one star are listed.",
        "source: %s" % DOC_004,
        "legends:",
    ]
    for t in sorted(legends):
        out.append("  %d: {%s}" % (t, ", ".join("%d: %s" % (s, legends[t][s]) for s in sorted(legends[t], reverse=True))))
    out.append("clusters:")
    for c in clusters:
        chains = [ch for ch, _, _ in CLUSTER_CHAINS.get(c["number"], [])]
        out.append("  - number: %d" % c["number"])
        out.append("    name: %s" % c["name"])
        out.append("    table: %d" % c["table"])
        out.append("    chains: [%s]" % ", ".join(chains))
        out.append("    ratings: {%s}" % ", ".join("%s: %d" % (k, v) for k, v in c["ratings"].items()))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- 003 table 1
def parse_district_table():
    """{district name: (合计, [seven industry cells, None for '-'])} from 003 表1."""
    text = read_doc(DOC_003)
    start = text.index("表 1 2022 年广州市现代高端装备企业的地区和行业分布")
    block = text[start:start + 3000]
    header = squash(block[:block.index("白云区")])
    expected = "市属行政区域" + "".join(DISTRICT_INDUSTRIES) + "合计"
    if expected not in header:
        raise ValueError("003 table 1: the header does not spell the expected columns %s" % DISTRICT_INDUSTRIES)
    result = {}
    for line in block.split("\n"):
        m = re.match(r"^\s*(\S+区)\s+((?:[\d-]+\s+){7})(\d+)\s*$", line)
        if m:
            cells = [None if c == "-" else int(c) for c in m.group(2).split()]
            total = int(m.group(3))
            s = sum(c for c in cells if c is not None)
            if s != total:
                raise ValueError("003 table 1: %s row sums to %d, 合计 says %d" % (m.group(1), s, total))
            result[m.group(1)] = (total, cells)
    return result


# --------------------------------------------------------------------------- sources
def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def check_sources(doc):
    """The cited documents: each citation element must be in the document's own text."""
    sources = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        err("%s: top level must be `sources:` with a list" % SOURCES_FILE)
        return sources
    for s in doc["sources"]:
        where = "%s:%s" % (SOURCES_FILE, s.get("file") if isinstance(s, dict) else s)
        if not isinstance(s, dict):
            err("%s: not a mapping" % where)
            continue
        for k in s:
            if k not in SOURCE_KEYS:
                err("%s: unexpected key %r" % (where, k))
        for k in ("file", "label", "type", "scope", "citation", "short", "title"):
            if not isinstance(s.get(k), str) or not s.get(k).strip():
                err("%s: %s missing (every cited document needs its citation)" % (where, k))
        if not isinstance(s.get("draft"), bool):
            err("%s: draft must be true or false" % where)
        scope = s.get("scope")
        if scope != "province" and scope not in CITY_CODES:
            err("%s: unknown scope %r (province or a city code of cities.yaml)" % (where, scope))
        try:
            text = squash("".join(clean_lines(read_doc(s.get("file", "")))))
        except OSError:
            err("%s: document not found in %s" % (where, REF_DIR))
            continue
        citation = squash(s.get("citation") or "")
        elements = [("title", s.get("title"))] + [("issuer", i) for i in s.get("issuers") or []]
        elements += [(k, s.get(k)) for k in ("number", "date") if s.get(k)]
        for k, v in elements:
            if not isinstance(v, str) or not v:
                err("%s: %s must be a non-empty string" % (where, k))
                continue
            if squash(v) not in text:
                err("%s: %s %r is not what the document states" % (where, k, v))
            if squash(v) not in citation:
                err("%s: the citation leaves out the %s %r" % (where, k, v))
        for v in s.get("stated") or []:
            if squash(v) not in text:
                err("%s: %r is not in the document's text" % (where, v))
            if squash(v) not in citation:
                err("%s: the citation leaves out %r" % (where, v))
        if s.get("draft") is True and ("征求意见稿" not in text or "征求意见稿" not in citation):
            err("%s: a draft must say 征求意见稿 in the document and in the citation" % where)
        if s.get("draft") is False and "征求意见稿" in (s.get("title") or ""):
            err("%s: the title says 征求意见稿 but draft is false" % where)
        if re.search(r"\d{3}_[0-9a-f]{16}", s.get("citation", "") + s.get("short", "")):
            err("%s: a citation names the document, never its file" % where)
        sources[s.get("file")] = s
    return sources


# --------------------------------------------------------------------------- chains
def check_str_list(where, value, field):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err("%s: %s must be a list of strings, got %r" % (where, field, value))
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return value


def check_chains():
    files = sorted(f for f in os.listdir(CHAINS_DIR) if f.endswith(".yaml"))
    expected = [SOURCES_FILE, "00-common.yaml", "01-cnc-machine-tools.yaml", "02-offshore-equipment.yaml",
                "03-aviation.yaml", "04-satellite.yaml", "05-rail-transit.yaml", "06-robot.yaml",
                "07-laser-additive.yaml", "08-semiconductor-equipment.yaml"]
    for f in expected:
        if f not in files:
            err("missing chain file %s" % f)
    nodes = {}      # code -> node dict
    node_file = {}  # code -> file
    chains = {}     # chain code -> chain dict
    sources = {}
    for fname in files:
        doc = load_yaml(os.path.join(CHAINS_DIR, fname))
        if fname == SOURCES_FILE:
            sources = check_sources(doc)
            continue
        if not isinstance(doc, dict):
            err("%s: not a mapping" % fname)
            continue
        allowed = {"nodes"} if fname.startswith("00-") else {"chain", "nodes"}
        for k in doc:
            if k not in allowed:
                err("%s: unexpected top-level key %r" % (fname, k))
        if not fname.startswith("00-"):
            ch = doc.get("chain")
            if not isinstance(ch, dict):
                err("%s: missing chain:" % fname)
            else:
                for k in ch:
                    if k not in CHAIN_KEYS:
                        err("%s: unexpected chain key %r" % (fname, k))
                for k in ("code", "name", "nameEn"):
                    if not isinstance(ch.get(k), str) or not ch.get(k):
                        err("%s: chain.%s missing" % (fname, k))
                ch["roots"] = check_str_list(fname + " chain", ch.get("roots"), "roots")
                if not ch["roots"]:
                    err("%s: chain.roots is empty" % fname)
                if ch.get("code") in chains:
                    err("%s: chain code %s defined twice" % (fname, ch.get("code")))
                chains[ch.get("code")] = dict(ch, file=fname)
        for n in doc.get("nodes") or []:
            where = "%s:%s" % (fname, n.get("code") if isinstance(n, dict) else n)
            if not isinstance(n, dict):
                err("%s: node is not a mapping" % where)
                continue
            for k in n:
                if k not in NODE_KEYS:
                    err("%s: unexpected key %r" % (where, k))
            code = n.get("code")
            if not isinstance(code, str) or not CODE_RE.match(code):
                err("%s: bad code %r" % (where, code))
                continue
            if code in nodes:
                err("%s: duplicate code (also in %s)" % (where, node_file[code]))
                continue
            for k in ("name", "nameEn"):
                if not isinstance(n.get(k), str) or not n.get(k).strip():
                    err("%s: %s missing" % (where, k))
            if n.get("level") not in LEVELS:
                err("%s: level %r not one of %s" % (where, n.get("level"), sorted(LEVELS)))
            n["aliases"] = check_str_list(where, n.get("aliases"), "aliases")
            n["parts"] = check_str_list(where, n.get("parts"), "parts")
            n["substitutes"] = check_str_list(where, n.get("substitutes"), "substitutes")
            priors = n.get("priors") or []
            if not isinstance(priors, list):
                err("%s: priors must be a list" % where)
                priors = []
            good = []
            for p in priors:
                if not isinstance(p, dict) or not PRIOR_REQUIRED <= set(p) or not set(p) <= PRIOR_KEYS:
                    err("%s: a prior needs source/section/quote/kind/scope (and may have chain, droppedBy): %r" % (where, p))
                    continue
                if not all(isinstance(p[k], str) and p[k] for k in ("source", "section", "quote", "kind", "scope")):
                    err("%s: prior fields must be non-empty strings: %r" % (where, p))
                    continue
                good.append(p)
            n["priors"] = good
            nodes[code] = n
            node_file[code] = fname

    if sorted(chains) != sorted(CHAIN_CODES):
        err("chain codes %s, expected %s" % (sorted(chains), sorted(CHAIN_CODES)))

    # references
    for code, n in nodes.items():
        for field in ("parts", "substitutes"):
            seen = set()
            for ref in n[field]:
                if ref not in nodes:
                    err("%s:%s: %s references undefined %s" % (node_file[code], code, field, ref))
                if ref == code:
                    err("%s:%s: %s references itself" % (node_file[code], code, field))
                if ref in seen:
                    err("%s:%s: %s lists %s twice" % (node_file[code], code, field, ref))
                seen.add(ref)
    for cc, ch in chains.items():
        for r in ch["roots"]:
            if r not in nodes:
                err("%s: root %s undefined" % (ch["file"], r))
            elif nodes[r]["level"] not in ROOT_LEVELS:
                warn("%s: root %s has level %s (not 整机 or 软件)" % (ch["file"], r, nodes[r]["level"]))
        if len(set(ch["roots"])) != len(ch["roots"]):
            err("%s: duplicate roots" % ch["file"])

    # cycles in the part-of graph (iterative DFS, colours)
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {c: WHITE for c in nodes}
    for start in nodes:
        if colour[start] != WHITE:
            continue
        stack = [(start, iter(nodes[start]["parts"]))]
        path = [start]
        colour[start] = GREY
        while stack:
            cur, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[cur] = BLACK
                stack.pop()
                path.pop()
                continue
            if nxt not in nodes:
                continue
            if colour[nxt] == GREY:
                err("cycle in parts: %s" % " -> ".join(path[path.index(nxt):] + [nxt]))
            elif colour[nxt] == WHITE:
                colour[nxt] = GREY
                path.append(nxt)
                stack.append((nxt, iter(nodes[nxt]["parts"])))

    # aliases: unique across nodes, not generic
    owner = {}
    for code, n in nodes.items():
        words = [("name", n.get("name") or "")] + [("alias", a) for a in n["aliases"]]
        mine = set()
        for kind, w in words:
            key = norm_alias(w)
            if not key:
                err("%s: empty %s" % (code, kind))
                continue
            if kind == "alias" and (key in GENERIC or (len(key) < 2)):
                err("%s: alias %r is too generic" % (code, w))
            if kind == "alias" and re.fullmatch(r"[a-z0-9]{1,2}", key):
                err("%s: alias %r is too short" % (code, w))
            if key in mine:
                if kind == "alias":
                    warn("%s: alias %r repeats the name or another alias of the same node" % (code, w))
                continue
            mine.add(key)
            if key in owner and owner[key] != code:
                err("alias/name %r used by both %s and %s" % (w, owner[key], code))
            else:
                owner[key] = code

    # chain membership = roots + descendants
    def closure(roots):
        seen, todo = set(), [r for r in roots if r in nodes]
        while todo:
            c = todo.pop()
            if c in seen:
                continue
            seen.add(c)
            todo.extend(p for p in nodes[c]["parts"] if p in nodes)
        return seen

    member = {cc: closure(ch["roots"]) for cc, ch in chains.items()}
    covered = set().union(*member.values()) if member else set()
    for code in nodes:
        if code not in covered:
            err("%s:%s is not reachable from any chain root" % (node_file[code], code))

    # priors
    prior_count = 0
    for code, n in nodes.items():
        where_node = "%s:%s" % (node_file[code], code)
        for p in n["priors"]:
            prior_count += 1
            where = "%s prior %s %s" % (where_node, p["source"][:3], p["section"])
            src = sources.get(p["source"])
            if src is None:
                err("%s: %s has no citation in %s" % (where, p["source"], SOURCES_FILE))
            quote_in_section(where, p["source"], p["section"], p["quote"])
            if p["kind"] not in KINDS:
                err("%s: kind %r is none of %s" % (where, p["kind"], sorted(KINDS)))
            scope = p["scope"]
            if scope != "province" and scope not in CITY_CODES:
                err("%s: unknown scope %r (province or a city code)" % (where, scope))
            elif src is not None and src.get("scope") != "province" and scope != src.get("scope"):
                err("%s: scope %s, but %s covers %s only" % (where, scope, src.get("label"), src.get("scope")))
            chain = p.get("chain")
            if chain is not None:
                if chain not in chains:
                    err("%s: unknown chain %r" % (where, chain))
                elif code not in member[chain]:
                    err("%s: %s is not in chain %s, so a prior about that chain never applies" % (where, code, chain))
            d = p.get("droppedBy")
            if d is not None:
                if not isinstance(d, dict) or set(d) != DROPPED_KEYS or not all(isinstance(v, str) and v for v in d.values()):
                    err("%s: droppedBy needs source/section/quote/word: %r" % (where, d))
                    continue
                if src is not None and not src.get("draft"):
                    err("%s: droppedBy on a statement that is not from a draft" % where)
                later = sources.get(d["source"])
                if later is None or later.get("draft"):
                    err("%s: droppedBy must name a cited, final document" % where)
                quote_in_section(where + " droppedBy", d["source"], d["section"], d["quote"])
                if squash(d["word"]) not in squash(p["quote"]):
                    err("%s: droppedBy word %r is not in the draft's quote" % (where, d["word"]))
                for w in [d["word"], n.get("name") or ""] + n["aliases"]:
                    if w and squash(w) in squash(d["quote"]):
                        err("%s: the later passage still names %r, so the statement was not dropped" % (where, w))

    for c in MUST_HAVE:
        if c not in nodes:
            err("must-have node %s missing" % c)
        elif not nodes[c]["priors"]:
            err("must-have node %s has no prior" % c)
    if len(nodes) < MIN_NODES:
        err("only %d nodes, need >= %d" % (len(nodes), MIN_NODES))
    return nodes, chains, member, prior_count, sources


# --------------------------------------------------------------------------- geo
def check_geo():
    path = os.path.join(GEO_DIR, "cities.yaml")
    doc = load_yaml(path)
    regions = {r.get("code"): r.get("name") for r in doc.get("regions") or []}
    if regions != {"PRD": "珠三角", "EAST": "沿海经济带东翼", "WEST": "沿海经济带西翼", "NORTH": "北部生态发展区"}:
        err("cities.yaml: regions %r" % regions)
    cities = doc.get("cities") or []
    if len(cities) != 21:
        err("cities.yaml: %d cities, expected 21" % len(cities))
    got = {}
    for c in cities:
        if set(c) != {"code", "name", "nameEn", "region"}:
            err("cities.yaml: city keys %r" % sorted(c))
        if not isinstance(c.get("code"), str):
            err("cities.yaml: city code must be a string: %r" % c)
        got[c.get("code")] = c
        if CITY_CODES.get(c.get("code")) != c.get("name"):
            err("cities.yaml: %r does not match expected code/name" % c)
        region_cities = CITY_REGION.get(c.get("region"), [])
        if c.get("name") not in region_cities:
            err("cities.yaml: %s is not in region %s" % (c.get("name"), c.get("region")))
    if set(got) != set(CITY_CODES):
        err("cities.yaml: city codes differ: missing %s" % sorted(set(CITY_CODES) - set(got)))
    if doc.get("industries") != DISTRICT_INDUSTRIES:
        err("cities.yaml: industries %r, 003 表1's columns are %r" % (doc.get("industries"), DISTRICT_INDUSTRIES))
    districts = doc.get("districts") or []
    if len(districts) != 11:
        err("cities.yaml: %d districts, expected 11" % len(districts))
    table = parse_district_table()
    for d in districts:
        if not set(d) <= {"code", "name", "city", "enterprises", "byIndustry"}:
            err("cities.yaml: district keys %r" % sorted(d))
        if DISTRICT_CODES.get(d.get("code")) != d.get("name"):
            err("cities.yaml: district %r does not match expected code/name" % d)
        if d.get("city") != "440100":
            err("cities.yaml: district %s city %r" % (d.get("name"), d.get("city")))
        if d.get("name") in table:
            total, cells = table[d["name"]]
            if d.get("enterprises") != total:
                err("cities.yaml: %s enterprises %r, 003 table 1 says %d" % (d["name"], d.get("enterprises"), total))
            if d.get("byIndustry") != cells:
                err("cities.yaml: %s byIndustry %r, 003 table 1 says %r ('-' = null)" % (d["name"], d.get("byIndustry"), cells))
        elif "enterprises" in d or "byIndustry" in d:
            err("cities.yaml: %s has counts but 003 table 1 has no row" % d.get("name"))

    # cluster ratings
    path = os.path.join(GEO_DIR, "cluster-ratings.yaml")
    if not os.path.exists(path):
        err("missing %s (run with --write-geo)" % path)
        return cities, districts, []
    doc = load_yaml(path)
    if doc.get("source") != DOC_004:
        err("cluster-ratings.yaml: source %r" % doc.get("source"))
    parsed_list, legends = parse_cluster_tables()
    parsed = {c["number"]: c for c in parsed_list}
    if {int(k): {int(s): t for s, t in v.items()} for k, v in (doc.get("legends") or {}).items()} != legends:
        err("cluster-ratings.yaml: legends %r, 004's tables give %r" % (doc.get("legends"), legends))
    clusters = doc.get("clusters") or []
    numbers = [c.get("number") for c in clusters]
    if sorted(numbers) != sorted(parsed):
        err("cluster-ratings.yaml: cluster numbers %s, 004 has %s" % (numbers, sorted(parsed)))
    for n in range(11, 21):
        if n not in numbers:
            err("cluster-ratings.yaml: cluster %d missing" % n)
    for c in clusters:
        p = parsed.get(c.get("number"))
        if not p:
            continue
        if c.get("name") != p["name"]:
            err("cluster %s: name %r, 004 says %r" % (c.get("number"), c.get("name"), p["name"]))
        if c.get("table") != p["table"]:
            err("cluster %s: table %r, 004 has it in table %d" % (c.get("number"), c.get("table"), p["table"]))
        if (c.get("ratings") or {}) != p["ratings"]:
            err("cluster %s: ratings differ from 004: %r vs %r" % (c.get("number"), c.get("ratings"), p["ratings"]))
        expected = [ch for ch, _, _ in CLUSTER_CHAINS.get(c.get("number"), [])]
        if (c.get("chains") or []) != expected:
            err("cluster %s: chains %r, expected %r" % (c.get("number"), c.get("chains"), expected))
        for city in (c.get("ratings") or {}):
            if city not in CITY_CODES.values():
                err("cluster %s: unknown city %r" % (c.get("number"), city))
    for number, mappings in CLUSTER_CHAINS.items():
        for chain, section, quote in mappings:
            if chain not in CHAIN_CODES:
                err("cluster %d: unknown chain %s" % (number, chain))
            quote_in_section("cluster %d -> %s" % (number, chain), DOC_004, section, quote)
    return cities, districts, clusters


def main(argv):
    if not os.path.isdir(REF_DIR):
        print("ERROR: the policy documents are not at %s (set REFERENCE_DIR to the folder holding 000_…txt "
              "to 004_…txt); without them no quote, section or citation can be checked" % os.path.abspath(REF_DIR))
        print("FAILED (reference documents missing)")
        return 1
    if "--write-geo" in argv:
        clusters, legends = parse_cluster_tables()
        out = os.path.join(GEO_DIR, "cluster-ratings.yaml")
        with open(out, "w", encoding="utf-8") as f:
            f.write(cluster_yaml(clusters, legends))
        print("wrote %s (%d clusters)" % (out, len(clusters)))

    nodes, chains, member, prior_count, sources = check_chains()
    cities, districts, clusters = check_geo()

    levels = defaultdict(int)
    for n in nodes.values():
        levels[n.get("level")] += 1
    print("nodes: %d  (%s)" % (len(nodes), ", ".join("%s %d" % (k, levels[k]) for k in ["整机", "系统", "部件", "零件", "材料", "软件"])))
    for cc in CHAIN_CODES:
        if cc in chains:
            print("  %-9s %-12s roots %2d  nodes %3d" % (cc, chains[cc]["name"], len(chains[cc]["roots"]), len(member[cc])))
    shared = sum(1 for c in nodes if sum(c in m for m in member.values()) > 1)
    print("nodes in more than one chain: %d" % shared)
    print("aliases: %d" % sum(len(n["aliases"]) for n in nodes.values()))
    by_kind = defaultdict(int)
    for n in nodes.values():
        for p in n["priors"]:
            by_kind[p["kind"]] += 1
    print("priors: %d on %d nodes (%s); cited documents: %d" % (
        prior_count, sum(1 for n in nodes.values() if n["priors"]),
        ", ".join("%s %d" % (KINDS.get(k, k), v) for k, v in sorted(by_kind.items())), len(sources)))
    print("cities: %d  districts: %d  clusters: %d" % (len(cities), len(districts), len(clusters)))
    for w in warnings:
        print("WARNING: " + w)
    for e in errors:
        print("ERROR: " + e)
    print("FAILED (%d errors)" % len(errors) if errors else "OK")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
