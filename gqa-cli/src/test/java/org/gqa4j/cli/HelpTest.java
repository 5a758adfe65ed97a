package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.BuildInfo;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What a newcomer reads first: --help of every command, --version, and the README's synopsis. */
class HelpTest {

    /** Every command and subcommand, by its path ("bench stream"), except picocli's help command. */
    static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        collect("", Gqa.commandLine(), all);
        return all;
    }

    private static void collect(String path, CommandLine cl, Map<String, CommandLine> all) {
        all.put(path, cl);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) collect((path.isEmpty() ? "" : path + " ") + name, sub, all);
        });
    }

    @Test
    void everyHelpIsFreeOfWarningsAndDescribesTheCommand() {
        for (String path : commands().keySet()) {
            List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
            args.add("--help");
            GqaCliTest.Result r = GqaCliTest.run(args.toArray(new String[0]));
            assertEquals(0, r.code(), path + " --help");
            String all = r.out() + r.err();
            assertFalse(all.contains("WARN"), "gqa " + path + " --help prints a warning:\n" + all);
            assertTrue(r.out().startsWith("Usage: gqa"), r.out());
            CommandSpec spec = commands().get(path).getCommandSpec();
            String[] description = spec.usageMessage().description();
            assertTrue(description.length > 0 && !description[0].isBlank(), "gqa " + path + " has a description");
        }
    }

    @Test
    void theCommandListShowsCompleteSentences() {
        // the top-level list shows each command's first description line
        for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
            if (e.getKey().isEmpty()) continue;
            String first = e.getValue().getCommandSpec().usageMessage().description()[0];
            assertTrue(first.endsWith("."), "gqa " + e.getKey() + ": the first description line is cut: " + first);
            assertTrue(Character.isUpperCase(first.charAt(0)), first);
        }
    }

    @Test
    void optionsAreInDeclarationOrderDescribedAndHelpComesLast() {
        for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
            CommandSpec spec = e.getValue().getCommandSpec();
            String list = new CommandLine.Help(spec).optionList();
            List<OptionSpec> options = spec.options();
            int help = list.indexOf("-h, --help"), version = list.indexOf("-V, --version");
            assertTrue(help >= 0 && version > help, e.getKey() + ":\n" + list);
            int previous = -1;
            for (OptionSpec o : options) {
                if (o.usageHelp() || o.versionHelp()) continue;
                int at = list.indexOf(o.longestName() + (o.arity().max > 0 ? "=" : ""));
                assertTrue(at >= 0, "gqa " + e.getKey() + " lists " + o.longestName());
                assertTrue(at > previous, "gqa " + e.getKey() + ": " + o.longestName() + " out of declaration order");
                assertTrue(at < help, "gqa " + e.getKey() + ": " + o.longestName() + " after -h");
                previous = at;
                String text = String.join(" ", o.description()).replaceAll("\\(default[^)]*\\)", "").strip();
                assertTrue(text.chars().anyMatch(Character::isLetter), "gqa " + e.getKey() + " " + o.longestName()
                        + " is described (not only its default): " + String.join(" ", o.description()));
            }
        }
    }

    @Test
    void versionIsTheBuildsVersionAndCommit() {
        GqaCliTest.Result r = GqaCliTest.run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("gqa4j " + BuildInfo.version()), r.out());
        assertTrue(r.out().contains(BuildInfo.commit().equals(BuildInfo.UNKNOWN) ? "commit unknown" : BuildInfo.commit()), r.out());
        assertFalse(r.out().contains(" dev"), r.out());
    }

    @Test
    void exitCodesIncludeCtrlC() {
        GqaCliTest.Result r = GqaCliTest.run("--help");
        assertTrue(r.out().contains("130 interrupted"), r.out());
    }

    /** The README's synopsis names every option of every command, and no path a user's clone lacks. */
    @Test
    void readmeSynopsisListsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertFalse(readme.contains("../shared"), "README points at ../shared, which a clone does not have");
        int section = readme.indexOf("## Command line");
        int start = readme.indexOf("```\n", section) + 4;
        String synopsis = readme.substring(start, readme.indexOf("```", start));
        Map<String, StringBuilder> entries = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : synopsis.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("gqa")) {
                String name = words[1].equals("bench") || words[1].equals("suite") ? words[1] + " " + words[2] : words[1];
                current = entries.computeIfAbsent(name, k -> new StringBuilder());
            }
            if (current != null) current.append(line).append('\n');
        }
        for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
            CommandSpec spec = e.getValue().getCommandSpec();
            if (e.getKey().isEmpty() || !spec.subcommands().isEmpty()) continue;
            StringBuilder entry = entries.get(e.getKey());
            assertTrue(entry != null, "README synopsis has no entry for gqa " + e.getKey() + ":\n" + synopsis);
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp()) continue;
                assertTrue(entry.toString().matches("(?s).*" + java.util.regex.Pattern.quote(o.longestName()) + "(?![\\w-]).*"),
                        "README synopsis of gqa " + e.getKey() + " lacks " + o.longestName() + ":\n" + entry);
            }
        }
    }
}
