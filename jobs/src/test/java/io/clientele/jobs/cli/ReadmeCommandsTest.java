package io.clientele.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@code bin/clientele} command in the shell blocks ({@code ```sh}, {@code ```bash}) of
 * README.md, docs/*.md and orchestration/README.md names a real subcommand and real options of
 * the CLI, so the docs cannot drift from the code. The command tree is the one the launcher
 * builds ({@code new CommandLine(new ClienteleCli())}); nothing runs and Spring does not start.
 * Option values, required options and positional parameters are not judged: a doc may show a
 * command in part.
 */
class ReadmeCommandsTest {

    private static final Pattern SHELL_BLOCK = Pattern.compile("(?ms)^ *```(?:sh|bash)[ \\t]*\\n(.*?)^ *```");
    private static final String LAUNCHER = "bin/clientele";

    @Test
    void everyDocumentedCommandIsARealSubcommandWithRealOptions() throws IOException {
        CommandLine cli = new CommandLine(new ClienteleCli());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            for (List<String> command : launcherCommands(Files.readString(doc))) {
                checked++;
                String problem = problem(cli.getCommandSpec(), command);
                if (problem != null) {
                    problems.add(repositoryRoot().relativize(doc) + ": " + String.join(" ", command) + ": " + problem);
                }
            }
        }
        assertThat(checked)
                .as("bin/clientele commands found in the docs' shell blocks")
                .isGreaterThan(10);
        assertThat(problems).as("documented commands the CLI does not know").isEmpty();
    }

    @Test
    void anUnknownSubcommandOrOptionIsCaught() {
        CommandSpec top = new CommandLine(new ClienteleCli()).getCommandSpec();
        List<List<String>> commands = launcherCommands("""
                ```bash
                bin/clientele run --date 2026-11-22 --inbox /x \\
                    --no-such-option   # a comment --ignored
                X=1 bin/clientele frobnicate --date D; bin/clientele status --last 3 && bin/clientele demo --seed=7
                source <(bin/clientele completion)
                ```
                """);
        assertThat(commands).hasSize(5);
        assertThat(problem(top, commands.get(0))).contains("--no-such-option");
        assertThat(problem(top, commands.get(1))).contains("frobnicate");
        assertThat(problem(top, commands.get(2))).isNull();
        assertThat(problem(top, commands.get(3))).isNull();
        assertThat(commands.get(4)).containsExactly("completion");
        assertThat(problem(top, commands.get(4))).isNull();
    }

    /** Why a command is wrong, or null when every subcommand and option in it is known. */
    static String problem(CommandSpec top, List<String> arguments) {
        CommandSpec spec = top;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--")) {
                return null;
            }
            if (argument.startsWith("-") && argument.length() > 1) {
                String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
                OptionSpec option = spec.findOption(name);
                if (option == null) {
                    return "unknown option " + name + " of '" + spec.qualifiedName() + "'";
                }
                if (!argument.contains("=")) {
                    i += Math.max(
                            0,
                            option.arity().max() == Integer.MAX_VALUE
                                    ? 1
                                    : option.arity().max());
                }
            } else if (spec == top) {
                CommandLine sub = top.subcommands().get(argument);
                if (sub == null) {
                    return "unknown subcommand '" + argument + "'";
                }
                spec = sub.getCommandSpec();
            }
        }
        return null;
    }

    /** The arguments after {@code bin/clientele} of every launcher command in the text's shell blocks. */
    static List<List<String>> launcherCommands(String markdown) {
        List<List<String>> commands = new ArrayList<>();
        Matcher block = SHELL_BLOCK.matcher(markdown);
        while (block.find()) {
            String script = block.group(1).replaceAll("\\\\\\n", " ");
            for (String line : script.split("\\n")) {
                List<String> command = null;
                for (String token : tokens(line)) {
                    if (token.equals(";")
                            || token.equals("(")
                            || token.equals(")")
                            || token.equals("&&")
                            || token.equals("||")
                            || token.equals("|")
                            || token.equals("&")) {
                        command = null;
                    } else if (command != null) {
                        command.add(token);
                    } else if (token.endsWith(LAUNCHER)) {
                        command = new ArrayList<>();
                        commands.add(command);
                    }
                }
            }
        }
        return commands;
    }

    /**
     * Shell words of one line, quotes removed, a comment dropped, and ; && || | & ( ) as words of their own
     * (parentheses end a command: {@code source <(bin/clientele completion)}).
     */
    static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                if (word != null) {
                    tokens.add(word.toString());
                    word = null;
                }
                if (!Character.isWhitespace(c)) {
                    boolean doubled = (c == '&' || c == '|') && i + 1 < line.length() && line.charAt(i + 1) == c;
                    tokens.add(doubled ? "" + c + c : "" + c);
                    i += doubled ? 1 : 0;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    static List<Path> documents() throws IOException {
        Path root = repositoryRoot();
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        Path orchestration = root.resolve("orchestration/README.md");
        if (Files.exists(orchestration)) {
            documents.add(orchestration);
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> pages = Files.list(docs)) {
                pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
            }
        }
        return documents;
    }

    /** The checkout's root: the nearest directory up from here with README.md and the launcher. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve(LAUNCHER))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no README.md with " + LAUNCHER + " above " + Path.of("").toAbsolutePath());
    }
}
