// How far V8 lets the heap grow past the objects still alive. After each full collection V8 sets
// the next limit at the live size times a factor it picks from how busy the process is — up to ×4
// under steady load. The bot's live objects are ~28 MB, yet at 1,000 callbacks a second its old
// generation reached 84–100 MB between full collections (promoted garbage: ~1.3 MB per
// young-generation collection) and the process held ~245 MB resident. A fixed factor of 1.5
// (HEAP_GROWING_PERCENT=50) collects sooner — a few milliseconds more of mostly concurrent marking a
// second — and keeps it near 185 MB (`npm run bench resources`). V8 reads the flag whenever it
// sets a new limit, so setting it at start-up works; 0 leaves V8's own choice.
//
// The young generation, where new objects are allocated, is sized when a thread starts and cannot
// be changed afterwards. The bot's thread is given 16 MB (threads/bot-thread.ts). The main thread —
// the HTTP front, with the bot on its own thread — grew its young generation to 32 MB under load
// without a flag; the start scripts (package.json: start, start:prod) run Node with
// --max-semi-space-size=4, which bounds it at 8 MB. At 1,000 callbacks a second the process then
// peaked at 174–175 MB resident instead of 200–209 MB, and p99 at 200 callbacks a second was
// 7.4–10.3 ms instead of 9.5–15.6 over two benchmark runs each (`npm run bench callback resources`):
// its collections come more often and each is shorter.
import v8 from 'node:v8'

export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`)
}
