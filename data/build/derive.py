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
    "VNM": [*[("city", c) for c in (
                # Provinces often named in wire stories; "Lao Cai" is not Laos.
                "Lao Cai", "Lào Cai", "Yen Bai", "Yên Bái", "Cao Bang", "Cao Bằng", "Lang Son", "Lạng Sơn",
                "Ha Giang", "Hà Giang", "Tuyen Quang", "Tuyên Quang", "Dien Bien", "Điện Biên", "Son La", "Sơn La",
                "Quang Ninh", "Quảng Ninh", "Nghe An", "Nghệ An", "Thanh Hoa", "Thanh Hóa", "Quang Nam", "Quảng Nam",
                "Quang Ngai", "Quảng Ngãi", "Khanh Hoa", "Khánh Hòa", "Ben Tre", "Bến Tre", "Tra Vinh", "Trà Vinh",
                "Soc Trang", "Sóc Trăng", "Kien Giang", "Kiên Giang", "An Giang", "Dong Nai", "Đồng Nai",
                "Binh Duong", "Bình Dương")],
            ("alias", "Viet Nam"), ("alias", "Việt Nam"), ("alias", "Socialist Republic of Vietnam"),
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
    "SRB": [("demonym", "Serbian"), ("demonym", "Serb")],
    "HRV": [("demonym", "Croat")],
    "BIH": [("demonym", "Bosniak")],
    "AFG": [("demonym", "Afghan")],
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
# Historical and short names news still uses.
for _iso, _rows in {
    "BIH": [("alias", "Bosnia"), ("demonym", "Bosnian"), ("demonym", "Bosnians")],
    "SRB": [("alias", "Yugoslavia"), ("demonym", "Yugoslav"), ("demonym", "Yugoslavs")],
    "RUS": [("alias", "Soviet Union"), ("alias", "USSR"), ("demonym", "Soviet"), ("demonym", "Soviets")],
    "CZE": [("alias", "Czechoslovakia"), ("demonym", "Czechoslovak")],
}.items():
    STATE_EXTRA[_iso] = STATE_EXTRA.get(_iso, []) + _rows

# National development-cooperation agencies act for their governments in aid news ("USAID
# has provided ...", "JICA funded ..."): they are names of the state.
for _iso, _names in {
    "USA": ["USAID", "U.S. Agency for International Development", "US Agency for International Development",
            "United States Agency for International Development"],
    "JPN": ["JICA", "Japan International Cooperation Agency"],
    "KOR": ["KOICA", "Korea International Cooperation Agency"],
    "DEU": ["GIZ", "Deutsche Gesellschaft für Internationale Zusammenarbeit"],
    "FRA": ["French Development Agency", "Agence Française de Développement"],
    "AUS": ["DFAT", "Australian Department of Foreign Affairs and Trade"],
    "GBR": ["DFID", "FCDO", "Foreign, Commonwealth and Development Office"],
    "CHE": ["Swiss Agency for Development and Cooperation"],
    "TUR": ["TIKA", "Turkish Cooperation and Coordination Agency"],
    "THA": ["TICA", "Thailand International Cooperation Agency"],
}.items():
    STATE_EXTRA[_iso] = STATE_EXTRA.get(_iso, []) + [("alias", _n) for _n in _names]

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


def countryinfo_blocks():
    """Yield (iso3, CountryName, block text) for each state block of CountryInfo.txt."""
    text = read_text(COUNTRYINFO)
    # the file's documentation header mentions <Country> and <CountryCode>: skip it,
    # or the first state block (AFG) would start inside the header and be lost
    text = re.sub(r"<!--.*?-->", "", text, count=1, flags=re.S)
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
        yield c, cname, block


def parse_countryinfo():
    countries = []
    for c, cname, block in countryinfo_blocks():

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
    """The plural noun of a demonym by rule ("Albanian" -> "Albanians", "Iraqi" -> "Iraqis",
    "Serb" -> "Serbs"), or None when the form does not take -s: -ese, -ish, -ch, -ss,
    -ic, -que forms are invariable ("Chinese", "Swiss"), and so are odd endings."""
    words = d.split(" ")
    w = words[-1]
    if any(not x[:1].isupper() for x in words) or w.startswith("I-") or re.search(r"(ese|ish|ch|sh|ss|ic|que)$", w):
        return None
    if re.search(r"[a-z](s|sh|ch|y|x)(wo)?man$", w):
        p = w[:-2] + "en"  # Englishman -> Englishmen, Scotswoman -> Scotswomen
    elif re.search(r"(an|i|ar|ot|ek|ak|kh|ik|er|rb|oat|iak|ino|eno|ene)$", w):
        p = w + "s"
    else:
        return None
    return " ".join(words[:-1] + [p])


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

    # filtering
    out = {}
    for (iso, kind, text) in rows:
        if (iso, kind, text) in curated or kind == "name":
            out[(iso, kind, text)] = True
            continue
        key = fold(text)
        if "\ufffd" in text or re.search(r"[\x00-\x1f\x7f]", text):
            continue  # undecodable or stray control bytes in the source
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
    # demonym plurals (Albanians, Iraqis, Serbs): the nouns news uses for people.  They are
    # made after the misspelling filter (which would take "Albanians" for a near miss of
    # "Albanian") from the surviving demonyms, and kept only when the plural is not an
    # ordinary word, not on the stop list and not already another text of any state
    # ("Philippines").
    known = {fold(t) for (_, _, t) in out}
    placenames = {fold(t) for (_, k, t) in out if k in ("name", "capital", "city")}
    nat_forms = {fold(d) for ds in nat.values() for d in ds}
    for (iso, kind, text) in list(out):
        if kind != "demonym" or fold(text) in placenames:
            continue  # "Myanmar", "Gibraltar": a place name, not a noun for people
        if (iso, kind, text) not in curated and fold(text) not in nat_forms \
                and not re.search(r"(ian|ean|i|man)$", text):
            continue  # an unusual form ("Umman"): its plural would not be a real word
        p = demonym_plural(text)
        if not p or fold(p) in known or fold(p) in STATE_STOP or fold(p) in common:
            continue
        out[(iso, "demonym", p)] = True

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


# ------------------------------------------------------------------ persons

# CountryInfo tags that end a <Leaders> or <Government> section (the file is not
# well-formed XML: a few sections are never closed).
CI_TOP_TAGS = {"country", "countrycode", "countryname", "cow-alpha", "cow-numeric", "fips-10",
               "imf", "iso3166-numeric", "iso3166-alpha2", "iso3166-alpha3", "nationality",
               "capital", "majorcities", "regions", "geogfeatures", "comment", "doc",
               "leaders", "government"}

# States whose names CountryInfo writes family name first (HU_JINTAO, KIM_JONG_IL), or
# whose leaders news calls by the given name (Vietnam): no surname-alone rows there.
FAMILY_NAME_FIRST = {"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM"}

# Plural office nouns in <Leaders> section names -> singular.
ROLE_SINGULAR = {
    "presidents": "president", "ministers": "minister", "governors": "governor",
    "kings": "king", "queens": "queen", "chairmen": "chairman", "administrators": "administrator",
    "commissioners": "commissioner", "premiers": "premier", "heads": "head",
    "secretaries": "secretary", "chancellors": "chancellor", "emirs": "emir", "sultans": "sultan",
    "emperors": "emperor", "empresses": "empress", "representatives": "representative",
    "residents": "resident", "chiefs": "chief", "executives": "executive", "shahs": "shah",
    "rulers": "ruler", "princes": "prince", "princesses": "princess", "dukes": "duke",
    "duchesses": "duchess", "captains": "captain", "syndics": "syndic", "coprinces": "coprince",
    "commanders": "commander", "assistants": "assistant", "advisors": "advisor",
    "advisers": "adviser", "directors": "director", "leaders": "leader", "speakers": "speaker",
    "members": "member", "secretaries-general": "secretary-general",
}
# Common offices written the way news writes them.
ROLE_NORMAL = {
    "premier": "Prime Minister", "prime minister": "Prime Minister",
    "minister of foreign affairs": "Foreign Minister", "minister for foreign affairs": "Foreign Minister",
    "minister of foreign relations": "Foreign Minister", "foreign minister": "Foreign Minister",
    "minister of external affairs": "Foreign Minister", "secretary of state": "Secretary of State",
    "minister of defense": "Defence Minister", "minister of defence": "Defence Minister",
    "minister for defense": "Defence Minister", "minister for defence": "Defence Minister",
    "minister of national defense": "Defence Minister", "minister of national defence": "Defence Minister",
    "minister of interior": "Interior Minister", "minister of the interior": "Interior Minister",
    "minister of internal affairs": "Interior Minister", "minister of home affairs": "Interior Minister",
    "minister of finance": "Finance Minister", "minister for finance": "Finance Minister",
    "minister of justice": "Justice Minister", "minister for justice": "Justice Minister",
}
ROLE_SMALL = {"of", "the", "and", "for", "on", "in", "to", "with", "without", "pro", "tempore", "a", "an"}
ROLE_UPPER = {"un", "us", "u.s.", "mprp", "frelimo", "eu", "nato", "fsb", "svr", "mvd"}
MIL_ROLE = re.compile(r"\b(defen[cs]e|army|armed forces|military|navy|naval|air force|junta|"
                      r"general staff|chief of staff of the armed|commanders?)\b", re.I)
# Words that mark a CountryInfo entry as something other than a person.
NOT_PERSON = set("""council committee junta government vacant military commission presidency
collective regency board members administration directorate triumvirate none unknown
interim provisional charge affairs ministry office assembly party front forces""".split())
NAME_SUFFIX = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "vi", "vii", "viii"}
NAME_TITLES = {"sheikh", "shaykh", "shaikh", "dr", "dr.", "gen", "gen.", "general", "col", "col.",
               "colonel", "maj.", "sir", "dame", "lord", "king", "queen", "prince", "princess",
               "msgr.", "rev.", "hrh"}
