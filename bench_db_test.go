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
