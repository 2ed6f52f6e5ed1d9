#!/usr/bin/env python3
"""Checks a page that headless Chromium rendered (its --dump-dom output).

check.py events FILE        the event table has a row per fixture event
check.py article FILE S...  each sentence S is highlighted as one event span, one event active
check.py actor FILE         the actor page drew a timeline and lists partners
check.py graph FILE         the network graph drew actors and pairs
check.py commitments FILE   the commitments view lists open and followed-up commitments by holder,
                            with the follow-up's evidence
check.py pair FILE          the pair view of Vietnam and the UN in 2023: events both ways, every month
                            on the time axis, the commitments with their periods, downloads
check.py found FILE ID      the actor search lists ID first
check.py person FILE NAME WHAT  the actor search lists the person NAME first, as acting for and in
                            the role WHAT, linked to their events
check.py nomatch FILE       the actor search says that nothing matches
check.py actors FILE        the actors table links partners (no flattened text) and pair views
"""
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []          # open elements: (tag, attrs)
        self.rows = 0
        self.types = []
        self.spans = {}          # event id -> highlighted text
        self.active = 0
        self.triggers = []
        self.tags = {}
        self.ids = set()
        self.text = []
        self.statuses = []       # data-status of each commitment row
        self.holders = []        # data-holder of each section
        self.sources = []        # the Sources cell of each event row
        self.ways = []           # data-way of each pair event row
        self.found = []          # data-actor of each search result
        self.persons = []        # data-person of each person found
        self.person_text = {}    # data-person -> the text of its item
        self.person_links = []   # links inside the persons found
        self.months = []         # data-month of each bar of the pair chart
        self.periods = []        # period cells of the pair's commitments
        self.links = {}          # table id -> links inside it
        self.classes = {}        # class -> elements
        self.headers = []        # th texts

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "tr" and "data-event" in a and self.inside("table", "events"):
            self.rows += 1
        if tag == "tr" and "data-status" in a:
            self.statuses.append(a["data-status"])
        if tag == "section" and "data-holder" in a:
            self.holders.append(a["data-holder"])
        if tag == "mark" and "active" in a.get("class", "").split():
            self.active += 1
        if tag == "tr" and "data-way" in a:
            self.ways.append(a["data-way"])
        if tag == "li" and "data-actor" in a:
            self.found.append(a["data-actor"])
        if tag == "li" and "data-person" in a:
            self.persons.append(a["data-person"])
        if tag == "a" and self.inside("ul", "found-persons"):
            self.person_links.append(a.get("href", ""))
        if tag == "rect" and "data-month" in a and a.get("class") == "a-to-b":
            self.months.append(a["data-month"])
        for c in a.get("class", "").split():
            self.classes[c] = self.classes.get(c, 0) + 1
        if tag == "a":
            for t, ta in self.stack:
                if t == "table" and "id" in ta:
                    self.links[ta["id"]] = self.links.get(ta["id"], 0) + 1
        self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def inside(self, tag, ident):
        return any(t == tag and a.get("id") == ident for t, a in self.stack)

    def handle_data(self, data):
        self.text.append(data)
        for tag, a in self.stack:
            if tag == "li" and "data-person" in a:
                self.person_text[a["data-person"]] = self.person_text.get(a["data-person"], "") + data
        if self.stack and self.stack[-1][0] == "td" and self.stack[-1][1].get("class") == "period":
            self.periods.append(data)
        if self.stack and self.stack[-1][0] == "th":
            self.headers.append(data)
        if self.stack and self.stack[-1][0] == "td" and "sources" in self.stack[-1][1].get("class", "").split():
            self.sources.append(data.strip())
        for tag, a in reversed(self.stack):
            if tag == "span" and a.get("class") == "type" and self.inside("table", "events"):
                self.types.append(data)
            if tag == "mark":
                for ev in a.get("data-events", "").split():
                    self.spans[ev] = self.spans.get(ev, "") + data
                if self.stack[-1][0] == "span" and self.stack[-1][1].get("class") == "trigger":
                    self.triggers.append(data)
                break


