package dev.weft.agent;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.Weaver;
import dev.weft.transformer.WovenClass;

/**
 * Weaves one class file: the seam between {@link WeftClassFileTransformer} and the transformer. Production
 * code uses {@link Weaver#weave(byte[])}; tests substitute their own to reach every outcome.
 *
 * <p>Contract (the same as {@link Weaver#weave(byte[])}): returns null when the class needs nothing, the woven
 * class otherwise, or throws {@link WeaveException} listing every problem found in the class. Must be
 * thread-safe: class loading is concurrent.
 */
@FunctionalInterface
interface ClassWeaving {
    WovenClass weave(byte[] classFile) throws WeaveException;
}
