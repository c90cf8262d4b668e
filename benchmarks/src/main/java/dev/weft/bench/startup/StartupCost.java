package dev.weft.bench.startup;

import dev.weft.bench.support.Stats;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Figure 8, the agent's side: what {@code -javaagent:weft-agent.jar} costs a program whose classes it does not
 * weave. It generates an application of {@code --classes} ordinary classes (none mentions Weft; each has a
 * few fields and methods, a loop, string building), whose main calls a static method of every class, so
 * each one is loaded, verified, linked and initialised. Then it times whole JVM runs of that program, from
 * process start to exit, without and with the agent, alternating (after {@code --warmups}, default two, discarded
 * runs of each), and writes every time in milliseconds as JSON. The same is done for an empty application (only its
 * main), which separates the agent's fixed cost from its cost per class. Weft's runtime jar is on the class
 * path in every run.
 *
 * <p>Usage: {@code --agent JAR --runtime JAR --classes N --reps R [--warmups W] --work DIR --out FILE}. Without
 * {@code --agent} only the runs without it are made (the smoke test, when the agent is not built yet).
 */
public final class StartupCost {
    private StartupCost() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path agent = null;
        Path runtime = null;
        int classes = 2_000;
        int reps = 10;
        int warmups = 2;
        Path work = Path.of("target", "startup");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent": agent = Path.of(args[++i]); break;
                case "--runtime": runtime = Path.of(args[++i]); break;
                case "--classes": classes = Integer.parseInt(args[++i]); break;
                case "--reps": reps = Integer.parseInt(args[++i]); break;
                case "--warmups": warmups = Integer.parseInt(args[++i]); break;
                case "--work": work = Path.of(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException(
                        "usage: --agent JAR --runtime JAR --classes N --reps R [--warmups W] --work DIR --out FILE");
            }
        }
        String json = measure(agent, runtime, classes, reps, warmups, work);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
        } else {
            System.out.print(json);
        }
    }

    /**
     * Times the generated application of {@code classes} classes and an empty one (only its main: the agent's
     * fixed cost), each without and with the agent; returns the JSON.
     */
    public static String measure(Path agent, Path runtime, int classes, int reps, int warmups, Path work) throws IOException, InterruptedException {
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"classes\":%d,\"reps\":%d,\"warmups\":%d,\"agent\":%s,\"apps\":{", classes, reps, warmups,
                agent == null ? "null" : "\"" + agent.getFileName() + "\""));
        int[] sizes = classes == 0 ? new int[]{0} : new int[]{classes, 0};
        for (int k = 0; k < sizes.length; k++) {
            json.append(k == 0 ? "" : ",").append(measureApp(agent, runtime, sizes[k], reps, warmups, work));
        }
        return json.append("}}\n").toString();
    }

    private static String measureApp(Path agent, Path runtime, int classes, int reps, int warmups, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path app = work.resolve("app-" + classes + ".jar");
        writeApplication(app, classes);
        String classPath = runtime == null ? app.toString() : app + java.io.File.pathSeparator + runtime;
        List<String> plain = command(null, classPath);
        List<String> withAgent = agent == null ? null : command(agent, classPath);
        for (int i = 0; i < warmups; i++) {
            time(plain);
            if (withAgent != null) {
                time(withAgent);
            }
        }
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            // ABBA order: a drift of the machine's speed affects both sides alike
            if (withAgent != null && r % 2 == 1) {
                with.add(time(withAgent));
                without.add(time(plain));
            } else {
                without.add(time(plain));
                if (withAgent != null) {
                    with.add(time(withAgent));
                }
            }
        }
        Stats.Summary a = Stats.summarize(without);
        System.err.println(String.format(Locale.ROOT, "startup: %4d classes, without agent %6.1f ± %.1f ms", classes, a.median(), a.error()));
        if (!with.isEmpty()) {
            Stats.Summary b = Stats.summarize(with);
            System.err.println(String.format(Locale.ROOT, "startup: %4d classes, with agent    %6.1f ± %.1f ms", classes, b.median(), b.error()));
        }
        return String.format(Locale.ROOT, "\"%d\":{\"withoutAgentMs\":%s,\"withAgentMs\":%s}",
                classes, Stats.toJson(without), with.isEmpty() ? "null" : Stats.toJson(with));
    }

    private static List<String> command(Path agent, String classPath) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            c.add("-javaagent:" + agent);
        }
        c.add("-cp");
        c.add(classPath);
        c.add("app.Main");
        return c;
    }

    /** One whole run, in milliseconds. */
    private static double time(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int exit = p.waitFor();
        long nanos = System.nanoTime() - start;
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + " from " + String.join(" ", command));
        }
        return nanos / 1e6;
    }

    // ------------------------------------------------------------------------------------------ the application

    static void writeApplication(Path jar, int classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "app.Main");
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (int i = 0; i < classes; i++) {
                put(out, "app/" + className(i) + ".class", appClass(i));
            }
            put(out, "app/Main.class", mainClass(classes));
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    static String className(int i) {
        return String.format(Locale.ROOT, "C%04d", i);
    }

    /** {@code app.Main}: calls {@code touch()} of every class and prints the sum. */
    static byte[] mainClass(int classes) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, "app/Main", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "main", "([Ljava/lang/String;)V", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, 1);
        for (int i = 0; i < classes; i++) {
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "app/" + className(i), "touch", "()I", false);
            mv.visitInsn(Opcodes.IADD);
            mv.visitVarInsn(Opcodes.ISTORE, 1);
        }
        mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/io/PrintStream", "println", "(I)V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * An ordinary class: {@code int value}, a constant name, a constructor, four arithmetic methods with a
     * loop, a string-building {@code describe()} and {@code static int touch()}, which uses them all.
     */
    static byte[] appClass(int index) {
        String name = "app/" + className(index);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource(className(index) + ".java", null);
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "value", "I", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "NAME", "Ljava/lang/String;", null,
                "component-" + className(index)).visitEnd();

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(I)V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitFieldInsn(Opcodes.PUTFIELD, name, "value", "I");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        for (int m = 0; m < 4; m++) {
            // int mK(int x) { int r = x; for (int i = 0; i < K + 3; i++) { r = r * 31 + (i ^ value); } return r; }
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "m" + m, "(I)I", null, null);
            mv.visitCode();
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitVarInsn(Opcodes.ISTORE, 2);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, 3);
            Label test = new Label();
            Label body = new Label();
            mv.visitJumpInsn(Opcodes.GOTO, test);
            mv.visitLabel(body);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitIntInsn(Opcodes.BIPUSH, 31);
            mv.visitInsn(Opcodes.IMUL);
            mv.visitVarInsn(Opcodes.ILOAD, 3);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, name, "value", "I");
            mv.visitInsn(Opcodes.IXOR);
            mv.visitInsn(Opcodes.IADD);
            mv.visitVarInsn(Opcodes.ISTORE, 2);
            mv.visitIincInsn(3, 1);
            mv.visitLabel(test);
            mv.visitVarInsn(Opcodes.ILOAD, 3);
            mv.visitIntInsn(Opcodes.BIPUSH, m + 3);
            mv.visitJumpInsn(Opcodes.IF_ICMPLT, body);
            mv.visitVarInsn(Opcodes.ILOAD, 2);
            mv.visitInsn(Opcodes.IRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }

        // String describe() { return new StringBuilder().append(NAME).append(':').append(value).toString(); }
        MethodVisitor describe = cw.visitMethod(Opcodes.ACC_PUBLIC, "describe", "()Ljava/lang/String;", null, null);
        describe.visitCode();
        describe.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        describe.visitInsn(Opcodes.DUP);
        describe.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
        describe.visitFieldInsn(Opcodes.GETSTATIC, name, "NAME", "Ljava/lang/String;");
        describe.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
        describe.visitIntInsn(Opcodes.BIPUSH, ':');
        describe.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append", "(C)Ljava/lang/StringBuilder;", false);
        describe.visitVarInsn(Opcodes.ALOAD, 0);
        describe.visitFieldInsn(Opcodes.GETFIELD, name, "value", "I");
        describe.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append", "(I)Ljava/lang/StringBuilder;", false);
        describe.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        describe.visitInsn(Opcodes.ARETURN);
        describe.visitMaxs(0, 0);
        describe.visitEnd();

        // static int touch() { C c = new C(index); return c.m0(1) + c.m1(2) + c.m2(3) + c.m3(4) + c.describe().length(); }
        MethodVisitor touch = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "touch", "()I", null, null);
        touch.visitCode();
        touch.visitTypeInsn(Opcodes.NEW, name);
        touch.visitInsn(Opcodes.DUP);
        touch.visitLdcInsn(index);
        touch.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", "(I)V", false);
        touch.visitVarInsn(Opcodes.ASTORE, 0);
        touch.visitInsn(Opcodes.ICONST_0);
        for (int m = 0; m < 4; m++) {
            touch.visitVarInsn(Opcodes.ALOAD, 0);
            touch.visitLdcInsn(m + 1);
            touch.visitMethodInsn(Opcodes.INVOKEVIRTUAL, name, "m" + m, "(I)I", false);
            touch.visitInsn(Opcodes.IADD);
        }
        touch.visitVarInsn(Opcodes.ALOAD, 0);
        touch.visitMethodInsn(Opcodes.INVOKEVIRTUAL, name, "describe", "()Ljava/lang/String;", false);
        touch.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        touch.visitInsn(Opcodes.IADD);
        touch.visitInsn(Opcodes.IRETURN);
        touch.visitMaxs(0, 0);
        touch.visitEnd();

        cw.visitEnd();
        return cw.toByteArray();
    }
}
