package dev.weft;

/**
 * Running an {@link EventLoop} on the calling thread: until an awaitable is done, until {@link #stop()}, or until
 * nothing is ready or due (asyncio's {@code run_until_complete}, {@code run_forever} and its {@code stop}).
 *
 * <p>Invariants: a run takes the loop's ownership on entry and gives it up on exit, whatever the exit; a stop
 * request ({@code stopping}, loop thread only) lasts until the end of the run it stops (or of the next run, when it
 * came while the loop was idle: that run makes one pass without waiting, as asyncio's {@code run_forever} after
 * {@code stop()}); a pass never waits while a stop is requested.
 */
final class LoopRuns {
    private final EventLoop loop;
    private final LoopOwnership owner;
    private final LoopPass pass;
    private final LoopDebug debug;
    private final ReadyQueue ready;
    /** Set and read on the loop's thread only (a request from another thread arrives as {@link #stopRequest}). */
    private boolean stopping;
    private final LoopWork stopRequest = new LoopWork() {
        @Override
        public void run() {
            stopping = true;
        }

        @Override
        public void rejected() {
        }

        @Override
        public String toString() {
            return "stop()";
        }
    };

    LoopRuns(EventLoop loop, LoopOwnership owner, LoopPass pass, LoopDebug debug, ReadyQueue ready) {
        this.loop = loop;
        this.owner = owner;
        this.pass = pass;
        this.debug = debug;
        this.ready = ready;
    }

    /** Runs passes until {@code awaited} is done; another thread completing it wakes the loop. */
    void untilComplete(Awaitable<?> awaited) {
        enter();
        try {
            if (!awaited.isDone()) {
                awaited.whenDone(() -> ready.offer(EventLoop.NOTHING)); // a completion on another thread wakes the loop
            }
            while (!awaited.isDone()) {
                if (stopping) {
                    throw new IllegalStateException("event loop stopped before the awaited work completed");
                }
                pass.run(-1, stopping);
            }
        } finally {
            exit();
        }
    }

    /** Runs passes until a stop is requested; at least one. */
    void forever() {
        enter();
        try {
            do {
                pass.run(-1, stopping);
            } while (!stopping);
        } finally {
            exit();
        }
    }

    /** Runs passes without waiting while something is ready or due. */
    void untilIdle() {
        enter();
        try {
            do {
                pass.run(0, stopping);
            } while (pass.hasWorkNow());
        } finally {
            exit();
        }
    }

    /**
     * Requests a stop: at once on the loop's thread, else handed to the loop through its inbox, which wakes it (a
     * request written from another thread could land while the loop blocks and never wake it) and which the next
     * run drains in its first pass when the loop is idle. A loop that closes first has nothing left to stop.
     */
    void stop() {
        if (Thread.currentThread() == owner.thread) {
            stopping = true;
        } else {
            ready.offer(stopRequest);
        }
    }

    /** The loop closed: a stop requested while it was idle has nothing left to stop. */
    void forgetStop() {
        stopping = false;
    }

    private void enter() {
        owner.enter(loop);
        debug.loopEntered(Thread.currentThread());
    }

    private void exit() {
        debug.loopExited();
        stopping = false;
        owner.exit();
    }
}
