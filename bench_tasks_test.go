package pyasync_test

import "testing"

// gatherSrc: f(n) runs n tasks that sleep and are gathered (the ready
// queue, the task and future layout, gather's bookkeeping).
const gatherSrc = `import asyncio

async def sleeper(i):
    await asyncio.sleep(0.0001)
    return i

async def main(n):
    tasks = [asyncio.create_task(sleeper(i)) for i in range(n)]
    return sum(await asyncio.gather(*tasks))

def f(n):
    return asyncio.run(main(n))
`

// BenchmarkGatherSleepers: 2000 sleeping tasks created and gathered per op.
func BenchmarkGatherSleepers(b *testing.B) { benchFunc(b, gatherSrc, 2000) }
