package dev.weft.sync;

import dev.weft.EventLoop;
import dev.weft.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The semaphore's hand-over, step by step: a permit released while somebody waits goes straight to the first waiter
 * (the value does not rise) and is held for it until its task resumes, so a newcomer queues behind it; a waiter
 * cancelled after it was served releases the permit to the next waiter; permits are conserved throughout.
 */
class SemaphoreTest {
    private final EventLoop loop = new EventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aReleasedPermitGoesToTheFirstWaiterAndANewcomerQueuesBehindIt() {
        Semaphore s = new Semaphore(1);
        Task<Void> first = loop.createTask(s.acquire());
        loop.runUntilIdle();
        assertTrue(first.isDone(), "a free permit is taken at once");
        Task<Void> a = loop.createTask(s.acquire());
        loop.runUntilIdle();
        assertFalse(a.isDone());
        s.release();
        assertEquals(0, s.value(), "handed to A, not added to the value");
        assertEquals("Semaphore[locked, value:0, waiters:0, served:1]", s.toString());
        Task<Void> newcomer = loop.createTask(s.acquire());
        loop.runUntilIdle();
        assertTrue(a.isDone());
        assertFalse(newcomer.isDone(), "A holds the permit");
        s.release();
        loop.runUntilIdle();
        assertTrue(newcomer.isDone());
        s.release();
        assertEquals(1, s.value());
        assertFalse(s.locked());
    }

    @Test
    void aWaiterCancelledAfterItWasServedPassesThePermitOn() {
        Semaphore s = new Semaphore(0);
        Task<Void> a = loop.createTask(s.acquire());
        Task<Void> b = loop.createTask(s.acquire());
        loop.runUntilIdle();
        s.release(); // served to A, whose task has not resumed
        a.cancel();
        loop.runUntilIdle();
        assertTrue(a.isCancelled());
        assertTrue(b.isDone(), "B got the permit A gave back");
        assertEquals(0, s.value());
        s.release();
        assertEquals(1, s.value(), "one permit released twice, held once: conserved");
    }
}
