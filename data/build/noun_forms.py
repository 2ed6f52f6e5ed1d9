#!/usr/bin/env python3
"""Writes data/noun-forms.tsv: verb forms from data/verb-forms.tsv that UD English-EWT (train and
dev) tags as VERB less than a quarter of the time (seen three times or more): "forces",
"supplies", "according". The coder takes them for verbs only right after a subject, a modal,
"to" or a pronoun. Run from the repository root after derive.py: python3 data/build/noun_forms.py
"""
import collections
import os

shared = os.environ.get("DYAD_SHARED", "../shared/data")
seen, as_verb = collections.Counter(), collections.Counter()
for part in ("train", "dev"):
    with open(f"{shared}/ud-ewt/en_ewt-ud-{part}.conllu", encoding="utf-8") as treebank:
        for line in treebank:
            cells = line.rstrip("\n").split("\t")
            if len(cells) != 10 or not cells[0].isdigit():
                continue
            word = cells[1].lower()
            seen[word] += 1
            as_verb[word] += cells[3] == "VERB"
with open("data/verb-forms.tsv", encoding="utf-8") as table:
    forms = {line.split("\t")[1].strip() for line in table if not line.startswith("#") and "\t" in line}
rows = sorted(
    f"{form}\t{as_verb[form] / seen[form]:.2f}"
    for form in forms
    if seen[form] >= 3 and as_verb[form] / seen[form] < 0.25 and any(c.isalpha() for c in form)
)
with open("data/noun-forms.tsv", "w", encoding="utf-8") as out:
    out.write("# form\tshare tagged VERB in UD English-EWT train+dev\n")
    out.write("".join(row + "\n" for row in sorted(set(rows), key=lambda r: r.encode())))
print(len(rows), "noun forms")