# CountryInfo has two names with a stray control byte where an accented letter was.
NAME_FIXES = {"Z\x1aROUAL": "ZEROUAL", "STRASK\x1aY": "STRASKY"}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "do", "dos", "das", "del", "della",
                  "di", "du", "van", "von", "der", "den", "ter", "ten", "y", "e"}
CI_RANGE = re.compile(r"\[\s*([A-Z]{3,})?\s*(?:(\d{8})\s*-\s*(\d{8})|([<>])\s*(\d{8}))\s*\]")


def ci_date(d):
    """YYYYMMDD -> YYYY-MM-DD; impossible days (20070231) become the month's last day."""
    y, m, dd = int(d[:4]), int(d[4:6]), int(d[6:8])
    if not (1800 <= y <= 2100 and 1 <= m <= 12):
        return "-"
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return "%04d-%02d-%02d" % (y, m, max(1, min(dd, last)))


def ci_ranges(text):
    """[(cameo code or None, start, end)] from the date brackets of a line ([B:..] and
    [D:..] do not match).  [>d] is in office from d on; [<d] in office until d."""
    out = []
    for code, a, b, mark, d in CI_RANGE.findall(text):
        if a:
            out.append((code or None, ci_date(a), ci_date(b)))
        elif mark == ">":
            out.append((code or None, ci_date(d), "-"))
        else:
            out.append((code or None, "-", ci_date(d)))
    return out


def person_case(tokens, iso):
    """Upper-case name tokens -> natural case: Vladimir Putin, Bashar al-Assad,
    Martin O'Neill, John McCain, Abdullah II, Franklin D. Roosevelt."""
    out = []
    for i, t in enumerate(tokens):
        lt = t.lower()
        if re.match(r"^([a-z]\.)+$", lt):
            out.append(t.upper())  # initials: A.R.
            continue
        if lt in NAME_SUFFIX and i > 0:
            out.append(t.upper() if lt.strip(".") not in ("jr", "sr") else lt.capitalize())
            continue
        if 0 < i < len(tokens) - 1 and lt in NAME_PARTICLES and iso not in FAMILY_NAME_FIRST:
            out.append(lt)
            continue
        parts = []
        for j, p in enumerate(lt.split("-")):
            if p in ("al", "el", "ad", "as", "ash", "at", "az", "ar", "an", "ud", "ul", "ur") \
                    and "-" in lt and (j > 0 or i > 0) and j < len(lt.split("-")) - 1:
                parts.append(p)  # Bashar al-Assad, Zia-ul-Haq
                continue
            q = p[:1].upper() + p[1:]
            m = re.match(r"^([a-z])'([a-z])(.*)$", p)
            if m:
                q = m.group(1).upper() + "'" + m.group(2).upper() + m.group(3)
            elif re.match(r"^mc[a-z]{2,}$", p):
                q = "Mc" + p[2].upper() + p[3:]
            parts.append(q)
        out.append("-".join(parts))
    return " ".join(out)


def person_names(text):
    """Name variants of a CountryInfo name field: {A}{B} synonyms, or a plain NAME_;
    nicknames in quotes are dropped.  Each variant is a list of upper-case tokens."""
    for bad, good in NAME_FIXES.items():
        text = text.replace(bad, good)
    text = re.sub(r'"[^"]*"', " ", text).replace("`", "'")
    variants = [v for v in re.findall(r"\{([^}]*)\}", text)]
    rest = re.sub(r"\{[^}]*\}", " ", text)
    variants.append(rest)
    out = []
    for v in variants:
        v = re.sub(r"\(.*$", "", v.replace("{", " ").replace("}", " ")).upper()
        v = re.sub(r",\s*(JR|SR)\.?", r" \1.", v)  # ERIC_H._HOLDER,_JR. -> Eric H. Holder Jr.
        v = v.split(",")[0]  # ", BARON MARTONMERE" and the like
        toks = [t.lstrip("'") for t in re.split(r"[\s_]+", v.strip()) if t.lstrip("'")]
        if toks:
            out.append(toks)
            if len(toks) > 2 and toks[0].lower() in NAME_TITLES:
                out.append(toks[1:])  # "Sheikh Hamad bin Isa al Khalifa" and "Hamad bin ..."
    return out


def is_person(tokens):
    if any(not re.match(r"^[A-Z][A-Z'.-]*$", t) for t in tokens):
        return False  # digits, '&', lower-case text: not a clean name
    if any(t.lower() in NOT_PERSON for t in tokens):
        return False
    if "OF" in tokens or "THE" in tokens:
        return False
    letters = re.sub(r"[^A-Z]", "", "".join(tokens))
    return len(letters) >= 3


def office_words(phrase, keep_case=False):
    """Natural-case an office: 'Chairmen of the council of ministers' ->
    'Chairman of the Council of Ministers' (plural head nouns before 'of' singular).
    With keep_case (the <Government> titles, written in natural case already) words
    with inner capitals such as UN or OAS keep them, unless the title is all capitals."""
    phrase = clean(phrase.replace("_", " ").replace('"', " ")).strip(" ,;:>-")
    keep = set()
    if keep_case and phrase != phrase.upper():
        keep = {w.rstrip(",") for w in phrase.split(" ") if re.search(r"[A-Z]", w[1:])}
    phrase = re.sub(r"\s*\(.*$", "", phrase)  # "(PRIME_MINISTERS" and other broken asides
    phrase = re.sub(r"^MIN\.\s", "Minister ", phrase, flags=re.I)
    words = phrase.lower().split(" ")
    out = []
    before_of = True
    for i, w in enumerate(words):
        if w in ("of", "for"):
            before_of = False
        core = w.rstrip(",")
        tail = w[len(core):]
        if before_of:
            core = "/".join("-".join(ROLE_SINGULAR.get(p, p) for p in x.split("-"))
                            for x in core.split("/"))
            core = ROLE_SINGULAR.get(core, core)
        orig = [k for k in keep if k.lower() == core]
        if orig:
            core = orig[0]
        elif core in ROLE_UPPER:
            core = core.upper()
        elif i > 0 and core in ROLE_SMALL:
            pass
        else:
            core = "/".join("-".join(p[:1].upper() + p[1:] for p in x.split("-"))
                            for x in core.split("/"))
        out.append(core + tail)
    role = re.sub(r"\bPremier$", "Prime Minister", " ".join(out))  # Deputy Premier
    return ROLE_NORMAL.get(role.lower(), role) if role else "-"


