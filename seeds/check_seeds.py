#!/usr/bin/env python3
"""Validate the ChainAtlas seed files (seeds/chains/*.yaml, seeds/geo/*.yaml).

Usage:
    python3 seeds/check_seeds.py               # check everything, print counts; exit 1 on any error
    python3 seeds/check_seeds.py --write-geo   # (re)generate seeds/geo/cluster-ratings.yaml from 004, then check

Environment: REFERENCE_DIR overrides the policy-document folder (default ../shared/reference beside the repository).

Chain checks: unique node codes across all files; every code in roots/parts/substitutes is defined;
no cycle in the part-of graph; levels valid; every alias/name belongs to one node only (case-insensitive,
whitespace-insensitive) and is not a bare generic word; every node is reachable from some chain root;
every prior quote occurs in /work/shared/reference/<source> (compared with all whitespace removed on both
sides, because the documents are hard-wrapped); the must-have codes exist; >= 150 nodes.
Geo checks: 4 regions, 21 cities with the expected codes, 11 Guangzhou districts whose `enterprises`
equal 003's table 1, and cluster-ratings.yaml equal to a fresh parse of 004's star tables.
"""
import os
import re
import sys
from collections import defaultdict

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("PyYAML is required: pip install pyyaml")

SEEDS = os.path.dirname(os.path.abspath(__file__))
CHAINS_DIR = os.path.join(SEEDS, "chains")
GEO_DIR = os.path.join(SEEDS, "geo")
REF_DIR = os.environ.get("REFERENCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "reference"))
DOC_004 = "004_3b6d5ab2f1885d00.txt"
DOC_003 = "003_5c0cf2cb3d1ad0ca.txt"

LEVELS = {"整机", "系统", "部件", "零件", "材料", "软件"}
CHAIN_CODES = ["CNC", "OFFSHORE", "AVIATION", "SATELLITE", "RAIL", "ROBOT", "LASER", "SEMI"]
MUST_HAVE = ["CNC_SYSTEM", "ELECTRIC_SPINDLE", "GRATING_SCALE", "BEARING", "BALL_SCREW", "SUBSEA_CABLE", "GEARBOX"]
MIN_NODES = 150
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
# words too generic to classify a product description on their own
GENERIC = {
    "系统", "设备", "装备", "装置", "电机", "马达", "部件", "零件", "零部件", "配件", "材料", "软件", "控制器",
    "芯片", "电缆", "天线", "机器人", "模块", "模组", "平台", "器件", "机床", "叶片", "泵", "阀门", "阀",
    "风机", "变流器", "变压器", "配电箱", "轮毂", "腔体", "涂布机", "喷淋头", "断路器", "电源", "发动机",
    "传感器模块", "控制系统", "驱动器", "电子", "产品", "工具", "仪器", "仪表", "机械", "自动化",
    "system", "equipment", "motor", "device", "module", "part", "parts", "software", "controller",
}
NODE_KEYS = {"code", "name", "nameEn", "level", "aliases", "substitutes", "parts", "priors"}
PRIOR_KEYS = {"source", "section", "quote"}
CHAIN_KEYS = {"code", "name", "nameEn", "roots"}

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
# which of our chains each numbered cluster of 004 covers
CLUSTER_CHAINS = {11: ["SEMI"], 12: ["CNC", "OFFSHORE", "AVIATION", "SATELLITE", "RAIL"], 13: ["ROBOT"], 17: ["LASER"]}

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


def section_in_doc(section, doc):
    """`一（二）` = heading `一、` followed later by `（二）`; `5.1` = a literal heading number."""
    flat = squash(doc)
    m = re.fullmatch(r"([一二三四五六七八九十]+)(（[一二三四五六七八九十]+）)", squash(section))
    if m:
        top = flat.find(m.group(1) + "、")
        return top >= 0 and flat.find(m.group(2), top) >= 0
    return squash(section) in flat


_doc_cache = {}


def read_doc(name):
    if name not in _doc_cache:
        path = os.path.join(REF_DIR, name)
        with open(path, encoding="utf-8") as f:
            _doc_cache[name] = f.read()
    return _doc_cache[name]


# --------------------------------------------------------------------------- 004 star tables
def parse_cluster_tables(path=None):
    """Parse the tab-separated city-by-cluster tables at the end of 004.

    Each table has a header row listing the 21 cities ("\t广州\t深圳\t...\t云浮\t"); the rows below it start
    with "N. 集群名" followed by 21 star cells (empty cell = no star) and the number of rated cities.
    Returns a list of {number, name, ratings{city: stars}} ordered by number.
    """
    text = read_doc(DOC_004) if path is None else open(path, encoding="utf-8").read()
    lines = text.split("\n")
    clusters = {}
    i = 0
    headers = 0
    while i < len(lines):
        cells = lines[i].split("\t")
        if len(cells) >= 22 and cells[0].strip() == "" and cells[1].strip() == "广州":
            cities = [c.strip() for c in cells[1:22]]
            if sorted(cities) != sorted(CITY_CODES.values()):
                raise ValueError("004 line %d: header does not list the 21 cities: %r" % (i + 1, cities))
            headers += 1
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
                clusters[number] = {"number": number, "name": name, "ratings": ordered}
                j += 1
            i = j
            continue
        i += 1
    if headers == 0:
        raise ValueError("004: no header row listing the 21 cities found")
    return [clusters[n] for n in sorted(clusters)]


def cluster_yaml(clusters):
    out = [
        "# ChainAtlas geography seed: city-by-cluster star ratings, parsed by check_seeds.py --write-geo from the",
        "# tab-separated tables at the end of 004 (附件1 “十四五”时期全省制造业总体空间布局图).",
        "# Clusters 1-10 (战略性支柱产业) use ★★★ core / ★★ key / ★ general; clusters 11-20 (战略性新兴产业)",
        "# use ★★★★ core / ★★ key / ★ general. Only cities with at least one star are listed.",
        "source: %s" % DOC_004,
        "clusters:",
    ]
    for c in clusters:
        chains = CLUSTER_CHAINS.get(c["number"], [])
        out.append("  - number: %d" % c["number"])
        out.append("    name: %s" % c["name"])
        out.append("    chains: [%s]" % ", ".join(chains))
        out.append("    ratings: {%s}" % ", ".join("%s: %d" % (k, v) for k, v in c["ratings"].items()))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- 003 table 1
def parse_district_table():
    """{district name: 合计} from 003 表1 (rows "白云区 46 28 5 74 45 10 - 208")."""
    text = read_doc(DOC_003)
    start = text.index("表 1 2022 年广州市现代高端装备企业的地区和行业分布")
    result = {}
    for line in text[start:start + 3000].split("\n"):
        m = re.match(r"^\s*(\S+区)\s+((?:[\d-]+\s+){7})(\d+)\s*$", line)
        if m:
            cells = m.group(2).split()
            total = int(m.group(3))
            s = sum(int(c) for c in cells if c != "-")
            if s != total:
                raise ValueError("003 table 1: %s row sums to %d, 合计 says %d" % (m.group(1), s, total))
            result[m.group(1)] = total
    return result


# --------------------------------------------------------------------------- chains
def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def check_str_list(where, value, field):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        err("%s: %s must be a list of strings, got %r" % (where, field, value))
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return value


def check_chains():
    files = sorted(f for f in os.listdir(CHAINS_DIR) if f.endswith(".yaml"))
    expected = ["00-common.yaml", "01-cnc-machine-tools.yaml", "02-offshore-equipment.yaml", "03-aviation.yaml",
                "04-satellite.yaml", "05-rail-transit.yaml", "06-robot.yaml", "07-laser-additive.yaml",
                "08-semiconductor-equipment.yaml"]
    for f in expected:
        if f not in files:
            err("missing chain file %s" % f)
    nodes = {}      # code -> node dict
    node_file = {}  # code -> file
    chains = {}     # chain code -> chain dict
    for fname in files:
        doc = load_yaml(os.path.join(CHAINS_DIR, fname))
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
            for p in priors:
                if not isinstance(p, dict) or set(p) != PRIOR_KEYS or not all(isinstance(p[k], str) and p[k] for k in PRIOR_KEYS):
                    err("%s: prior must have exactly source/section/quote strings: %r" % (where, p))
            n["priors"] = [p for p in priors if isinstance(p, dict) and set(p) == PRIOR_KEYS]
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
            elif nodes[r]["level"] != "整机":
                warn("%s: root %s has level %s (not 整机)" % (ch["file"], r, nodes[r]["level"]))
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

    # priors
    prior_count = 0
    for code, n in nodes.items():
        for p in n["priors"]:
            prior_count += 1
            try:
                doc = read_doc(p["source"])
            except OSError:
                err("%s: prior source %s not found in %s" % (code, p["source"], REF_DIR))
                continue
            if squash(p["quote"]) not in squash(doc):
                err("%s: prior quote not found in %s: %r" % (code, p["source"], p["quote"]))
            if not section_in_doc(p["section"], doc):
                warn("%s: section %r not found as a heading in %s" % (code, p["section"], p["source"]))

    for c in MUST_HAVE:
        if c not in nodes:
            err("must-have node %s missing" % c)
        elif not nodes[c]["priors"]:
            err("must-have node %s has no prior" % c)
    if len(nodes) < MIN_NODES:
        err("only %d nodes, need >= %d" % (len(nodes), MIN_NODES))

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
    return nodes, chains, member, prior_count


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
    districts = doc.get("districts") or []
    if len(districts) != 11:
        err("cities.yaml: %d districts, expected 11" % len(districts))
    table = parse_district_table()
    for d in districts:
        if not set(d) <= {"code", "name", "city", "enterprises"}:
            err("cities.yaml: district keys %r" % sorted(d))
        if DISTRICT_CODES.get(d.get("code")) != d.get("name"):
            err("cities.yaml: district %r does not match expected code/name" % d)
        if d.get("city") != "440100":
            err("cities.yaml: district %s city %r" % (d.get("name"), d.get("city")))
        if d.get("name") in table:
            if d.get("enterprises") != table[d["name"]]:
                err("cities.yaml: %s enterprises %r, 003 table 1 says %d" % (d["name"], d.get("enterprises"), table[d["name"]]))
        elif "enterprises" in d:
            err("cities.yaml: %s has enterprises but 003 table 1 has no row" % d.get("name"))

    # cluster ratings
    path = os.path.join(GEO_DIR, "cluster-ratings.yaml")
    if not os.path.exists(path):
        err("missing %s (run with --write-geo)" % path)
        return cities, districts, []
    doc = load_yaml(path)
    if doc.get("source") != DOC_004:
        err("cluster-ratings.yaml: source %r" % doc.get("source"))
    parsed = {c["number"]: c for c in parse_cluster_tables()}
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
        if (c.get("ratings") or {}) != p["ratings"]:
            err("cluster %s: ratings differ from 004: %r vs %r" % (c.get("number"), c.get("ratings"), p["ratings"]))
        if (c.get("chains") or []) != CLUSTER_CHAINS.get(c.get("number"), []):
            err("cluster %s: chains %r, expected %r" % (c.get("number"), c.get("chains"), CLUSTER_CHAINS.get(c.get("number"), [])))
        for city in (c.get("ratings") or {}):
            if city not in CITY_CODES.values():
                err("cluster %s: unknown city %r" % (c.get("number"), city))
    return cities, districts, clusters


def main(argv):
    if "--write-geo" in argv:
        clusters = parse_cluster_tables()
        out = os.path.join(GEO_DIR, "cluster-ratings.yaml")
        with open(out, "w", encoding="utf-8") as f:
            f.write(cluster_yaml(clusters))
        print("wrote %s (%d clusters)" % (out, len(clusters)))

    nodes, chains, member, prior_count = check_chains()
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
    print("priors: %d on %d nodes" % (prior_count, sum(1 for n in nodes.values() if n["priors"])))
    print("cities: %d  districts: %d  clusters: %d" % (len(cities), len(districts), len(clusters)))
    for w in warnings:
        print("WARNING: " + w)
    for e in errors:
        print("ERROR: " + e)
    print("FAILED (%d errors)" % len(errors) if errors else "OK")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
