#!/usr/bin/env python3
"""Drives dyad's page in headless Chromium through chromedriver (the W3C WebDriver protocol over
HTTP, with nothing but the standard library) for what a dumped DOM cannot tell: where things are
on screen, and what clicking and typing do.

drive.py BASE CHECK [SHOTS], where CHECK is one of (SHOTS: a folder for a screenshot of the page
as the check leaves it, CHECK.png):

- article-in-view: for deep links to an event of an article (#/article/ID?event=N), the chosen
  event's card and its sentence are inside the visible viewport (getBoundingClientRect, and
  inside every scrolling box around them); clicking a card brings its sentence into view (and
  keeps the card in view);
- typed-person: typing a person's surname ("lacroix") or name without accents
  ("nguyen xuan phuc") into the actor box suggests the person with the body they act for and
  their role; choosing one, or typing their name in full and Enter, shows the events that name
  them.

Prints "ok CHECK", or "FAIL CHECK: why" for each thing wrong and exits 1.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

# Whether an element is inside the viewport and inside the visible box of every scrolling
# ancestor (a card scrolled out of its own column is not seen, whatever the window shows).
VISIBLE = """
const node = arguments[0];
const r = node.getBoundingClientRect();
const boxes = [{ top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth, what: "viewport" }];
for (let p = node.parentElement; p; p = p.parentElement) {
  const s = getComputedStyle(p);
  if (/(auto|scroll|hidden)/.test(s.overflowY) && p.scrollHeight > p.clientHeight) {
    const b = p.getBoundingClientRect();
    boxes.push({ top: b.top, bottom: b.top + p.clientHeight, left: b.left, right: b.right, what: p.id || p.className });
  }
}
const out = boxes.filter(b => r.top < b.top - 1 || r.bottom > b.bottom + 1);
return { ok: r.height > 0 && out.length === 0, top: Math.round(r.top), bottom: Math.round(r.bottom),
  outside: out.map(b => `${b.what} ${Math.round(b.top)}..${Math.round(b.bottom)}`) };
