package dev.weft.transformer;

/**
 * The names of the runtime classes and members that woven code uses. The transformer does not depend
 * on the runtime module: these strings are the whole contract, and the integration tests check them
 * against the real runtime.
 */
final class RuntimeNames {
    private RuntimeNames() {
    }

    static final String ASYNC_DESC = "Ldev/weft/Async;";
    static final String WOVEN_MARKER_DESC = "Ldev/weft/internal/Woven;";
    /** The marker's element naming the {@link #WEAVE_FORMAT} a class was woven in (absent: format 1). */
    static final String WOVEN_MARKER_FORMAT = "format";
    /**
     * The version of the contract between woven code and the runtime (the names, fields and calls in this
     * class). Raise it whenever that contract changes: a class woven in another format cannot run on this
     * runtime and cannot be woven again, and the weaver says so. 2: compact frames ({@code WovenCoroutine} and
     * {@code WovenCoroutine$Wide}).
     */
    static final int WEAVE_FORMAT = 2;

    static final String COROUTINE = "dev/weft/Coroutine";
    static final String COROUTINE_DESC = "L" + COROUTINE + ";";
    static final String COROUTINE_OF_DESC = "(Ljava/lang/Object;)L" + COROUTINE + ";";
    static final String COROUTINE_DONE_DESC = "()L" + COROUTINE + ";";

    static final String WEFT = "dev/weft/Weft";
    static final String AWAIT = "await";
    static final String AWAIT_AWAITABLE_DESC = "(Ldev/weft/Awaitable;)Ljava/lang/Object;";
    /** {@code Weft.await(IoAwaitable)}, which declares IOException: woven as the Awaitable overload (an IoAwaitable is one). */
    static final String AWAIT_IO_DESC = "(Ldev/weft/io/IoAwaitable;)Ljava/lang/Object;";
    static final String AWAIT_STAGE_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";

    static final String FRAME = "dev/weft/internal/WovenCoroutine";
    static final String FRAME_DESC = "L" + FRAME + ";";
    static final String BODY = "dev/weft/internal/CoroutineBody";
    static final String BODY_METHOD = "resume";
    static final String BODY_DESC = "(" + FRAME_DESC + ")Ljava/lang/Object;";
    static final String FRAME_CREATE_DESC = "(L" + BODY + ";Ljava/lang/String;II)" + FRAME_DESC;
    static final int FIELD_SLOTS = 4;
    /** The frame class of a method with more slots than the compact frame holds (j1..j3, a2, a3, jx, ax live there). */
    static final String FRAME_WIDE = FRAME + "$Wide";
    /** Slots held by the compact frame ({@code j0}; {@code a0}, {@code a1}): the runtime picks the class at creation. */
    static final int COMPACT_PRIM_SLOTS = 1;
    static final int COMPACT_REF_SLOTS = 2;

    static final String INTRINSICS = "dev/weft/internal/Intrinsics";
    static final String SUSPENDED = "SUSPENDED";
    static final String AWAIT_START_DESC = "(Ldev/weft/Awaitable;" + FRAME_DESC + ")Ljava/lang/Object;";
    static final String AWAIT_START_STAGE = "awaitStartStage";
    static final String AWAIT_START_STAGE_DESC = "(Ljava/util/concurrent/CompletionStage;" + FRAME_DESC + ")Ljava/lang/Object;";
    static final String AWAIT_RESUME_DESC = "(" + FRAME_DESC + ")Ljava/lang/Object;";
    static final String RETURN_COROUTINE_DESC = "(" + COROUTINE_DESC + FRAME_DESC + ")Ljava/lang/Object;";
    static final String BAD_LABEL_DESC = "(" + FRAME_DESC + ")Ljava/lang/IllegalStateException;";

    /** What a class the agent leaves unwoven calls instead of {@code Weft.await}, with the reason as a constant. */
    static final String NOT_WOVEN = "dev/weft/internal/NotWoven";
    static final String NOT_WOVEN_AWAIT_DESC = "(Ldev/weft/Awaitable;Ljava/lang/String;)Ljava/lang/Object;";
    static final String NOT_WOVEN_AWAIT_STAGE_DESC = "(Ljava/util/concurrent/CompletionStage;Ljava/lang/String;)Ljava/lang/Object;";
    /** What each {@code @Async} method of a class woven in another format throws instead of running. */
    static final String NOT_WOVEN_REFUSED = "refused";
    static final String NOT_WOVEN_REFUSED_DESC = "(Ljava/lang/String;)Ldev/weft/NotWovenError;";

    static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    static final String METAFACTORY_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
            + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;";

    /** Whether {@code owner.name desc} is one of the {@code Weft.await} overloads. */
    static boolean isAwait(String owner, String name, String desc) {
        return WEFT.equals(owner) && AWAIT.equals(name)
                && (AWAIT_AWAITABLE_DESC.equals(desc) || AWAIT_IO_DESC.equals(desc) || AWAIT_STAGE_DESC.equals(desc));
    }
}
