import json,sys
for f in sys.argv[1:]:
  d=json.load(open(f)); print(f, d['database'], 'cache', d.get('readCache'), 'writes/s', d.get('writesPerSecond'), 'load', d['loadAverageBefore'], 'rss', d.get('serverPeakRssMb'))
  for r in d['results']: print('  %-42s %6d req/s  p50 %5.1f  p95 %5.1f  p99 %5.1f  cpu %.2f  reused %s computed %s non2xx %s' % (r['name'], r['reqPerSec'], r['p50'], r['p95'], r['p99'], r['serverCpuMsPerRequest'], r.get('readsReused'), r.get('readsComputed'), r['non2xx']))