def role_sector(role, code):
    if role != "-" and re.search(r"civil defen", role, re.I) is None and MIL_ROLE.search(role):
        return "MIL"
    if role == "-" and code and code.endswith("MIL"):
        return "MIL"
    return "GOV"


def parse_persons():
    """(iso3, sector, role, [name variants as token lists], start, end, is_leader) from the
    <Leaders> and <Government> sections of CountryInfo.txt."""
    recs = []
    for iso, cname, block in countryinfo_blocks():
        mode, section, heading = None, None, None
        for raw in block.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                m = re.match(r"^#\s*<([^/>][^>]*)>\s*$", line)
                if mode == "gov" and m:
                    heading = office_words(m.group(1))  # USA: '#<Secretary of State>'
                continue
            body, _, comment = line.partition("#")
            body = body.strip()
            m = re.match(r"^<(/?)([^>]+)>", body)
            if m:
                tag = m.group(2).strip()
                if tag.lower() in CI_TOP_TAGS:
                    if not m.group(1) and tag.lower() in ("leaders", "government"):
                        mode = {"leaders": "lead", "government": "gov"}[tag.lower()]
                    else:
                        mode = None
                    section, heading = None, None
                elif mode == "lead":
                    section = None if m.group(1) else office_words(tag)
                continue
            if mode is None or "[" not in body:
                continue
            name_part = body[:body.index("[")]
            ranges = ci_ranges(body)
            if not ranges:
                continue
            names = [t for t in person_names(name_part) if is_person(t)]
            if not names:
                continue
            if mode == "lead":
                for code, start, end in ranges:
                    role = section or "-"
                    recs.append((iso, role_sector(role, code), role, names, start, end, True))
                continue
            titles = [office_words(re.sub(r'"[^"]*"', " ", t), keep_case=True)
                      for t in comment.split("&") if t.strip(" >")]
            titles = [t for t in titles if t != "-"]
            for i, (code, start, end) in enumerate(ranges):
                if len(titles) == len(ranges):
                    role = titles[i]
                elif len(titles) == 1:
                    role = titles[0]
                elif not titles and heading:
                    role = heading
                else:
                    role = "-"  # titles and terms do not line up
                recs.append((iso, role_sector(role, code), role, names, start, end, False))
    return recs


def build_persons(common, states_rows):
    recs = parse_persons()
    state_texts = {fold(r.split("\t")[2]) for r in states_rows}
    rows = {}
    # Names of one word ("Suharto", and the file's bare "HUSSEIN") and surnames alone are
    # both short names: key -> [(iso, {folded full names of the person}, is_leader)]
    by_short = collections.defaultdict(list)
    short_rows = []  # (key, is_one_word_name, full names, row)
    given = collections.defaultdict(set)  # folded first word -> persons who have it first
    family = collections.defaultdict(set)  # folded surname -> persons who have it last
    for iso, sector, role, names, start, end, leader in recs:
        full = {fold(person_case(t, iso)) for t in names}
        person = (iso, fold(person_case(names[0], iso)))
        for toks in names:
            if len(toks) > 1:
                given[fold(toks[0])].add(person)
                family[fold([t for t in toks if t.lower() not in NAME_SUFFIX][-1])].add(person)
        for toks in names:
            name = person_case(toks, iso)
            if len(toks) == 1:
                short = [name]
            else:
                rows[(iso, sector, role, name, start, end)] = True
                last = [t for t in toks if t.lower() not in NAME_SUFFIX]
                if iso in FAMILY_NAME_FIRST or len(last) < 2:
                    continue
                sur = person_case(last, iso).split(" ")[-1]
                short = [sur]
                m = re.match(r"^(?:al|el|ad|as|ash|at|az|ar|an)-(.+)$", sur, re.I)
                if m:
                    short.append(m.group(1))  # al-Assad -> Assad
            for sn in short:
                by_short[fold(sn)].append((iso, full, leader))
                short_rows.append((fold(sn), len(toks) == 1, full,
                                   (iso, sector, role, sn, start, end)))
    # A surname alone must be distinctive: 5+ letters (4 for a one-word name), not an
    # ordinary word (UD EWT test), not a state's name form, and not the name of different
    # persons of two states.  One exception: when exactly one of those states has a head of
    # state or government (a <Leaders> entry) of that name, the name stays that leader's
    # ("Mubarak" is Hosni Mubarak, not Iraq's health minister Umid Midhat Mubarak).
    # A surname that more persons of the file have as their first name ("James", "Charles",
    # "Ibrahim") is dropped too, unless a head of state or government has it and it is no
    # more than one person short ("Mubarak", "Sharon").  A one-word name ("Fahd") is the
    # person's whole name in the file and is exempt from this test.
    bad, owner, given_name = set(), {}, set()
    for key, people in by_short.items():
        if not re.match(r"^[a-z][a-z'-]*$", key) or key in common or key in state_texts:
            bad.add(key)
            continue
        g, f = len(given[key]), len(family[key])
        if f and g > f and not (g <= f + 1 and any(leader for _, _, leader in people)):
            given_name.add(key)
        clash = any(iso1 != iso2 and not (f1 & f2)
                    for i, (iso1, f1, _) in enumerate(people) for iso2, f2, _ in people[i + 1:])
        if clash:
            lead_states = {iso for iso, f, leader in people if leader}
            if len(lead_states) == 1:
                iso = lead_states.pop()
                owner[key] = (iso, set().union(*(f for i, f, leader in people
                                                 if leader and i == iso)))
            else:
                bad.add(key)
    for key, one_word, full, row in short_rows:
        if key in bad or len(re.sub(r"[^a-z]", "", key)) < (4 if one_word else 5):
            continue
        if key in given_name and not one_word:
            continue
        if key in owner and (row[0] != owner[key][0] or not (full & owner[key][1])):
            continue
        rows[row] = True
    return write_tsv("persons.tsv", ["iso3", "sector", "role", "name", "start", "end"], rows)


# --------------------------------------------------------------------- orgs

