#!/usr/bin/env python3
"""Classifies the misses of a prediction file: analysis.py GOLD PRED."""
import json, sys, collections, importlib.util
spec = importlib.util.spec_from_file_location("score", __file__.rsplit('/', 2)[0] + "/../shared/eval/score.py")
score = importlib.util.module_from_spec(spec); spec.loader.exec_module(score)
gold = [json.loads(l) for l in open(sys.argv[1])]
preds = collections.defaultdict(list)
for l in open(sys.argv[2]):
    e = json.loads(l); preds[e['article_id']].append(e)
kinds = collections.Counter()
for a in gold:
    actors = a.get('actors', {})
    got = [(score.key_of(p.get('source'), actors), p['event_type'], score.key_of(p.get('target'), actors)) for p in preds[a['article_id']]]
    for e in a['events']:
        if e.get('optional'): continue
        want = (e['source'], e['type'], e.get('target') or '-')
        alts = {want} | ({(want[2], want[1], want[0])} if e.get('symmetric') else set()) | {(want[0], t, want[2]) for t in e.get('alt_types', [])}
        if alts & set(got): kinds['hit'] += 1
        elif not got: kinds['nothing predicted'] += 1
        elif any(g[0] == want[0] and g[2] == want[2] for g in got): kinds['right actors, wrong type'] += 1
        elif any(g[1] == want[1] and g[0] == want[0] for g in got): kinds['right source+type, wrong target'] += 1
        elif any(g[1] == want[1] and g[2] == want[2] for g in got): kinds['right type+target, wrong source'] += 1
        elif any(g[1] == want[1] for g in got): kinds['right type, wrong actors'] += 1
        else: kinds['other'] += 1
for k, v in kinds.most_common(): print(f"{v:4} {k}")
