import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Prints a summary of the JaCoCo report that {@code mvn -B verify} writes: line and branch coverage of each module,
 * then the classes of one module with the lowest branch coverage. Needs only a JDK:
 *
 * <pre>
 * java .ci/CoverageSummary.java [REPORT.xml] [--module weft-runtime] [--lowest 10]
 * </pre>
 *
 * The report defaults to {@code coverage/target/site/jacoco-aggregate/jacoco.xml}. Classes without branches are not
 * ranked; nested classes ({@code Outer$Inner}) are ranked on their own, as JaCoCo counts them.
 */
public class CoverageSummary {
    /** Covered and missed items of one JaCoCo counter (lines, branches). */
    record Ratio(long covered, long missed) {
        long total() {
            return covered + missed;
        }

        double fraction() {
            return total() == 0 ? 1.0 : (double) covered / total();
        }

        @Override
        public String toString() {
            return total() == 0 ? "-" : String.format(Locale.ROOT, "%d/%d %5.1f%%", covered, total(), 100 * fraction());
        }
    }

    record ClassCoverage(String name, Ratio lines, Ratio branches) {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of("coverage/target/site/jacoco-aggregate/jacoco.xml");
        String module = "weft-runtime";
        int lowest = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--module" -> module = args[++i];
                case "--lowest" -> lowest = Integer.parseInt(args[++i]);
                default -> report = Path.of(args[i]);
            }
        }
        if (!Files.isRegularFile(report)) {
            System.err.println(report + " does not exist: run mvn -B verify from the project root first");
            System.exit(1);
        }
        Element root = parse(report).getDocumentElement();

        System.out.println("Coverage by every test of the build (" + report + ")");
        System.out.printf(Locale.ROOT, "%-22s %-22s %s%n", "module", "lines", "branches");
        Element moduleGroup = null;
        for (Element group : children(root, "group")) {
            String name = group.getAttribute("name");
            System.out.printf(Locale.ROOT, "%-22s %-22s %s%n", name, counter(group, "LINE"), counter(group, "BRANCH"));
            if (name.equals(module)) {
                moduleGroup = group;
            }
        }
        if (moduleGroup == null) {
            System.err.println("no module " + module + " in " + report);
            System.exit(1);
        }

        List<ClassCoverage> classes = new ArrayList<>();
        for (Element pkg : children(moduleGroup, "package")) {
            for (Element cls : children(pkg, "class")) {
                Ratio branches = counter(cls, "BRANCH");
                if (branches.total() > 0) {
                    classes.add(new ClassCoverage(cls.getAttribute("name").replace('/', '.'), counter(cls, "LINE"), branches));
                }
            }
        }
        classes.sort(Comparator.comparingDouble((ClassCoverage c) -> c.branches().fraction())
                .thenComparing(c -> -c.branches().missed())
                .thenComparing(ClassCoverage::name));
        System.out.println();
        System.out.println(module + ": the " + Math.min(lowest, classes.size()) + " classes with the lowest branch coverage");
        System.out.printf(Locale.ROOT, "  %-52s %-22s %s%n", "class", "branches", "lines");
        for (ClassCoverage c : classes.subList(0, Math.min(lowest, classes.size()))) {
            System.out.printf(Locale.ROOT, "  %-52s %-22s %s%n", c.name(), c.branches(), c.lines());
        }
    }

    private static Document parse(Path report) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // jacoco.xml names report.dtd, which is not written next to it: never fetch it
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setValidating(false);
        return factory.newDocumentBuilder().parse(report.toFile());
    }

    /** The element's own counter of this type (its direct child), zero when it has none. */
    private static Ratio counter(Element element, String type) {
        for (Element counter : children(element, "counter")) {
            if (counter.getAttribute("type").equals(type)) {
                return new Ratio(Long.parseLong(counter.getAttribute("covered")), Long.parseLong(counter.getAttribute("missed")));
            }
        }
        return new Ratio(0, 0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                result.add(e);
            }
        }
        return result;
    }
}