# Curated organisations: id, kind, cameo, country, parent org, names.  These come
# first and win over anything derived from the PETRARCH dictionary.
ORGS = [
    ("HAMAS", "group", "PSEREBHMS", "PSE", "-", ["Hamas", "Islamic Resistance Movement"]),
    ("HEZBOLLAH", "group", "LBNREBHEZ", "LBN", "-", ["Hezbollah", "Hizbollah", "Hizballah"]),
    ("TALIBAN", "group", "AFGREBTAL", "AFG", "-", ["Taliban"]),
    ("PLO", "group", "PSEPLO", "PSE", "-", ["Palestine Liberation Organization", "Palestine Liberation Organisation",
                                            "Palestinian Liberation Organization", "PLO"]),
    ("ISIL", "group", "IMGMUSISI", "-", "-", ["Islamic State", "ISIL", "ISIS"]),
    ("AQ", "group", "IMGMUSAQA", "-", "-", ["al-Qaeda", "al Qaeda", "Al-Qaeda", "Al Qaeda", "al-Qaida"]),
    ("SHABAB", "group", "SOMREBSHB", "SOM", "-", ["al-Shabab", "Al-Shabab", "al-Shabaab", "Al-Shabaab"]),
    ("UN", "igo", "IGOUNO", "-", "-", ["United Nations", "UN", "U.N.", "the United Nations Organization",
                                       "United Nations Organisation", "United Nations Organization"]),
    ("UNSC", "igo", "IGOUNO", "-", "UN", ["UN Security Council", "U.N. Security Council",
                                          "United Nations Security Council", "Security Council", "UNSC"]),
    ("UNGA", "igo", "IGOUNO", "-", "UN", ["UN General Assembly", "U.N. General Assembly",
                                          "United Nations General Assembly", "UNGA"]),
    ("UNSG", "igo", "IGOUNO", "-", "UN", ["UN Secretary-General", "U.N. Secretary-General",
                                          "UN Secretary General", "United Nations Secretary-General",
                                          "United Nations Secretary General", "UNSG"]),
    ("DPO", "igo", "IGOUNO", "-", "UN", ["UN Department of Peace Operations", "U.N. Department of Peace Operations",
                                         "United Nations Department of Peace Operations",
                                         "Department of Peace Operations", "DPO"]),
    ("DPKO", "igo", "IGOUNO", "-", "UN", ["UN Department of Peacekeeping Operations",
                                          "Department of Peacekeeping Operations", "DPKO"]),
    ("DPPA", "igo", "IGOUNO", "-", "UN", ["UN Department of Political and Peacebuilding Affairs",
                                          "Department of Political and Peacebuilding Affairs", "DPPA"]),
    ("OCHA", "igo", "IGOUNO", "-", "UN", ["UN Office for the Coordination of Humanitarian Affairs",
                                          "Office for the Coordination of Humanitarian Affairs", "OCHA"]),
    ("UNISFA", "igo", "IGOUNO", "-", "UN", ["United Nations Interim Security Force for Abyei",
                                            "UN Interim Security Force for Abyei", "UNISFA"]),
    ("UNMISS", "igo", "IGOUNO", "-", "UN", ["United Nations Mission in South Sudan", "UN Mission in South Sudan", "UNMISS"]),
    ("UNIFIL", "igo", "IGOUNO", "-", "UN", ["United Nations Interim Force in Lebanon", "UN Interim Force in Lebanon", "UNIFIL"]),
    ("MINUSCA", "igo", "IGOUNO", "-", "UN", ["MINUSCA", "United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic"]),
    ("MONUSCO", "igo", "IGOUNO", "-", "UN", ["MONUSCO", "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"]),
    ("MINUSMA", "igo", "IGOUNO", "-", "UN", ["MINUSMA", "United Nations Multidimensional Integrated Stabilization Mission in Mali"]),
    ("UNFICYP", "igo", "IGOUNO", "-", "UN", ["UNFICYP", "United Nations Peacekeeping Force in Cyprus", "UN Peacekeeping Force in Cyprus"]),
    ("UNDOF", "igo", "IGOUNO", "-", "UN", ["UNDOF", "United Nations Disengagement Observer Force"]),
    ("UNTSO", "igo", "IGOUNO", "-", "UN", ["UNTSO", "United Nations Truce Supervision Organization"]),
    ("UNMIK", "igo", "IGOUNO", "-", "UN", ["UNMIK", "United Nations Interim Administration Mission in Kosovo"]),
    ("UNAMA", "igo", "IGOUNO", "-", "UN", ["UNAMA", "United Nations Assistance Mission in Afghanistan", "UN Assistance Mission in Afghanistan"]),
    ("UNDP", "igo", "IGOUNODEV", "-", "UN", ["United Nations Development Programme", "United Nations Development Program",
                                             "UN Development Programme", "UN Development Program", "UNDP"]),
    ("UNICEF", "igo", "IGOUNOKID", "-", "UN", ["UNICEF", "United Nations Children's Fund", "UN Children's Fund",
                                               "United Nations Children's Emergency Fund"]),
    ("UNHCR", "igo", "IGOUNOREFHCR", "-", "UN", ["UNHCR", "UN Refugee Agency", "U.N. refugee agency",
                                                 "United Nations High Commissioner for Refugees",
                                                 "UN High Commissioner for Refugees", "Office of the United Nations High Commissioner for Refugees"]),
    ("OHCHR", "igo", "IGOUNOHRIHCH", "-", "UN", ["OHCHR", "Office of the United Nations High Commissioner for Human Rights",
                                                 "UN Human Rights Office", "UN High Commissioner for Human Rights",
                                                 "United Nations High Commissioner for Human Rights"]),
    ("UNHRC", "igo", "IGOUNOHRI", "-", "UN", ["UN Human Rights Council", "United Nations Human Rights Council",
                                              "Human Rights Council", "UNHRC"]),
    ("WFP", "igo", "IGOUNOWFP", "-", "UN", ["World Food Programme", "World Food Program", "WFP"]),
    ("FAO", "igo", "IGOUNOAGRFAO", "-", "UN", ["Food and Agriculture Organization", "Food and Agriculture Organisation",
                                               "UN Food and Agriculture Organization", "FAO"]),
    ("WHO", "igo", "IGOUNOHLHWHO", "-", "UN", ["World Health Organization", "World Health Organisation", "WHO"]),
    ("ILO", "igo", "IGOUNOLABILO", "-", "UN", ["International Labour Organization", "International Labor Organization",
                                               "International Labour Organisation", "ILO"]),
    ("UNESCO", "igo", "IGOUNODEV", "-", "UN", ["UNESCO", "United Nations Educational, Scientific and Cultural Organization",
                                               "UN Educational, Scientific and Cultural Organization"]),
    ("UNFPA", "igo", "IGOUNOHLH", "-", "UN", ["UNFPA", "United Nations Population Fund", "UN Population Fund"]),
    ("UNEP", "igo", "IGOUNOENV", "-", "UN", ["UNEP", "United Nations Environment Programme", "UN Environment Programme"]),
    ("UNRWA", "igo", "IGOUNOREF", "-", "UN", ["UNRWA", "United Nations Relief and Works Agency",
                                              "UN Relief and Works Agency for Palestine Refugees in the Near East"]),
    ("UNCTAD", "igo", "IGOUNODEV", "-", "UN", ["UNCTAD", "United Nations Conference on Trade and Development"]),
    ("UNODC", "igo", "IGOUNO", "-", "UN", ["UNODC", "United Nations Office on Drugs and Crime", "UN Office on Drugs and Crime"]),
    ("UNIDO", "igo", "IGOUNODEV", "-", "UN", ["UNIDO", "United Nations Industrial Development Organization"]),
    ("UNFCCC", "igo", "IGOUNOENV", "-", "UN", ["UNFCCC", "United Nations Framework Convention on Climate Change"]),
    ("IPCC", "igo", "IGOUNOENV", "-", "UN", ["IPCC", "Intergovernmental Panel on Climate Change"]),
    ("IOM", "igo", "IGOUNOREF", "-", "UN", ["IOM", "International Organization for Migration", "International Organisation for Migration"]),
    ("IAEA", "igo", "IGOUNOIAE", "-", "UN", ["IAEA", "International Atomic Energy Agency"]),
    ("ICJ", "igo", "IGOUNOJUDICJ", "-", "UN", ["ICJ", "International Court of Justice", "World Court"]),
    ("ICC", "igo", "IGOJUDICC", "-", "-", ["ICC", "International Criminal Court"]),
    ("WB", "igo", "IGOUNODEVWBK", "-", "UN", ["World Bank", "World Bank Group", "International Bank for Reconstruction and Development", "IBRD"]),
    ("IMF", "igo", "IGOBUSIMF", "-", "UN", ["IMF", "International Monetary Fund"]),
    ("WTO", "igo", "IGOBUSWTO", "-", "-", ["WTO", "World Trade Organization", "World Trade Organisation"]),
    ("ADB", "igo", "IGOBUSADB", "-", "-", ["ADB", "Asian Development Bank"]),
    ("AfDB", "igo", "IGOAFRBUSAFB", "-", "-", ["AfDB", "African Development Bank"]),
    ("AIIB", "igo", "IGOBUS", "-", "-", ["AIIB", "Asian Infrastructure Investment Bank"]),
    ("EBRD", "igo", "IGOBUS", "-", "-", ["EBRD", "European Bank for Reconstruction and Development"]),
    ("OECD", "igo", "IGOBUSOEC", "-", "-", ["OECD", "Organisation for Economic Co-operation and Development",
                                            "Organization for Economic Cooperation and Development"]),
    ("ASEAN", "igo", "IGOSEAASN", "-", "-", ["ASEAN", "Association of Southeast Asian Nations",
                                             "Association of South East Asian Nations", "Association of South-East Asian Nations"]),
    ("ASEANSEC", "igo", "IGOSEAASN", "-", "ASEAN", ["ASEAN Secretariat"]),
    ("ARF", "igo", "IGOSEAASN", "-", "ASEAN", ["ASEAN Regional Forum"]),
    ("EU", "igo", "IGOEUREEC", "-", "-", ["European Union", "EU", "E.U.", "European Community", "European Economic Community", "EEC", "European Commission"]),
    ("EC", "igo", "IGOEUREEC", "-", "EU", ["European Commission"]),
    ("EP", "igo", "IGOEUREEC", "-", "EU", ["European Parliament"]),
    ("EUCO", "igo", "IGOEUREEC", "-", "EU", ["European Council", "Council of the European Union"]),
    ("ECB", "igo", "IGOEUBUS", "-", "EU", ["ECB", "European Central Bank"]),
    ("COE", "igo", "IGOEUR", "-", "-", ["Council of Europe"]),
    ("NATO", "igo", "IGOWSTNAT", "-", "-", ["NATO", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation",
                                            "North Atlantic Alliance"]),
    ("AU", "igo", "IGOAFRAFU", "-", "-", ["African Union", "AU"]),
    ("AUC", "igo", "IGOAFRAFU", "-", "AU", ["African Union Commission", "AU Commission"]),
    ("OPEC", "igo", "IGOBUSOPC", "-", "-", ["OPEC", "Organization of the Petroleum Exporting Countries",
                                            "Organisation of the Petroleum Exporting Countries"]),
    ("APEC", "igo", "IGOBUS", "-", "-", ["APEC", "Asia-Pacific Economic Cooperation", "Asia Pacific Economic Cooperation"]),
    ("OSCE", "igo", "IGOEUROSC", "-", "-", ["OSCE", "Organization for Security and Co-operation in Europe",
                                            "Organisation for Security and Co-operation in Europe",
                                            "Organization for Security and Cooperation in Europe"]),
    ("G7", "igo", "IGOG7", "-", "-", ["G7", "G-7", "Group of Seven"]),
    ("G20", "igo", "IGOG20", "-", "-", ["G20", "G-20", "Group of Twenty", "Group of 20"]),
    ("BRICS", "igo", "IGO", "-", "-", ["BRICS"]),
    ("SCO", "igo", "IGOASA", "-", "-", ["SCO", "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"]),
    ("OAS", "igo", "IGOWSTOAS", "-", "-", ["OAS", "Organization of American States"]),
    ("OIC", "igo", "IGOMOSOIC", "-", "-", ["OIC", "Organisation of Islamic Cooperation", "Organization of Islamic Cooperation",
                                           "Organization of the Islamic Conference"]),
    ("ARAB", "igo", "IGOARBARL", "-", "-", ["Arab League", "League of Arab States"]),
    ("GCC", "igo", "IGOGCC", "-", "-", ["GCC", "Gulf Cooperation Council", "Cooperation Council for the Arab States of the Gulf"]),
    ("ECOWAS", "igo", "IGOWAFBUSWAS", "-", "-", ["ECOWAS", "Economic Community of West African States"]),
    ("SADC", "igo", "IGOSAFSAD", "-", "-", ["SADC", "Southern African Development Community"]),
    ("IGAD", "igo", "IGODEVIAD", "-", "-", ["IGAD", "Intergovernmental Authority on Development"]),
    ("SAARC", "igo", "IGOSASSAA", "-", "-", ["SAARC", "South Asian Association for Regional Cooperation"]),
    ("CIS", "igo", "IGOEEUCIS", "-", "-", ["Commonwealth of Independent States"]),
    ("INTERPOL", "igo", "IGOCOPITP", "-", "-", ["Interpol", "INTERPOL", "International Criminal Police Organization"]),
    ("IFRC", "ngo", "NGOIRC", "-", "-", ["International Federation of Red Cross and Red Crescent Societies", "IFRC",
                                         "International Federation of the Red Cross", "International Federation of Red Cross"]),
    ("ICRC", "ngo", "NGOIRC", "-", "-", ["International Committee of the Red Cross", "ICRC"]),
    ("RCRC", "ngo", "NGOIRC", "-", "IFRC", ["Red Cross", "Red Crescent", "International Red Cross and Red Crescent Movement",
                                            "Red Cross and Red Crescent"]),
    ("AMN", "ngo", "NGOHRIAMN", "-", "-", ["Amnesty International"]),
    ("HRW", "ngo", "NGOHRI", "-", "-", ["Human Rights Watch", "HRW"]),
    ("MSF", "ngo", "NGOHLHMSF", "-", "-", ["Médecins Sans Frontières", "Medecins Sans Frontieres", "Doctors Without Borders", "MSF"]),
    ("OXFAM", "ngo", "NGODEV", "-", "-", ["Oxfam", "Oxfam International"]),
    ("STC", "ngo", "NGOKID", "-", "-", ["Save the Children"]),
    ("CARE", "ngo", "NGODEV", "-", "-", ["CARE International"]),
    ("IRC", "ngo", "NGOREF", "-", "-", ["International Rescue Committee"]),
    ("NRC", "ngo", "NGOREF", "-", "-", ["Norwegian Refugee Council"]),
    ("RSF", "ngo", "NGOMED", "-", "-", ["Reporters Without Borders", "Reporters Sans Frontières", "Reporters Sans Frontieres", "RSF"]),
    ("CPJ", "ngo", "NGOMED", "-", "-", ["Committee to Protect Journalists", "CPJ"]),
    ("TI", "ngo", "NGO", "-", "-", ["Transparency International"]),
    ("GREENPEACE", "ngo", "NGOENV", "-", "-", ["Greenpeace"]),
    ("WWF", "ngo", "NGOENV", "-", "-", ["WWF", "World Wide Fund for Nature", "World Wildlife Fund"]),
    ("ICG", "ngo", "NGO", "-", "-", ["International Crisis Group", "Crisis Group"]),
]