"""


class Driver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        chrome = {"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1000",
                           "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"]}
        for binary in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
            if os.path.exists(binary):
                chrome["binary"] = binary
                break
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": chrome}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as res:
                return json.loads(res.read())["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.read().decode()[:300]}") from None

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def go(self, url):
        self.s("POST", "/url", {"url": "about:blank"})
        self.s("POST", "/url", {"url": url})

    def find(self, css):
        found = self.s("POST", "/elements", {"using": "css selector", "value": css})
        return [{ELEMENT: f[ELEMENT]} for f in found]

    def wait(self, css, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            found = self.find(css)
            if found:
                return found[0]
            time.sleep(0.1)
        raise RuntimeError(f"nothing matches {css!r} after {timeout} s")

    def until(self, script, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            value = self.js(script)
            if value:
                return value
            time.sleep(0.1)
        raise RuntimeError(f"never true: {script}")

    def click(self, element):
        self.s("POST", f"/element/{element[ELEMENT]}/click")

    def type(self, element, text):
        self.s("POST", f"/element/{element[ELEMENT]}/value", {"text": text})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def visible(self, element):
        return self.js(VISIBLE, element)

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article_deep_links(d, base):
    """The chosen card and its sentence in view for each deep link; a click on a card brings its
    sentence into view."""
    fails = []
    links = [
        "#/article/un-vn-visit?event={last}",
        "#/article/un-vn-visit?event={middle}",
        "#/article/un-vn-visit?event={first}",
        "#/article/vn-un-mou?event={last}",
    ]
    for template in links:
        article = template.split("/")[2].split("?")[0]
        ids = json.load(urllib.request.urlopen(f"{base}/api/articles/{article}"))["events"]
        ids = [e["id"] for e in ids]
        link = template.format(first=ids[0], middle=ids[len(ids) // 2], last=ids[-1])
        d.go(base + "/" + link)
        card = d.wait(".coding.active")
        d.until("return document.readyState === 'complete'")
        time.sleep(0.3)
        for name, element in (("card", card), ("sentence", d.wait("mark.event.active"))):
            v = d.visible(element)
            if not v["ok"]:
                fails.append(f"{link}: the chosen event's {name} is off screen ({v})")
        # Click every other card in turn: its sentence comes into view, the card stays in view.
        for other in ids if article == "un-vn-visit" else ids[:1]:
            cards = d.find(f'.coding[data-event="{other}"]')
            # On its type badge: the card's links (actors, persons) lead elsewhere.
            d.click(d.find(f'.coding[data-event="{other}"] .type')[0])
            d.until(f"return document.querySelector('.coding.active')?.dataset.event === '{other}'")
            time.sleep(0.2)
            marks = d.find("mark.event.active")
            if not marks:
                fails.append(f"{link}: clicking card {other} marks no sentence")
                continue
            for name, element in (("sentence", marks[0]), ("card", cards[0])):
                v = d.visible(element)
                if not v["ok"]:
                    fails.append(f"{link}: after clicking card {other}, its {name} is off screen ({v})")
    return fails


def typed_person(d, base):
    """A surname typed into the actor box finds the person; choosing them lists their events."""
    fails = []
    for typed, person, label in [
        ("lacroix", "Jean-Pierre Lacroix", "UN, Under-Secretary-General"),
        ("nguyen xuan phuc", "Nguyễn Xuân Phúc", "VNM, President"),
    ]:
        d.go(base + "/#/events")
        box = d.wait('#filters input[name="actor"]')
        d.type(box, typed)
        try:
            option = d.until(
                "return [...document.querySelectorAll('#actor-suggestions option')]"
                f".find(o => o.value === {json.dumps(person)} && o.dataset.kind === 'person')?.label")
        except RuntimeError:
            got = d.js("return [...document.querySelectorAll('#actor-suggestions option')].map(o => [o.value, o.label])")
            fails.append(f"typing {typed!r} suggests no {person}: {got}")
            continue
        if label not in option:
            fails.append(f"the suggestion of {person} does not say {label!r}: {option!r}")
        # Choosing a suggestion puts its value in the box, as the browser's list does.
        d.js("const box = arguments[0]; box.value = arguments[1];"
             "box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText' }));",
             box, person)
        try:
            d.until("return location.hash.includes('person=') && document.querySelectorAll('#events tbody tr').length > 0")
        except RuntimeError:
            fails.append(f"choosing {person} does not show their events: {d.js('return location.hash')}")
            continue
        rows = d.js("return [...document.querySelectorAll('#events tbody tr')].map(r => r.dataset.event)")
        # The events whose reports name the person (a merged event's row shows its best report,
        # which may not name them: another of its reports does).
        api = json.load(urllib.request.urlopen(f"{base}/api/events?person={urllib.parse.quote(person)}"))
        named = [str(e["id"]) for e in api["events"]]
        want = 4 if person == "Jean-Pierre Lacroix" else 2
        if rows != named or len(rows) != want:
            fails.append(f"expected the {want} events naming {person} ({named}), the table shows {rows}")
        surname = person.split()[-1]
        for e in api["events"]:
            told = [e["sentence"]] + [s["sentence"] for s in e["sources"]]
            if not any(surname in t for t in told):
                fails.append(f"event {e['id']} does not name {person}: {told}")
        shown = d.js("return document.querySelector('#events').textContent")
        if person not in shown:
            fails.append(f"the table does not show {person}")
        heading = d.js("return document.querySelector('h1').textContent")
        if person not in heading or label not in heading:
            fails.append(f"the heading does not say {person} — {label}: {heading!r}")
    # A name typed in full, key by key, and Enter: the person's events too.
    d.go(base + "/#/events")
    box = d.wait('#filters input[name="actor"]')
    d.type(box, "Jean-Pierre Lacroix")
    d.until("return [...document.querySelectorAll('#actor-suggestions option')]"
            ".some(o => o.value === 'Jean-Pierre Lacroix')")
    if "person=" in d.js("return location.hash"):
        fails.append("typing a name key by key chose the person before Enter")
    d.type(box, "\ue007")
    try:
        d.until("const q = new URLSearchParams(location.hash.split('?')[1] || '');"
                "return q.get('person') === 'Jean-Pierre Lacroix' && !q.has('actor')"
                " && document.querySelectorAll('#events tbody tr').length === 4")
    except RuntimeError:
        fails.append(f"a person's name typed in full and Enter does not filter by them: {d.js('return location.hash')}")
    return fails


CHECKS = {"article-in-view": article_deep_links, "typed-person": typed_person}


def main():
    base, name = sys.argv[1].rstrip("/"), sys.argv[2]
    port = free_port()
    log = tempfile.TemporaryFile()
    driver_proc = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=log, stderr=log)
    d = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        d = Driver(port)
        fails = CHECKS[name](d, base)
        if len(sys.argv) > 3:
            d.screenshot(os.path.join(sys.argv[3], f"{name}.png"))
    except Exception as e:  # a step that could not run fails the check
        fails = [f"{type(e).__name__}: {e}"]
    finally:
        if d:
            d.quit()
        driver_proc.terminate()
        driver_proc.wait(timeout=10)
    for f in fails:
        print(f"FAIL {name}: {f}")
    if not fails:
        print(f"ok {name}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
