#!/usr/bin/env python3
"""Checks a page that headless Chromium rendered (its --dump-dom output).

check.py events FILE        the event table has a row per fixture event
check.py article FILE S...  each sentence S is highlighted as one event span, one event active
check.py actor FILE         the actor page drew a timeline and lists partners
check.py graph FILE         the network graph drew actors and pairs
check.py commitments FILE   the commitments view lists open and followed-up commitments by holder,
                            with the follow-up's evidence
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
        # 7 fixture events, a pledge, and one delivery told by two outlets (one row).
        if page.rows != 9:
            fail.append(f"expected 9 event rows, found {page.rows}")
        if "1–9 of 9 events" not in "".join(page.text):
            fail.append("the count of matching events is not shown")
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
    else:
        fail.append(f"unknown mode {mode}")
    for f in fail:
        print(f"FAIL {mode}: {f}")
    if not fail:
        print(f"ok {mode}")
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