# National Red Cross / Red Crescent societies: (iso3, id, crescent?, extra names)
RED_CROSS = [
    ("VNM", "VNRC", False, ["Vietnam Red Cross Society", "Viet Nam Red Cross Society", "Vietnam Red Cross",
                            "Viet Nam Red Cross", "Vietnamese Red Cross", "Hội Chữ thập đỏ Việt Nam"]),
    ("CHN", "RCSC", False, ["Red Cross Society of China", "Chinese Red Cross", "China Red Cross",
                            "Chinese Red Cross Society"]),
    ("USA", "ARC", False, ["American Red Cross", "American National Red Cross"]),
    ("GBR", "BRC", False, ["British Red Cross", "British Red Cross Society"]),
    ("IND", "IRCS", False, ["Indian Red Cross Society", "Indian Red Cross"]),
    ("IDN", "PMI", False, ["Indonesian Red Cross Society", "Indonesian Red Cross", "Palang Merah Indonesia"]),
    ("PAK", "PRCS", True, ["Pakistan Red Crescent Society", "Pakistan Red Crescent"]),
    ("BGD", "BDRCS", True, ["Bangladesh Red Crescent Society", "Bangladesh Red Crescent"]),
    ("TUR", "TRC", True, ["Turkish Red Crescent", "Kızılay", "Kizilay", "Turk Kizilay"]),
    ("IRN", "IRCS-IRN", True, ["Iranian Red Crescent", "Iranian Red Crescent Society",
                               "Red Crescent Society of the Islamic Republic of Iran", "Red Crescent Society of Iran"]),
    ("PSE", "PRCS-PSE", True, ["Palestine Red Crescent Society", "Palestinian Red Crescent", "Palestinian Red Crescent Society"]),
    ("SYR", "SARC", True, ["Syrian Arab Red Crescent", "Syrian Red Crescent", "SARC"]),
    ("ISR", "MDA", False, ["Magen David Adom"]),
]
RC_COUNTRIES = """AFG AGO ARG AUS AUT BEL BFA BLR BRA CAN CHE CHL CMR COD COL CUB CZE DEU DNK DZA ECU EGY
ESP ETH FIN FRA GHA GRC GTM HTI HUN IRQ ITA JOR JPN KAZ KEN KHM KOR LAO LBN LBY MAR MDG MEX MLI MMR MOZ
MWI MYS NER NGA NLD NOR NPL NZL PER PHL POL PRK PRT ROU RUS SAU SDN SEN SOM SSD SWE TCD THA TUN TZA UGA
UKR UZB VEN YEM ZAF ZMB ZWE SGP BRN TLS LKA MNG IRL""".split()
CRESCENT = set("AFG BRN DZA EGY IRQ JOR KAZ LBY MAR MYS SAU SDN SOM TCD TUN UZB YEM".split())
ORG_KINDS = {"IGO": "igo", "NGO": "ngo"}  # MNC entries: mostly small US firms, left out
ORG_WORDS = set("""organization organisation agency commission committee council fund bank union
association federation programme program court tribunal office institute foundation society
conference league community forum network centre center mission secretariat authority
partnership alliance movement assembly parliament corporation company group coalition
campaign initiative watch board trust service services cooperation cooperative""".split())


