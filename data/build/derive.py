#!/usr/bin/env python3
"""Derive dyad's lexicon data files from the shared reference data.

Run from the repository root (or anywhere):  python3 data/build/derive.py

Reads ../shared/data relative to the repository (override with DYAD_SHARED=path)
and (re)writes the TSV files in data/.  Standard library only.  This is a
developer tool: nothing in the engine runs it at build or run time.
"""

import collections
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
REPO = os.path.dirname(DATA)
SHARED = os.environ.get("DYAD_SHARED") or os.path.join(os.path.dirname(REPO), "shared", "data")

COUNTRYINFO = os.path.join(SHARED, "countryinfo", "CountryInfo.txt")
NATIONALITIES = os.path.join(SHARED, "countryinfo", "nationalities.csv")
P2 = os.path.join(SHARED, "petrarch2")
EWT = os.path.join(SHARED, "ud-ewt", "en_ewt-ud-train.conllu")
CAMEO_CODES = os.path.join(SHARED, "cameo", "cameo-codes.csv")
C2P = os.path.join(SHARED, "plover", "CAMEO2PLOVER-2021.txt")


# ---------------------------------------------------------------- utilities

def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def clean(s):
    """Collapse whitespace; no tabs or newlines may reach a TSV cell."""
    return re.sub(r"\s+", " ", s).strip()


