#!/usr/bin/env python3
"""Prints each article of a gold set beside dyad's predictions: compare.py SET PRED [N]."""
import json, sys
shared = __file__.rsplit('/', 2)[0] + '/../shared'
name, pred_path = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
gold = [json.loads(l) for l in open(f'{shared}/gold/{name}.gold.jsonl')]
text = {json.loads(l)['id']: json.loads(l)['text'] for l in open(f'{shared}/corpus/{name}.jsonl')}
pred = {}
for l in open(pred_path):
    e = json.loads(l)
    pred.setdefault(e['article_id'], []).append(e)
for g in gold[:limit]:
    i = g['article_id']
    print(i, text[i][:400].replace('\n', ' '))
    print('   GOLD', [(e['source'], e['type'], e.get('target')) for e in g['events']])
    print('   PRED', [(e['source']['id'], e['event_type'], (e['target'] or {}).get('id'), e['trigger_text']) for e in pred.get(i, [])])