def parse_actor_file(path):
    """Yield (names, codes, comment) records of a PETRARCH actor dictionary."""
    pending, codes, comment = [], [], ""
    records = []

    def flush():
        if pending and codes:
            records.append((list(pending), list(codes), comment))
    for raw in read_text(path).split("\n"):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, com = line.partition("#")
        found = re.findall(r"\[([^\]]*)\]", body)
        name = re.sub(r"\[[^\]]*\]", "", body).strip()
        if name.startswith("+"):
            pending.append(name[1:].strip())
        elif name:
            if codes:
                flush()
                pending, codes, comment = [], [], ""
            pending.append(name)
            comment = com
        if found:
            codes.extend(c.strip() for c in found)
            comment = comment + " " + com
    flush()
    # entries without a code get the code of the next block only when grouped;
    # merge by identical name set is left to the caller
    return records


def initials(name):
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in SMALL]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def build_orgs(common, states_rows):
    rows = {}
    owner = {}  # folded text -> id (first writer wins)

    def add(id_, kind, cameo, country, org, text):
        key = fold(text)
        if key in owner and owner[key] != id_:
            return
        owner[key] = id_
        rows[(id_, kind, cameo, country, org, text)] = True

    for id_, kind, cameo, country, org, names in ORGS:
        for n in names:
            add(id_, kind, cameo, country, org, n)

    names = collections.defaultdict(dict)
    for iso, kind, text in (r.split("\t") for r in states_rows):
        names[iso].setdefault(kind, []).append(text)
    for iso, id_, crescent, extra in RED_CROSS:
        for n in extra:
            add(id_, "ngo", iso + "NGO", iso, "IFRC", n)
    for iso in RC_COUNTRIES:
        if iso not in names:
            continue
        canon = names[iso]["name"][0]
        demonyms = [d for d in names[iso].get("demonym", []) if not d.endswith("s")][:2]
        rc = "Red Crescent" if iso in CRESCENT else "Red Cross"
        id_ = iso + ("RCS" if iso in CRESCENT else "RC")
        forms = ["%s %s Society" % (canon, rc), "%s Society of %s" % (rc, canon), "%s %s" % (canon, rc)]
        forms += ["%s %s" % (d, rc) for d in demonyms]
        for f in forms:
            add(id_, "ngo", iso + "NGO", iso, "IFRC", f)

    # derived from PETRARCH's international actor dictionary
    for names_, codes, comment in parse_actor_file(os.path.join(P2, "Phoenix.International.actors.txt")):
        code = codes[0].split()[0] if codes[0].split() else ""
        if len(codes[0].split()) > 1 or "rulers" in comment.lower() or not code:
            continue  # dated codes are (almost always) persons in office
        kind = ORG_KINDS.get(code[:3])
        if not kind:
            continue
        texts = []
        for n in names_:
            n = n.strip().strip("_")
            if not n or re.search(r"[0-9/()\"]", n):
                continue
            t = n.replace("_", " ")
            t = re.sub(r"\s+", " ", t).strip()
            t = re.sub(r"^(?i:the) ", "", t)
            words = t.split()
            if len(words) == 1 and re.match(r"^[A-Z][A-Z.&'-]+$", t):
                if len(re.sub(r"[^A-Z]", "", t)) < 3 or t.lower().strip(".") in common:
                    continue  # short or common-word acronyms collide
                texts.append(t)
            elif len(words) >= 2 and ORG_WORDS & {w.lower().strip(".,'") for w in words}:
                if len(words) > 10:
                    continue
                texts.append(titlecase(t.replace(" ", "_")))
        if not texts:
            continue
        acr = [t for t in texts if " " not in t]
        full = [t for t in texts if " " in t]
        if acr:
            id_ = acr[0].replace(".", "")
        else:
            id_ = initials(full[0])
            if len(id_) < 3:
                id_ = re.sub(r"[^A-Za-z]", "", full[0])[:12].upper()
        for t in texts:
            add(id_, kind, code, "-", "-", t)
    # A derived name must not take a curated organisation's acronym ("World Tourism
    # Organization" is not the WTO): such rows get the id of their own initials.
    curated_ids = {entry[0]: {fold(t) for t in entry[5]} for entry in ORGS}
    fixed = {}
    for row in rows:
        id_, kind, cameo, country, org, text = row
        if id_ in curated_ids and fold(text) not in curated_ids[id_] and fold(text) != fold(id_):
            id_ = initials(text) + "X"
        fixed[(id_, kind, cameo, country, org, text)] = True
    rows = fixed
    return write_tsv("orgs.tsv", ["id", "kind", "cameo", "country", "org", "text"], rows)


# ------------------------------------------------------------------- agents

TITLE_HEADS = set("""minister ambassador president premier general colonel secretary chairman chairwoman
chairperson chair director envoy king queen prince princess spokesman spokeswoman spokesperson governor
mayor senator commander lieutenant captain major admiral sergeant judge prosecutor chancellor emperor
sheikh sheik ayatollah imam chancellor representative consul rapporteur commissioner chief deputy
congressman congresswoman sultan emir bishop pope archbishop rabbi cardinal marshal brigadier
vice-president president-elect secretary-general under-secretary-general attorney-general
coordinator administrator speaker monarch crown ruler dictator leader head superintendent
inspector ombudsman registrar treasurer counsellor counselor attache attaché adviser advisor
mufti patriarch cleric lord baron duke""".split())

