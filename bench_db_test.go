package pyasync_test

import "testing"

// aiosqliteSrc: f(n) runs n point queries through aiosqlite (execute,
// fetchone, close of the cursor), 50 tasks at a time, on one connection:
// the worker's inline path (aiosqlite_worker.go) and the sqlite3 cursor
// with its statement pool.
const aiosqliteSrc = `import asyncio, aiosqlite

async def main(n):
    async with aiosqlite.connect(":memory:") as db:
        await db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)")
        await db.executemany("INSERT INTO items (name, qty) VALUES (?, ?)", [(f"item {i}", i) for i in range(100)])

        async def one(i):
            async with db.execute("SELECT id, name, qty FROM items WHERE id = ?", (i % 100 + 1,)) as cur:
                return (await cur.fetchone())[2]
        total = 0
        for k in range(0, n, 50):
            total += sum(await asyncio.gather(*(one(i) for i in range(k, k + 50))))
        return total

def f(n):
    return asyncio.run(main(n))
`

// BenchmarkAiosqliteQuery: 500 aiosqlite point queries per op (plus one
// connection and a 100-row table).
func BenchmarkAiosqliteQuery(b *testing.B) { benchFunc(b, aiosqliteSrc, 500) }

// BenchmarkSqlite3Query: 500 sqlite3 point queries (execute + fetchone)
// per op on a cached statement.
func BenchmarkSqlite3Query(b *testing.B) {
	benchFunc(b, `import sqlite3
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)")
db.executemany("INSERT INTO items (name, qty) VALUES (?, ?)", [(f"item {i}", i) for i in range(100)])

def f(n):
    total = 0
    for i in range(n):
        total += db.execute("SELECT id, name, qty FROM items WHERE id = ?", (i % 100 + 1,)).fetchone()[2]
    return total
`, 500)
}

// BenchmarkAiosqliteSequential: 500 aiosqlite point queries per op, one
// after the other (execute, fetchone, close): the native calls
// (aiosqlite_call.go) with no other call in flight, so each cursor's close
// runs on the loop's thread.
func BenchmarkAiosqliteSequential(b *testing.B) {
	benchFunc(b, `import asyncio, aiosqlite

async def main(n):
    async with aiosqlite.connect(":memory:") as db:
        await db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)")
        await db.executemany("INSERT INTO items (name, qty) VALUES (?, ?)", [(f"item {i}", i) for i in range(100)])
        total = 0
        for i in range(n):
            async with db.execute("SELECT id, name, qty FROM items WHERE id = ?", (i % 100 + 1,)) as cur:
                total += (await cur.fetchone())[2]
        return total

def f(n):
    return asyncio.run(main(n))
`, 500)
}

// BenchmarkClientURLHeaders: the objects aiohttp's client makes for each of
// 500 requests, without the network: the session's URL parsed again from
// its string, a query added, and the request's CIMultiDict of headers
// (yarl's parse cache, the quoting fast path, multidict's str-key paths).
func BenchmarkClientURLHeaders(b *testing.B) {
	benchFunc(b, `from yarl import URL
from multidict import CIMultiDict, CIMultiDictProxy

defaults = CIMultiDict()

def f(n):
    total = 0
    for i in range(n):
        url = URL("http://127.0.0.1:8080/").with_query({"i": i})
        hdrs = CIMultiDict(defaults)
        for k, v in (("Accept", "*/*"), ("Accept-Encoding", "gzip, deflate"), ("User-Agent", "x")):
            if k not in hdrs:
                hdrs[k] = v
        total += len(str(url)) + len(CIMultiDictProxy(hdrs)) + url.port
    return total
`, 500)
}
