package dev.weft;

/**
 * Receives the errors nobody else will see: a callback that threw, a task whose failure was never retrieved,
 * a debug-mode warning. The default logs them through {@link System.Logger} ("dev.weft"), so they go wherever
 * the application's logging goes; replace it with {@link EventLoop#setExceptionHandler}.
 */
@FunctionalInterface
public interface LoopExceptionHandler {
    /**
     * @param loop      the loop it happened on
     * @param message   what happened, naming the task or callback
     * @param exception the exception, or null for a warning without one
     */
    void handle(EventLoop loop, String message, Throwable exception);

    /** The default: ERROR through System.Logger for failures, WARNING for warnings. */
    static LoopExceptionHandler logging() {
        System.Logger log = System.getLogger("dev.weft");
        return (loop, message, exception) -> {
            if (exception == null) {
                log.log(System.Logger.Level.WARNING, message);
            } else {
                log.log(System.Logger.Level.ERROR, message, exception);
            }
        };
    }
}
