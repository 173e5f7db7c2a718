Future exception was never retrieved
future: <Future finished exception=ValueError('dropped')>
ValueError: dropped
after dropped
Future exception was never retrieved
future: <Future finished exception=KeyError('with traceback')>
Traceback (most recent call last):
  File "testdata/pyasync/future_collected_order.pya", line 12, in fail
    raise KeyError('with traceback')
KeyError: 'with traceback'
after traceback
main returns
Future exception was never retrieved
future: <Future finished exception=RuntimeError('held until the end')>
RuntimeError: held until the end
end
