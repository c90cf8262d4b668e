/**
 * Weft's runtime: coroutines, tasks, promises, the event loop, cancellation, structured concurrency and
 * context variables ({@code dev.weft}), and asyncio's locks, events, conditions, semaphores, barriers and
 * queues ({@code dev.weft.sync}), and I/O awaitables ({@code dev.weft.io}). A modular application declares {@code requires dev.weft;}. The same jar
 * also works on the class path.
 *
 * <p>{@code dev.weft.internal} is exported only because the classes the Maven plugin or the agent wove
 * call into it ({@code Intrinsics}, {@code WovenCoroutine}, {@code CoroutineBody}), and a woven class in
 * a named module can call only exported packages. It is not an API: do not use it in your own source.
 *
 * <p>Invariants: the module depends on {@code java.base} alone; it opens nothing to reflection and uses
 * no service loader.
 */
module dev.weft {
    exports dev.weft;
    exports dev.weft.sync;
    exports dev.weft.io;
    exports dev.weft.internal;
}
