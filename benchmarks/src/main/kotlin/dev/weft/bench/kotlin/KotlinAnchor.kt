@file:JvmName("KotlinAnchor")

package dev.weft.bench.kotlin

// The Kotlin anchor: the same operations as WeftBench, written as idiomatic kotlinx.coroutines code. Each
// entry point runs one batch in runBlocking, whose event loop is the calling thread: one thread, like
// Weft.run. The Java benchmarks (KotlinBench) call these functions; JMH cannot see Kotlin classes.

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.function.LongSupplier

/** A deferred that is already completed with [value]: what figure 1 awaits. */
fun completedDeferred(value: Int): Deferred<Int> = CompletableDeferred(value)

/** Figure 1: [n] awaits of an already-completed deferred in one coroutine. */
fun fastPath(done: Deferred<Int>, n: Int): Long = runBlocking {
    var sum = 0L
    for (i in 0 until n) {
        sum += done.await()
    }
    sum
}

/**
 * A child that could suspend but does not: it has a suspension point (never taken), so it compiles to a
 * real state machine with its own continuation, like an @Async method with an await.
 */
suspend fun child(i: Int): Int {
    if (i < 0) yield()
    return i + 1
}

/** Figure 2: [n] calls of a child suspend function that returns without suspending. */
fun awaitChild(n: Int): Long = runBlocking {
    var sum = 0L
    for (i in 0 until n) {
        sum += child(i)
    }
    sum
}

/** Figure 3: [n] times yield() to the event loop and back, in one coroutine. */
fun yieldAndBack(n: Int): Long = runBlocking {
    for (i in 0 until n) {
        yield()
    }
    n.toLong()
}

/** Figure 4: [n] round trips between two coroutines through two rendezvous channels. */
fun pingPong(n: Int): Long = runBlocking {
    val toPong = Channel<Int>()
    val toPing = Channel<Int>()
    val pong = launch {
        for (i in 0 until n) {
            toPing.send(toPong.receive() + 1)
        }
    }
    var sum = 0L
    for (i in 0 until n) {
        toPong.send(i)
        sum += toPing.receive()
    }
    pong.join()
    sum
}

/** Figure 5: [n] times start a coroutine with async and await its result. */
fun spawnAndAwait(n: Int): Long = runBlocking {
    var sum = 0L
    for (i in 0 until n) {
        sum += async { child(i) }.await()
    }
    sum
}

/** A chain of [depth] nested suspend calls that yields at the bottom and returns up through the chain. */
suspend fun chain(depth: Int): Int {
    if (depth == 0) {
        yield()
        return 0
    }
    return chain(depth - 1) + 1
}

/** Figure 7: [chains] chains [depth] deep, one after the other. */
fun deepChain(chains: Int, depth: Int): Long = runBlocking {
    var sum = 0L
    for (i in 0 until chains) {
        sum += chain(depth)
    }
    sum
}

private var started = 0

/**
 * Figure 6: launches [n] coroutines that each suspend on their own never-completed CompletableDeferred, and
 * returns the heap used before and after (from [usedHeap], which runs full GCs). The deferreds go into
 * [keep], allocated by the caller before the first measurement; afterwards they are completed, so every
 * coroutine ends normally.
 */
fun suspendedTasks(n: Int, keep: Array<Any?>, usedHeap: LongSupplier): LongArray = runBlocking {
    started = 0
    val before = usedHeap.asLong
    for (i in 0 until n) {
        val never = CompletableDeferred<Unit>()
        keep[i] = never
        launch {
            started++ // a top-level variable: the coroutine captures only its deferred
            never.await()
        }
    }
    yield() // every launched coroutine runs up to its await before this one resumes
    check(started == n) { "only $started of $n coroutines reached their await" }
    val after = usedHeap.asLong
    for (d in keep) {
        @Suppress("UNCHECKED_CAST")
        (d as CompletableDeferred<Unit>).complete(Unit)
    }
    longArrayOf(before, after)
}
