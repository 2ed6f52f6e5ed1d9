#!/usr/bin/env python3
"""Articles where dyad and the gold disagree, with the text: errors.py SET PRED [TYPE-FILTER]."""
import json, sys, importlib.util
shared = __file__.rsplit('/', 2)[0] + '/../shared'
spec = importlib.util.spec_from_file_location("score", f"{shared}/eval/score.py")
score = importlib.util.module_from_spec(spec); spec.loader.exec_module(score)
name, pred_path = sys.argv[1], sys.argv[2]
only = sys.argv[3] if len(sys.argv) > 3 else ''
gold = [json.loads(l) for l in open(f'{shared}/gold/{name}.gold.jsonl')]
text = {json.loads(l)['id']: json.loads(l)['text'] for l in open(f'{shared}/corpus/{name}.jsonl')}
pred = {}
for l in open(pred_path):
    e = json.loads(l); pred.setdefault(e['article_id'], []).append(e)
for g in gold:
    i = g['article_id']
    if only not in i: continue
    actors = g.get('actors', {})
    got = {}
    for p in pred.get(i, []):
        t = (score.key_of(p.get('source'), actors), p['event_type'], score.key_of(p.get('target'), actors))
        got.setdefault(t, p.get('trigger_text'))
    wanted = []
    for e in g['events']:
        opts = set(score.candidates_of(e))
        wanted.append((e, opts))
    hit = set()
    miss = []
    for e, opts in wanted:
        m = opts & set(got)
        if m: hit |= m
        elif not e.get('optional'): miss.append(e)
    alarms = [t for t in got if t not in hit and not any(t in o for e, o in wanted if e.get('optional'))]
    if not miss and not alarms: continue
    print(i, text[i][:500].replace('\n', ' '))
    for e in miss: print('   MISS', e['source'], e['type'], e.get('target'), '|', e.get('evidence'), '| alt', e.get('alt_types'))
    for t in alarms: print('   FALSE', *t, '|', got[t])
