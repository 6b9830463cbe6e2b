package io.shardgate.ittests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The commands README.md and docs/*.md show run as written. In a code block, a line {@code $ bin/shardgate ...}
 * is run (the CLI's main class on the test classpath stands for the launcher script, which runs the same code
 * from the jar) in the repository root, and the lines after it, up to the next {@code $} line or the block's
 * end, must be exactly its output; a shown refusal ({@code Reject ...}) must exit with 1, anything else with 0.
 * Every config file a command names ({@code --config FILE}, {@code check-config FILE}) must pass check-config.
 */
class ReadmeCommandsIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Pattern CONFIG_FILE = Pattern.compile("(?:--config|-c|check-config)[ =]+([\\w./-]+\\.ya?ml)");

    /** One {@code $} command of a doc with the output shown under it. */
    record Example(Path doc, int line, String command, List<String> output) {
    }

    @TestFactory
    Stream<DynamicTest> shownCommandsPrintWhatIsShown() throws IOException {
        List<Example> examples = new ArrayList<>();
        for (Path doc : docs()) {
            examples.addAll(examples(doc));
        }
        assertThat(examples).as("$ examples in README.md").anyMatch(e -> e.doc().endsWith("README.md")
                && e.command().contains(" route ")).anyMatch(e -> e.command().contains(" check-config "));
        return examples.stream().map(e -> DynamicTest.dynamicTest(root().relativize(e.doc()) + ":" + e.line() + " "
                + e.command(), () -> check(e)));
    }

    @Test
    void everyConfigFileNamedInTheDocsIsValid() throws Exception {
        Set<String> files = new LinkedHashSet<>();
        for (Path doc : docs()) {
            Matcher m = CONFIG_FILE.matcher(Files.readString(doc));
            while (m.find()) {
                files.add(m.group(1));
            }
        }
        assertThat(files).contains("examples/demo.yaml", "examples/hash-mod.yaml");
        for (String file : files) {
            try (CliProcess cli = CliProcess.start(root(), "check-config", "--config", file)) {
                assertThat(cli.exitCode(RUN)).as("check-config %s:%n%s", file, cli.output()).isZero();
            }
        }
    }

    private static void check(Example e) throws Exception {
        List<String> args = words(e.command());
        assertThat(args.getFirst()).as("only bin/shardgate commands are run").isEqualTo("bin/shardgate");
        try (CliProcess cli = CliProcess.start(root(), args.subList(1, args.size()).toArray(String[]::new))) {
            int exit = cli.exitCode(RUN);
            List<String> printed = cli.output().strip().lines().map(String::stripTrailing).toList();
            assertThat(printed).as("output of %s", e.command()).containsExactlyElementsOf(e.output());
            boolean refused = !e.output().isEmpty() && e.output().getFirst().startsWith("Reject ");
            assertThat(exit).as("exit code of %s", e.command()).isEqualTo(refused ? 1 : 0);
        }
    }

    static List<Example> examples(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<Example> examples = new ArrayList<>();
        boolean inBlock = false;
        Example current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                current = null;
            } else if (inBlock && line.startsWith("$ ")) {
                current = new Example(doc, i + 1, line.substring(2).strip(), new ArrayList<>());
                examples.add(current);
            } else if (inBlock && current != null) {
                current.output().add(line.stripTrailing());
            }
        }
        return examples;
    }

    /** Splits a shell command line into words: spaces separate, double or single quotes group. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("docs"))) {
                return d;
            }
        }
        throw new IllegalStateException("the repository root (README.md, docs/) is not above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(root().resolve("README.md"));
        try (Stream<Path> files = Files.list(root().resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