AGENT_EXTRA = [
    ("counterpart", "GOV", "title"),
    ("ambassador", "GOV", "title"), ("permanent representative", "GOV", "title"),
    ("deputy permanent representative", "GOV", "title"), ("head of mission", "GOV", "title"),
    ("under-secretary-general", "IGO", "title"), ("under secretary general", "IGO", "title"),
    ("under-secretary general", "IGO", "title"), ("assistant secretary-general", "IGO", "title"),
    ("secretary-general", "GOV", "title"), ("secretary general", "GOV", "title"),
    ("deputy secretary-general", "GOV", "title"), ("special envoy", "GOV", "title"),
    ("special representative", "GOV", "title"), ("special rapporteur", "IGO", "title"),
    ("high commissioner", "GOV", "title"), ("force commander", "MIL", "title"),
    ("deputy prime minister", "GOV", "title"), ("prime minister", "GOV", "title"),
    ("deputy minister", "GOV", "title"), ("vice minister", "GOV", "title"),
    ("deputy defence minister", "GOVMIL", "title"), ("deputy defense minister", "GOVMIL", "title"),
    ("defence minister", "GOVMIL", "title"), ("defense minister", "GOVMIL", "title"),
    ("foreign minister", "GOV", "title"), ("deputy foreign minister", "GOV", "title"),
    ("minister of foreign affairs", "GOV", "title"), ("minister of national defence", "GOVMIL", "title"),
    ("minister of national defense", "GOVMIL", "title"), ("spokesperson", "GOV", "title"),
    ("spokesman", "GOV", "title"), ("spokeswoman", "GOV", "title"),
    ("deputy spokesperson", "GOV", "title"), ("deputy spokesman", "GOV", "title"),
    ("deputy spokeswoman", "GOV", "title"),
    ("general", "MIL", "title"), ("lieutenant general", "MIL", "title"), ("lt. gen.", "MIL", "title"),
    ("lt gen", "MIL", "title"), ("senior lieutenant general", "MIL", "title"),
    ("sr. lt. gen.", "MIL", "title"), ("sr lt gen", "MIL", "title"), ("major general", "MIL", "title"),
    ("maj. gen.", "MIL", "title"), ("senior colonel", "MIL", "title"), ("colonel", "MIL", "title"),
    ("col.", "MIL", "title"), ("lieutenant colonel", "MIL", "title"), ("lt. col.", "MIL", "title"),
    ("brigadier general", "MIL", "title"), ("brig. gen.", "MIL", "title"), ("gen.", "MIL", "title"),
    ("admiral", "MIL", "title"), ("rear admiral", "MIL", "title"), ("vice admiral", "MIL", "title"),
    ("chairman", "GOV", "title"), ("chairwoman", "GOV", "title"), ("director general", "GOV", "title"),
    ("director-general", "GOV", "title"), ("envoy", "GOV", "title"), ("king", "GOV", "title"),
    ("president", "GOV", "title"), ("vice president", "GOV", "title"), ("minister", "GOV", "title"),
    ("chief of general staff", "MIL", "title"), ("chief of staff", "GOV", "title"),
    ("head of state", "GOV", "title"), ("head of government", "GOV", "title"),
    ("director", "GOV", "title"), ("regional director", "IGO", "title"),
    ("country director", "IGO", "title"), ("executive director", "GOV", "title"),
    ("cabinet secretary", "GOV", "title"), ("secretary", "GOV", "title"),
    ("deputy director", "GOV", "title"), ("vice chairman", "GOV", "title"),
    ("vice chairwoman", "GOV", "title"), ("chair", "GOV", "title"),
    ("coordinator", "GOV", "title"), ("representative", "GOV", "title"),
    ("chief representative", "GOV", "title"), ("resident coordinator", "IGO", "title"),
    ("administrator", "GOV", "title"), ("president and ceo", "GOV", "title"),
    ("secretary-general for", "IGO", "title"), ("emergency relief coordinator", "IGO", "title"),
    ("opposition", "OPP", "noun"), ("opposition groups", "OPP", "noun"),
    ("opposition parties", "OPP", "noun"), ("opposition party", "OPP", "noun"),
    ("opposition leader", "OPP", "title"), ("opposition leaders", "OPP", "noun"),
    ("activists", "ACT", "noun"), ("protesters", "PRO", "noun"), ("demonstrators", "PRO", "noun"),
    ("rebels", "REB", "noun"), ("insurgents", "INS", "noun"), ("militants", "REB", "noun"),
    ("leaders", "GOV", "noun"), ("officials", "GOV", "noun"), ("authorities", "GOV", "noun"),
    ("troops", "MIL", "noun"), ("peacekeepers", "IGO", "noun"), ("peacekeeper", "IGO", "noun"),
    ("blue helmets", "IGO", "noun"), ("police", "COP", "noun"), ("government", "GOV", "noun"),
    ("ministry", "GOV", "noun"), ("ministries", "GOV", "noun"), ("army", "MIL", "noun"),
    ("armies", "MIL", "noun"), ("parliament", "LEG", "noun"), ("parliaments", "LEG", "noun"),
    ("court", "JUD", "noun"), ("courts", "JUD", "noun"), ("protesters", "CVL", "noun"),
    ("protester", "CVL", "noun"), ("rebels", "REB", "noun"), ("rebel", "REB", "noun"),
    ("delegation", "GOV", "noun"), ("delegations", "GOV", "noun"), ("diplomat", "GOV", "noun"),
    ("diplomats", "GOV", "noun"), ("official", "GOV", "noun"), ("officials", "GOV", "noun"),
]


def plural(word):
    w = word
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    if w.endswith("man"):
        return w[:-3] + "men"
    if w.endswith("person"):
        return w[:-6] + "people"
    if w.endswith("child"):
        return w + "ren"
    return w + "s"


def build_agents():
    subst = {}
    rows = {}
    for raw in read_text(os.path.join(P2, "Phoenix.agents.txt")).split("\n"):
        line = raw.split("#")[0].strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.*)$", line)
        if m:
            subst[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]", line)
        if not m:
            continue
        phrase, plur, code = m.group(1).strip(), m.group(2), m.group(3).strip()
        sector = code.replace("~", "").strip()
        if not re.match(r"^[A-Z]{3,}$", sector):
            continue
        if "!MINST!" in phrase:
            phrase = phrase.replace("!MINST!", "!MINIST!")
        forms = []
        marks = re.findall(r"![A-Z]+!", phrase)
        if marks:
            variants = [phrase]
            for mk in marks:
                variants = [v.replace(mk, x, 1) for v in variants for x in subst.get(mk, [])]
            forms = [(v, True) for v in variants]  # expansions already hold plurals
            # a bare stem "X_MINIST" (no marker) is handled below
        elif phrase.endswith("MINIST") or phrase.endswith("_MINIST"):
            forms = [(phrase[:-6] + x, True) for x in subst.get("!MINIST!", [])]
        else:
            forms = [(phrase, False)]
            if plur is not None:
                inner = plur.strip("{} ")
                if inner:
                    forms.append((inner, True))
        for text, is_plural_given in forms:
            t = text.replace("_", " ").lower()
            t = re.sub(r"\s+", " ", t).strip()
            if not t or not re.match(r"^[a-z][a-z .'-]*$", t) or len(t.split()) > 4:
                continue
            words = t.split()
            # "ambassador to", "embassy in": the place after them is found as a place, and an
            # entry ending in a preposition would hide the title before a person's name.
            if words[-1] in ("to", "for", "at", "in", "of"):
                continue
            hi = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
            head = words[hi]
            kind = "title" if head in TITLE_HEADS and not re.search(r"(s|men|ies)$", head) else "noun"
            rows[(t, sector, kind)] = True
            if not is_plural_given and plur is None:
                p = " ".join(words[:hi] + [plural(words[hi])] + words[hi + 1:])
                if len(p.split()) <= 4:
                    rows[(p, sector, "noun")] = True
    for t, sector, kind in AGENT_EXTRA:
        rows[(t, sector, kind)] = True
    # one row per text: prefer title over noun, keep all sectors
    texts_title = {t for (t, s, k) in rows if k == "title"}
    out = [(t, s, "title" if t in texts_title else k) for (t, s, k) in rows]
    return write_tsv("agents.tsv", ["text", "sector", "kind"], out)


# -------------------------------------------------------------------- verbs

DOUBLE = set("""commit admit emit omit permit submit transmit acquit regret occur incur recur
refer prefer confer defer infer transfer deter compel expel propel repel rebel control patrol
equip abet forbid kidnap worship outstrip unwrap embed""".split())
NO_DOUBLE_END = ("w", "x", "y")


def regular_forms(v):
    """-s, -ed, -ing for a regular English verb."""
    if re.search(r"(s|x|z|ch|sh|o)$", v) and not v.endswith("oo"):
        s3 = v + "es"
    elif re.search(r"[^aeiou]y$", v):
        s3 = v[:-1] + "ies"
    else:
        s3 = v + "s"
    dbl = v in DOUBLE or (re.search(r"^[^aeiou]*[aeiou][^aeiouwxy]$", v) is not None)
    if v.endswith("c") and v in ("panic", "mimic", "traffic", "picnic"):
        stem_ed, stem_ing = v + "k", v + "k"
    elif dbl:
        stem_ed = stem_ing = v + v[-1]
    else:
        stem_ed = stem_ing = v
    if v.endswith("e"):
        ed = v + "d"
        ing = v if v.endswith(("ee", "ye", "oe")) else v[:-1]
        ing = (v[:-2] + "y" if v.endswith("ie") else ing) + "ing"
    elif re.search(r"[^aeiou]y$", v):
        ed, ing = v[:-1] + "ied", v + "ing"
    else:
        ed, ing = stem_ed + "ed", stem_ing + "ing"
    return [v, s3, ed, ing]


