testdata/pyasync/coro_collected_order.pya:13: RuntimeWarning: coroutine 'check' was never awaited
  check()
RuntimeWarning: Enable tracemalloc to get the object allocation traceback
after dropped
still held
testdata/pyasync/coro_collected_order.pya:16: RuntimeWarning: coroutine 'check' was never awaited
  c = check(); gc.collect(); print("still held", flush=True); del c; gc.collect()
RuntimeWarning: Enable tracemalloc to get the object allocation traceback
after held
done