def fold(s):
    """Case- and accent-insensitive key, as the engine matches."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("đ", "d").replace("Đ", "D").casefold()


def write_tsv(name, header, rows):
    lines = set()
    for row in rows:
        cells = [clean(str(c)) for c in row]
        if any(c == "" for c in cells):
            raise ValueError("empty cell in %s: %r" % (name, row))
        lines.add("\t".join(cells))
    out = sorted(lines, key=lambda l: l.encode("utf-8"))  # LC_ALL=C order
    path = os.path.join(DATA, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# " + "\t".join(header) + "\n")
        for l in out:
            f.write(l + "\n")
    print("%-24s %6d rows" % (name, len(out)), file=sys.stderr)
    return out


SMALL = {"and", "of", "the", "de", "du", "da", "do", "des", "la", "le", "al", "el",
         "in", "on", "for", "to", "y", "e", "et", "van", "von", "der", "den"}


def titlecase(phrase):
    """FOO_BAR_OF_BAZ -> Foo Bar of Baz (dictionary phrases are upper case)."""
    words = phrase.replace("_", " ").split()
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i > 0 and lw in SMALL:
            out.append(lw)
            continue
        # capitalise each part of hyphenated / apostrophed words
        out.append("-".join(p[:1].upper() + p[1:] for p in lw.split("-")))
    return " ".join(out)


def common_words():
    """Lower-case words that the English Web Treebank uses uncapitalised more often
    than capitalised: these are ordinary English words, too ambiguous as names."""
    low = collections.Counter()
    cap = collections.Counter()
    with open(EWT, encoding="utf-8") as f:
        for line in f:
            if not line or line[0] == "#" or line == "\n":
                continue
            parts = line.split("\t")
            if len(parts) < 4 or "-" in parts[0] or "." in parts[0]:
                continue
            form = parts[1]
            if parts[0] == "1":
                continue  # sentence-initial capitals say nothing
            if form.islower():
                low[form] += 1
            elif form[:1].isupper():
                cap[form.lower()] += 1
    return {w for w, n in low.items() if n >= 2 and n >= cap[w]}


# ------------------------------------------------------------------- states

# One canonical short English name per state (where CountryInfo's is long/odd).
STATE_NAMES = {
    "USA": "United States", "GBR": "United Kingdom", "RUS": "Russia", "KOR": "South Korea",
    "PRK": "North Korea", "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "ZAF": "South Africa", "TZA": "Tanzania", "BRN": "Brunei", "MDG": "Madagascar",
    "CIV": "Côte d'Ivoire", "TLS": "Timor-Leste", "SRB": "Serbia", "MKD": "North Macedonia",
    "FSM": "Micronesia", "SWZ": "Eswatini", "CZE": "Czech Republic", "VNM": "Vietnam",
    "LAO": "Laos", "SYR": "Syria", "IRN": "Iran", "BOL": "Bolivia", "VEN": "Venezuela",
    "MDA": "Moldova", "PSE": "Palestine", "XKX": "Kosovo", "GNB": "Guinea-Bissau",
    "VCT": "Saint Vincent and the Grenadines", "KNA": "Saint Kitts and Nevis",
    "VIR": "United States Virgin Islands", "FRO": "Faroe Islands", "CPV": "Cape Verde",
    "WLF": "Wallis and Futuna", "CCK": "Cocos Islands", "STP": "São Tomé and Príncipe",
    "BLM": "Saint Barthélemy", "ARE": "United Arab Emirates", "NLD": "Netherlands",
    "BHS": "Bahamas", "GMB": "Gambia", "PHL": "Philippines", "MHL": "Marshall Islands",
    "SLB": "Solomon Islands", "COM": "Comoros", "MDV": "Maldives", "SYC": "Seychelles",
    "TUR": "Turkey", "GUM": "Guam",
}

# Curated extra rows (kind, text) per state: common news forms CountryInfo lacks
# or spells without diacritics.
STATE_EXTRA = {
    "VNM": [("alias", "Viet Nam"), ("alias", "Việt Nam"), ("alias", "Socialist Republic of Vietnam"),
            ("alias", "Socialist Republic of Viet Nam"), ("capital", "Hà Nội"), ("capital", "Ha Noi"),
            ("capital", "Hanoi"), ("city", "Thành phố Hồ Chí Minh"), ("city", "Ho Chi Minh City"),
            ("city", "Hồ Chí Minh City"), ("city", "Saigon"), ("city", "Sài Gòn"), ("city", "Da Nang"),
            ("city", "Đà Nẵng"), ("city", "Danang"), ("city", "Hai Phong"), ("city", "Hải Phòng"),
            ("city", "Haiphong"), ("city", "Can Tho"), ("city", "Cần Thơ"), ("city", "Hue"),
            ("city", "Huế"), ("city", "Nha Trang"), ("demonym", "Vietnamese")],
    "USA": [("alias", "U.S."), ("alias", "US"), ("alias", "USA"), ("alias", "U.S.A."),
            ("alias", "America"), ("alias", "United States of America"), ("demonym", "American"),
            ("demonym", "Americans"), ("capital", "Washington"), ("capital", "Washington, D.C."),
            ("capital", "Washington D.C."), ("city", "New York"), ("city", "New York City"),
            ("city", "Los Angeles"), ("city", "Chicago"), ("city", "San Francisco"),
            ("city", "Houston"), ("city", "Boston"), ("city", "Miami"), ("city", "Seattle"),
            ("city", "Philadelphia")],
    "GBR": [("alias", "UK"), ("alias", "U.K."), ("alias", "Britain"), ("alias", "Great Britain"),
            ("alias", "United Kingdom of Great Britain and Northern Ireland"),
            ("demonym", "British"), ("demonym", "Briton"), ("demonym", "Britons"),
            ("capital", "London"), ("city", "Manchester"), ("city", "Birmingham"),
            ("city", "Edinburgh"), ("city", "Glasgow")],
    "PRK": [("alias", "DPRK"), ("alias", "North Korea"), ("alias", "Democratic People's Republic of Korea"),
            ("demonym", "North Korean"), ("demonym", "North Koreans"), ("capital", "Pyongyang")],
    "KOR": [("alias", "South Korea"), ("alias", "ROK"), ("alias", "Republic of Korea"),
            ("demonym", "South Korean"), ("demonym", "South Koreans"), ("capital", "Seoul"),
            ("city", "Busan")],
    "ARE": [("alias", "UAE"), ("alias", "U.A.E."), ("alias", "Emirates"), ("demonym", "Emirati"),
            ("demonym", "Emiratis"), ("capital", "Abu Dhabi"), ("city", "Dubai")],
    "CHN": [("alias", "People's Republic of China"), ("alias", "PRC"), ("alias", "Mainland China"),
            ("demonym", "Chinese"), ("capital", "Beijing"), ("capital", "Peking"),
            ("city", "Shanghai"), ("city", "Guangzhou"), ("city", "Shenzhen"), ("city", "Wuhan"),
            ("city", "Chongqing"), ("city", "Tianjin"), ("city", "Chengdu")],
    "CHE": [("alias", "Swiss Confederation"), ("demonym", "Swiss"), ("capital", "Bern"),
            ("capital", "Berne"), ("city", "Geneva"), ("city", "Genève"), ("city", "Zurich"),
            ("city", "Zürich"), ("city", "Basel"), ("city", "Lausanne")],
    "RUS": [("alias", "Russian Federation"), ("demonym", "Russian"), ("demonym", "Russians"),
            ("capital", "Moscow"), ("city", "Saint Petersburg"), ("city", "St. Petersburg")],
    "DEU": [("demonym", "German"), ("demonym", "Germans"), ("capital", "Berlin"), ("city", "München"),
            ("city", "Köln"), ("city", "Düsseldorf"), ("city", "Nürnberg")],
    "FRA": [("demonym", "French"), ("capital", "Paris")],
    "JPN": [("demonym", "Japanese"), ("capital", "Tokyo"), ("city", "Osaka")],
    "IND": [("demonym", "Indian"), ("demonym", "Indians"), ("capital", "New Delhi"), ("city", "Mumbai")],
    "COD": [("alias", "DRC"), ("alias", "DR Congo"), ("alias", "D.R. Congo"),
            ("alias", "Congo-Kinshasa"), ("capital", "Kinshasa")],
    "COG": [("alias", "Congo-Brazzaville"), ("alias", "Congo Republic"), ("capital", "Brazzaville")],
    "CIV": [("alias", "Ivory Coast"), ("alias", "Cote d'Ivoire"), ("demonym", "Ivorian"),
            ("demonym", "Ivorians"), ("capital", "Yamoussoukro"), ("city", "Abidjan")],
    "MMR": [("alias", "Burma"), ("demonym", "Burmese"), ("demonym", "Myanmar"), ("capital", "Naypyidaw"),
            ("capital", "Nay Pyi Taw"), ("city", "Yangon"), ("city", "Rangoon")],
    "SAU": [("alias", "KSA"), ("demonym", "Saudi"), ("demonym", "Saudis")],
    "NLD": [("alias", "Holland"), ("alias", "The Netherlands"), ("demonym", "Dutch"),
            ("capital", "Amsterdam"), ("city", "The Hague")],
    "TUR": [("alias", "Türkiye"), ("alias", "Turkiye"), ("demonym", "Turkish"), ("capital", "Ankara"),
            ("city", "Istanbul"), ("city", "İstanbul")],
    "MKD": [("alias", "Macedonia"), ("alias", "Republic of North Macedonia"), ("capital", "Skopje")],
    "SWZ": [("alias", "Swaziland"), ("capital", "Mbabane")],
    "CZE": [("alias", "Czechia"), ("demonym", "Czech"), ("capital", "Prague")],
    "TLS": [("alias", "East Timor"), ("alias", "Timor Leste"), ("demonym", "Timorese"), ("capital", "Dili")],
    "CPV": [("alias", "Cabo Verde"), ("capital", "Praia")],
    "PSE": [("alias", "State of Palestine"), ("alias", "Palestinian Territories"),
            ("demonym", "Palestinian"), ("demonym", "Palestinians"), ("city", "Gaza"),
            ("city", "Ramallah")],
    "XKX": [("demonym", "Kosovar"), ("demonym", "Kosovars"), ("capital", "Pristina"),
            ("capital", "Prishtina")],
    "ISR": [("demonym", "Israeli"), ("demonym", "Israelis"), ("capital", "Jerusalem"), ("city", "Tel Aviv")],
    "UKR": [("demonym", "Ukrainian"), ("demonym", "Ukrainians"), ("capital", "Kyiv"), ("capital", "Kiev")],
    "KHM": [("demonym", "Cambodian"), ("capital", "Phnom Penh")],
    "LAO": [("alias", "Lao PDR"), ("alias", "Lao People's Democratic Republic"), ("demonym", "Lao"),
            ("demonym", "Laotian"), ("capital", "Vientiane")],
    "THA": [("demonym", "Thai"), ("capital", "Bangkok")],
    "PHL": [("demonym", "Filipino"), ("demonym", "Filipinos"), ("demonym", "Philippine"),
            ("capital", "Manila")],
    "IDN": [("demonym", "Indonesian"), ("capital", "Jakarta")],
    "MYS": [("demonym", "Malaysian"), ("capital", "Kuala Lumpur"), ("capital", "Putrajaya")],
    "SGP": [("demonym", "Singaporean")],
    "BRN": [("alias", "Brunei Darussalam"), ("demonym", "Bruneian"), ("capital", "Bandar Seri Begawan")],
    "SSD": [("demonym", "South Sudanese"), ("capital", "Juba")],
    "SDN": [("demonym", "Sudanese"), ("capital", "Khartoum")],
    "IRN": [("demonym", "Iranian"), ("demonym", "Iranians"), ("capital", "Tehran")],
    "TWN": [("demonym", "Taiwanese"), ("capital", "Taipei")],
    "AUS": [("demonym", "Australian"), ("demonym", "Australians"), ("capital", "Canberra")],
    "CAN": [("demonym", "Canadian"), ("demonym", "Canadians"), ("capital", "Ottawa")],
}

# Texts never to emit as a state name form: ordinary English words, places that are
# mostly something else in news text, regions that CountryInfo files as cities.
STATE_STOP = {fold(x) for x in """
Of|Mobile|Split|Nice|Reading|Victoria|Bath|Sale|Bend|Hull|Derby|Much|Male|Bar|Kind|Lead|Orange|
Jersey|Guinea|Guinean|Principe|Nam|'Nam|Ruhr|Mosul Dam|Sucre|Hamilton|Kingston|Georgetown|
Columbus|Jackson|Lincoln|Independence|Concord|Hope|Union|Liberty|Providence|Speed|Plymouth|
Essen|Halle|Bale|Aken|Togil|Teutonica|Rome|Dallas|Reno|Salem|Trenton|Kaiser|Vale|Pau|
Mandalay Bay|Government|Republic|Federation|Kingdom|Islands|Island|Saint|St.|Santa|San|
Colony|Protectorate|Free State|People|Peoples|Turkey bird|Eve|Hui|Man|Chad|Hindu|Pole|Poles|
Dane|Danes|Finn|Finns|Swede|Swedes|Scot|Scots|Lapp|Sinensis|Sinic|Sinica|Sinitic|Helvetica|
Celestial Empire|Xianggang|Switz|Switzer|Buffalo|Phoenix|Lawrence|Charlotte|State College|
University Park|Athens on the Kaw|Greenville|Portland|Rochester|Richmond|Newcastle|Orlando|
Austin|Memphis|City of Light|Crown Jewel of the British Empire|Aurobinda Sarani|
Geanlaeht Ricu American|Sakartvelobantustan|Yankee Land|Yankeeland|Unitedstatian|The Us|The Usa|
Us of A|Georgia Proper|Georgia Country|Western Georgia|Americaland|Athens Ohio|Cambridge|Oxford|Aberdeen|Perth|Darwin|Hobart|Wellington|Nelson
""".replace("\n", "").split("|") if x.strip()}
# Some of the stop list would hit canonical names (Chad, Turkey): canonical names and
# curated rows are exempt from it.

# Abbreviations of 2-3 letters allowed as aliases (others are too ambiguous).
ABBREV_OK = {"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE", "U.A.E.", "DPRK", "D.P.R.K.",
             "ROK", "PRC", "DRC", "KSA", "R.O.K."}


def parse_countryinfo():
    text = read_text(COUNTRYINFO)
    countries = []
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        code = re.search(r"<CountryCode>\s*([^<]*)<", block)
        iso = re.search(r"<ISO3166-alpha3>\s*([^<]*)<", block)
        name = re.search(r"<CountryName>\s*([^<#]*)", block)
        if not name:
            continue
        code = code.group(1).strip() if code else ""
        iso = iso.group(1).strip() if iso else ""
        if re.match(r"^[A-Z]{3}$", code) and re.match(r"^[A-Z]{3}$", iso) and code != iso \
                and code in ("FRA", "GBR"):
            code = iso  # CountryInfo files some dependencies under their metropole
        m = re.match(r"^\[?(?:YUG)?([A-Z]{3})$", code) or re.match(r"^[A-Z]{3}([A-Z]{3})$", code)
        if m:
            c = m.group(1)
        elif re.match(r"^[A-Z]{3}$", iso):
            c = iso
        else:
            continue
        cname = name.group(1).strip().strip("_")
        # CountryInfo's own mis-codes and sub-state entities
        if cname in ("BOSNIAK/CROAT_FEDERATION", "BOSNIAN_SERB_REPUBLICA", "TIBET",
                     "TURKISH_REPUBLIC_OF_NORTH_CYPRUS", "NETHERLANDS_ANTILLES"):
            continue
        c = {"TMP": "TLS", "KSV": "XKX", "ZAR": "COD", "ROM": "ROU"}.get(c, c)
        if cname == "JERSEY":
            c = "JEY"

        def field(tag):
            m = re.search(r"<%s>(.*?)</%s>" % (tag, tag), block, re.S)
            if not m:
                return []
            out = []
            for line in m.group(1).split("\n"):
                line = line.split("#")[0].strip()
                if line:
                    out.append(line)
            return out
        countries.append((c, cname, field("Nationality"), field("Capital"), field("MajorCities")))
    return countries


def squash(s):
    return re.sub(r"[^a-z]", "", fold(s))


def edit_distance(a, b, cap):
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def is_typo(s, trusted):
    """True when s is a near miss (not an exact squash-equal) of a trusted form."""
    if s in trusted or len(s) < 5:
        return False
    cap = 1 if len(s) < 7 else 2
    return any(edit_distance(s, t, cap) <= cap for t in trusted)


def demonym_plural(d):
    if re.search(r"(an|i)$", d) and " " not in d:
        return d + "s"
    return None


def build_states(common):
    nat = collections.defaultdict(set)
    with open(NATIONALITIES, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("alpha_3_code") and row.get("nationality"):
                nat[row["alpha_3_code"].strip()].add(row["nationality"].strip())

    rows = {}  # (iso, kind, text)
    curated = set()

    def add(iso, kind, text, trusted=False):
        text = clean(text)
        if not text:
            return
        rows[(iso, kind, text)] = True
        if trusted:
            curated.add((iso, kind, text))

    for iso, cname, nationality, capitals, cities in parse_countryinfo():
        canon = STATE_NAMES.get(iso) or titlecase(cname)
        add(iso, "name", canon, True)
        if titlecase(cname) != canon:
            add(iso, "alias", titlecase(cname))
        demonyms = {fold(d) for d in nat.get(iso, ())}
        for i, n in enumerate(nationality):
            n = n.strip("_ ")
            if not n or "," in n or "(" in n or n.startswith("'") or re.search(r"[0-9/]", n):
                continue
            t = titlecase(n)
            key = fold(t)
            if key in demonyms:
                add(iso, "demonym", t)
            elif i == 0 and re.search(r"(an|ese|ish|i|ic|ch|er|ss|ot|ino|ani|ite|eno|ol)$", key) \
                    and key != fold(canon):
                add(iso, "demonym", t)
            else:
                add(iso, "alias", t)
        for d in nat.get(iso, ()):
            add(iso, "demonym", d)
        for c in capitals:
            add(iso, "capital", titlecase(c.strip("_ ")))
        for c in cities:
            add(iso, "city", titlecase(c.strip("_ ")))
    for iso, extra in STATE_EXTRA.items():
        for kind, text in extra:
            add(iso, kind, text, True)
    # demonym plurals (Americans, Iraqis): they are the nouns news uses for people
    for (iso, kind, text) in list(rows):
        if kind == "demonym":
            p = demonym_plural(text)
            if p:
                add(iso, "demonym", p)

    # filtering
    out = {}
    for (iso, kind, text) in rows:
        if (iso, kind, text) in curated or kind == "name":
            out[(iso, kind, text)] = True
            continue
        key = fold(text)
        if "\ufffd" in text:
            continue  # undecodable bytes in the source
        bare = re.sub(r"[^a-z]", "", key)
        if key in STATE_STOP or len(bare) < 2:
            continue
        if len(bare) <= 3 and text.upper() not in ABBREV_OK and text not in ABBREV_OK:
            continue  # ISO-like codes and fragments
        if " " not in key and key in common:
            continue  # ordinary English word ("mobile", "split", "reading")
        if kind in ("alias", "city") and re.match(r"^(north|south|east|west|upper|lower)$", key):
            continue
        out[(iso, kind, text)] = True

    # kinds: abbreviations are aliases; -man/-ish forms are demonyms
    fixed = {}
    for (iso, kind, text) in out:
        k = kind
        if kind == "demonym" and (text in ABBREV_OK or text.upper() in ABBREV_OK):
            k = "alias"
        elif kind == "alias" and re.search(r"(ish|man|woman|men|women)$", fold(text)):
            k = "demonym"
        fixed[(iso, k, text)] = True
        if (iso, kind, text) in curated:
            curated.add((iso, k, text))
    out = fixed
    # misspellings: within edit distance 1-2 of a trusted form of the same state
    trusted = collections.defaultdict(set)
    for (iso, kind, text) in out:
        if (iso, kind, text) in curated or kind == "name":
            trusted[iso].add(squash(text))
    for iso, ds in nat.items():
        for d in ds:
            trusted[iso].add(squash(d))
    out = {r: True for r in out
           if r in curated or r[1] == "name" or not is_typo(squash(r[2]), trusted[r[0]])}

    # A text may denote only one state.  Names, aliases and demonyms win over
    # capitals, capitals over cities; a tie between states drops the text.
    rank = {"name": 0, "alias": 1, "demonym": 1, "capital": 2, "city": 3}
    by_text = collections.defaultdict(list)
    for (iso, kind, text) in out:
        by_text[fold(text)].append((rank[kind], iso, kind, text))
    final = []
    for key, cands in by_text.items():
        best = min(c[0] for c in cands)
        top = {c[1] for c in cands if c[0] == best}
        if len(top) > 1:
            # keep curated rows; drop the rest of the ambiguous text
            for r, iso, kind, text in cands:
                if (iso, kind, text) in curated or kind == "name":
                    final.append((iso, kind, text))
            continue
        for r, iso, kind, text in cands:
            if iso in top:
                final.append((iso, kind, text))
    # a text must not be two kinds within one state: keep the curated or best-ranked
    # kind; among case variants keep the one with most capitals (U.S. over U.s.)
    seen = {}
    final = sorted(final, key=lambda r: (r not in curated, rank[r[1]],
                                         -sum(c.isupper() for c in r[2]), r[2]))
    kept = []
    for iso, kind, text in final:
        k = (iso, text.casefold())
        if k in seen:
            continue
        seen[k] = kind
        kept.append((iso, kind, text))
    final = kept
    return write_tsv("states.tsv", ["iso3", "kind", "text"], final)
    for iso, kind, text in []:
        k = (iso, fold(text))
        if k in seen:
            continue
        seen[k] = kind
    final = [(iso, kind, text) for (iso, kind, text) in final if seen[(iso, fold(text))] == kind]
    return write_tsv("states.tsv", ["iso3", "kind", "text"], final)


def main():
    common = common_words()
    build_states(common)


if __name__ == "__main__":
    main()
