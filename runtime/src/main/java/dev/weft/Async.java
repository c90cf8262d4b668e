package dev.weft;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a coroutine function: a method returning {@link Coroutine} whose body may call
 * {@link Weft#await}. The weaver (Maven plugin or {@code -javaagent}) rewrites such a method so that
 * calling it runs nothing and returns a {@link Coroutine} in state {@code CREATED}; the body runs when
 * the coroutine is awaited, spawned as a task, or handed to {@link Weft#run}.
 *
 * <p>Retained at run time so that tools can tell a coroutine function from an ordinary method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {
}