def parse_verb_dictionary():
    """Return synsets {name: [phrases]} and blocks [(default, [verbs], [patterns])] where a
    verb is (lemma_words, head_index_or_None, forms_list, code_or_None)."""
    lines = read_text(os.path.join(P2, "CAMEO.2.0.txt")).split("\n")
    synsets, blocks = {}, []
    cur_syn = None
    in_verbs = False
    block = None
    for raw in lines:
        if "####### VERB PATTERNS" in raw:
            in_verbs = True
            cur_syn = None
            continue
        line = raw.split("#")[0].rstrip() if not raw.startswith("---") else raw
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                cur_syn = line.strip()
                synsets[cur_syn.rstrip("_")] = {"nopl": cur_syn.endswith("_"), "items": []}
            elif line.startswith("+") and cur_syn:
                synsets[cur_syn.rstrip("_")]["items"].append(line[1:].strip())
            continue
        if line.startswith("---"):
            m = re.search(r"\[([^\]]*)\]", line)
            block = {"code": m.group(1).strip() if m else "---", "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None or line.startswith("~"):
            continue
        if line.startswith("-"):
            block["patterns"].append(line[1:].strip())
            continue
        m = re.match(r"^\s*([^\s{\[]+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", line)
        if not m:
            continue
        word, irr, code = m.group(1), m.group(2), m.group(3)
        code = code.strip("[] ") if code else None
        parts = word.split("_")
        head = next((i for i, w in enumerate(parts) if w.startswith("+")), None)
        parts = [w.lstrip("+").lower() for w in parts if w.strip("+")]
        irr_forms = None
        if irr is not None:
            irr_forms = []
            for f in irr.strip("{} ").split():
                fp = f.split("_")
                h = next((i for i, w in enumerate(fp) if w.startswith("+")), None)
                irr_forms.append(([w.lstrip("+").lower() for w in fp], h))
        block["verbs"].append((parts, head, irr_forms, code))
    return synsets, blocks


def verb_forms(parts, head, irr):
    """All forms of the (possibly multi-word) verb, and the head lemma's forms."""
    if head is None:
        head = 0 if len(parts) == 1 else None
    lemma = " ".join(parts)
    if irr is None:
        if head is None:
            return lemma, [lemma], None, []
        hf = regular_forms(parts[head])
        forms = [" ".join(parts[:head] + [f] + parts[head + 1:]) for f in hf]
        return lemma, forms, parts[head], hf
    forms = [lemma] + [" ".join(fp) for fp, h in irr]
    if head is None:
        return lemma, forms, None, []
    hf = [parts[head]]
    for fp, h in irr:
        if h is not None and h < len(fp):
            hf.append(fp[h])
        elif len(fp) == 1:
            hf.append(fp[0])
    return lemma, forms, parts[head], hf


def build_verbs():
    synsets, blocks = parse_verb_dictionary()
    rows = {}
    for b in blocks:
        for parts, head, irr, code in b["verbs"]:
            lemma, forms, hl, hf = verb_forms(parts, head, irr)
            for f in forms:
                rows[(lemma, f)] = True
            if hl and " " in lemma:
                for f in hf:
                    rows[(hl, f)] = True
    write_tsv("verb-forms.tsv", ["lemma", "form"], rows)
    return synsets, blocks


CAMEO_RE = re.compile(r"^[0-9]{2,4}$")


def synset_alternation(synsets, name):
    s = synsets.get(name.rstrip("_"))
    if not s:
        return None
    words = []
    for item in s["items"]:
        nopl = s["nopl"] or item.endswith("_")
        w = item.strip("_").lower()
        if "_" in w or " " in w or not w:
            continue
        words.append(w)
        if not nopl:
            words.append(plural(w))
    words = sorted(set(words))
    return "|".join(words) if words else None


def convert_side(text, synsets):
    """Pattern words -> dyad elements; None when inexpressible."""
    text = text.replace("{", " ").replace("}", " ").replace("(", " ").replace(")", " ")
    out = []
    for tok in text.split():
        tok = tok.strip()
        tok = tok.lstrip("+$%^")
        if not tok:
            continue
        if tok.startswith("&"):
            alt = synset_alternation(synsets, tok)
            if alt is None:
                return None
            out.append(alt)
            continue
        for w in tok.split("_"):
            w = w.lower().strip()
            if not w:
                continue
            if not re.match(r"^[a-z0-9][a-z0-9'.-]*$", w):
                return None
            out.append(w)
    return out


def verb_element(parts, head):
    if head is None and len(parts) == 1:
        head = 0
    if head is None:
        return parts  # no inflected head: literal words
    return parts[:head] + ["+" + parts[head]] + parts[head + 1:]


# Everyday verbs that PETRARCH2 files under one event as a bare word ("take" under "annex",
# "give" under cooperation, "mobilise" under military mobilisation): alone they say nothing about
# an event ("took the occasion to", "mobilising resources"); their longer patterns are kept.
BARE_VERBS_DROPPED = {"analyse", "analyze", "attach", "express", "face", "give", "go", "improve", "lead", "leave", "mobilise", "mobilize", "pass", "pull", "see", "take"}


def build_patterns(synsets, blocks):
    rows = {}
    for b in blocks:
        for parts, head, irr, code in b["verbs"]:
            c = code if code else b["code"]
            c = c.split(":")[0].strip()
            if len(parts) == 1 and parts[0] in BARE_VERBS_DROPPED:
                continue
            if CAMEO_RE.match(c):
                rows[(c, " ".join(verb_element(parts, head)))] = True
        for pat in b["patterns"]:
            m = re.match(r"^(.*?)\[([^\]]*)\]", pat)
            if not m:
                continue
            body, code = m.group(1), m.group(2).split(":")[0].strip()
            if not CAMEO_RE.match(code) or "*" not in body:
                continue
            pre, _, post = body.partition("*")
            pre_el, post_el = convert_side(pre, synsets), convert_side(post, synsets)
            if pre_el is None or post_el is None or (not pre_el and not post_el):
                continue
            for parts, head, irr, vcode in b["verbs"]:
                v = verb_element(parts, head)
                el = []
                if pre_el:
                    el += pre_el + ["*"]
                el += v
                if post_el:
                    el += ["*"] + post_el
                rows[(code, " ".join(el))] = True
    return write_tsv("petrarch-patterns.tsv", ["cameo", "pattern"], rows)


# -------------------------------------------------------------------- cameo

def build_cameo():
    table = {}
    for line in read_text(C2P).split("\n"):
        m = re.match(r"^([0-9]{2,4}):\s*([^#]*)", line)
        if not m:
            continue
        fields = [f.strip() for f in m.group(2).split(",")]
        table[m.group(1)] = (fields[0] or "NONE", fields[1] if len(fields) > 1 and fields[1] else "-")
    rows = []
    with open(CAMEO_CODES, encoding="utf-8", errors="replace") as f:
        for r in csv.DictReader(f):
            code = r["code"].strip()
            if not CAMEO_RE.match(code):
                continue
            plover, mode = "NONE", "-"
            for k in (code, code[:3], code[:2]):
                if k in table:
                    plover, mode = table[k]
                    if k != code:
                        mode = "-"  # a parent's mode does not describe the child
                    break
            gs = r["goldstein"].strip()
            gs = gs if gs and gs != "NA" else "-"
            name = clean(r["name"]).replace("\ufffd", "'")
            rows.append((code, plover, mode, gs, name))
    return write_tsv("cameo.tsv", ["cameo", "plover", "mode", "goldstein", "name"], rows)


def main():
    common = common_words()
    states = build_states(common)
    build_orgs(common, states)
    build_persons(common, states)
    build_agents()
    synsets, blocks = build_verbs()
    build_patterns(synsets, blocks)
    build_cameo()


if __name__ == "__main__":
    main()
