package dev.weft.transformer;

/**
 * One reason a class cannot be woven: where (class, method, source file and line) and what to do.
 *
 * @param className  binary class name with dots, or "?" when the class file could not be read
 * @param method     method name and descriptor, or null for a class-level problem
 * @param sourceFile the SourceFile attribute, or null
 * @param line       the line of the offending instruction, or -1
 * @param message    what is wrong and what to do instead
 */
public record WeaveProblem(String className, String method, String sourceFile, int line, String message) {

    /** {@code Demo.java:12: Demo.run(): message}, the form compilers use, so IDEs link it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (sourceFile != null) {
            sb.append(sourceFile);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        sb.append(className);
        if (method != null) {
            sb.append('.').append(method);
        }
        return sb.append(": ").append(message).toString();
    }
}