def main():
    mode, path, *expected = sys.argv[1:]
    page = Page()
    page.feed(open(path, encoding="utf-8").read())
    fail = []
    if mode == "events":
        # 7 fixture events, a pledge, one delivery told by two outlets (one row), 11 events of
        # Vietnam and the UN, and 7 of a visit (its headline and first sentence one event).
        if page.rows != 27:
            fail.append(f"expected 27 event rows, found {page.rows}")
        if "1–27 of 27 events" not in "".join(page.text):
            fail.append("the count of matching events is not shown")
        if "Place" not in page.headers or "Hanoi (VNM)" not in "".join(page.text):
            fail.append("no place column")
        if page.classes.get("link", 0) < 27:
            fail.append("rows are not links")
        if "2" not in page.sources:
            fail.append(f"no event shows two sources: {page.sources}")
        for t in ("AGREE", "SUPPORT", "ACCUSE", "REJECT", "ASSAULT", "REQUEST"):
            if t not in page.types:
                fail.append(f"event type {t} not shown")
    elif mode == "article":
        texts = set(page.spans.values())
        for sentence in expected:
            if sentence not in texts:
                fail.append(f"sentence not highlighted as one span: {sentence!r}; spans: {sorted(texts)}")
        if page.active < 1:
            fail.append("no highlighted span is marked active")
        if not page.triggers:
            fail.append("no trigger words are marked")
    elif mode == "actor":
        if "timeline" not in page.ids or page.tags.get("rect", 0) < 1:
            fail.append("no timeline bars")
        if page.tags.get("li", 0) < 1:
            fail.append("no partners listed")
    elif mode == "graph":
        if "graph" not in page.ids or page.tags.get("circle", 0) < 5 or page.tags.get("line", 0) < 3:
            fail.append(f"graph too small: {page.tags.get('circle', 0)} nodes, {page.tags.get('line', 0)} edges")
    elif mode == "commitments":
        text = "".join(page.text)
        if "open" not in page.statuses or "followed_up" not in page.statuses:
            fail.append(f"expected open and followed-up commitments, found {page.statuses}")
        if "JPN" not in page.holders or len(page.holders) < 2:
            fail.append(f"commitments not grouped by holder: {page.holders}")
        if "AID from JPN to VNM fulfils the pledge" not in text:
            fail.append("the follow-up's evidence is not shown")
    elif mode == "pair":
        text = "".join(page.text)
        if "a_to_b" not in page.ways or "b_to_a" not in page.ways:
            fail.append(f"events are not shown both ways: {page.ways}")
        want = [f"2023-{m:02d}" for m in range(3, 11)]
        if page.months != want:
            fail.append(f"time axis is not every month from March to October 2023: {page.months}")
        if "2023–2027" not in page.periods:
            fail.append(f"the memorandum's period is not shown: {page.periods}")
        for words in ("memorandum of understanding", "VNM → UN", "UN → VNM", "download CSV", "download JSON"):
            if words not in text:
                fail.append(f"{words!r} not shown")
        if "criticised" in text:
            fail.append("an event of 2024 is shown in the 2023 view")
        if page.tags.get("polyline", 0) != 1:
            fail.append("no cooperation–conflict line")
    elif mode == "found":
        if not page.found or page.found[0] != expected[0]:
            fail.append(f"expected {expected[0]} first, found {page.found}")
    elif mode == "person":
        name, what = expected
        if not page.persons or page.persons[0] != name:
            fail.append(f"expected the person {name} first, found {page.persons}")
        elif " ".join(what.split()) not in " ".join(page.person_text[name].split()):
            fail.append(f"{name} is not shown as {what!r}: {page.person_text[name]!r}")
        if not any(link.startswith("#/events?person=") for link in page.person_links):
            fail.append(f"no link to the person's events: {page.person_links}")
        if "Jean-Pierre Lacroix" in page.persons and "Nguyễn Xuân Phúc" in page.persons:
            fail.append(f"a search for one person lists others: {page.persons}")
    elif mode == "nomatch":
        if "no-match" not in page.ids or "no actor or person matches" not in "".join(page.text):
            fail.append("the search does not say that nothing matches")
    elif mode == "actors":
        text = "".join(page.text)
        if "[object" in text or "#/actor/" in text:
            fail.append("a partner link was flattened into text")
        if page.links.get("actors", 0) < 10:
            fail.append(f"too few links in the actors table: {page.links}")
        if page.classes.get("pair", 0) < 3:
            fail.append("no links to pair views")
    else:
        fail.append(f"unknown mode {mode}")
    for f in fail:
        print(f"FAIL {mode}: {f}")
    if not fail:
        print(f"ok {mode}")
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
