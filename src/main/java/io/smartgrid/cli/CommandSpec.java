package io.smartgrid.cli;

import io.smartgrid.settings.Setting;
import io.smartgrid.settings.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A command of the jar, declared once next to its code: its name, a one-line summary, its flags and notes, and
 * whether it reads the settings ({@code application.properties}, {@code SMARTGRID_*}). Its flags are parsed from it
 * ({@code Args}) and its {@code --help} is written from it, so the two cannot drift apart.
 */
public record CommandSpec(String name, String summary, List<Flag> flags, String notes, boolean readsSettings) {
    public static final String JAR = "java -jar smart-grid.jar";
    /** Where the settings come from, as the help of every command that reads them says it. */
    public static final String SETTINGS = "Settings come from application.properties, each overridden by its SMARTGRID_*"
            + " environment variable (upper case, dots and dashes as underscores: smartgrid.influx.url is"
            + " SMARTGRID_INFLUX_URL); docs/configuration.md lists them all.";
    private static final int WIDTH = 100;
    private static final int FLAG_COLUMN = 24;

    public CommandSpec {
        flags = List.copyOf(flags);
    }

    /** A command with flags, reading no settings. */
    public static CommandSpec of(String name, String summary, Flag... flags) {
        return new CommandSpec(name, summary, List.of(flags), "", false);
    }

    /** This command with longer notes, printed after its flags. */
    public CommandSpec withNotes(String text) {
        return new CommandSpec(name, summary, flags, text, readsSettings);
    }

    /** This command, saying that it reads the settings: its help names where from, and a flag that is one is pointed at them. */
    public CommandSpec readingSettings() {
        return new CommandSpec(name, summary, flags, notes, true);
    }

    public Optional<Flag> flag(String flagName) {
        return flags.stream().filter(f -> f.name().equals(flagName)).findFirst();
    }

    /** {@code usage: java -jar smart-grid.jar replay [--window D] …}: required flags bare, the others in brackets. */
    public String usage() {
        StringBuilder out = new StringBuilder();
        wrap(out, "", "usage: ".length(), usageWords());
        return out.toString();
    }

    private List<String> usageWords() {
        List<String> words = new ArrayList<>(List.of("usage:", JAR, name));
        for (Flag f : flags) {
            words.add(f.required() ? f.synopsis() : "[" + f.synopsis() + "]");
        }
        return words;
    }

    /** The command's whole help: usage, summary, every flag with its value, meaning, unit and default, notes. */
    public String help() {
        StringBuilder out = new StringBuilder(usage()).append('\n');
        wrap(out, "", 0, words(summary));
        out.append("\nFlags:").append(flags.isEmpty() ? " none of its own\n" : "\n");
        for (Flag f : flags) {
            String head = "  " + f.synopsis();
            if (head.length() >= FLAG_COLUMN - 1) {
                out.append(head).append('\n');
                head = "";
            }
            wrap(out, head + " ".repeat(FLAG_COLUMN - head.length()), FLAG_COLUMN, words((f.required() ? "(required) " : "") + f.description()));
        }
        out.append(String.format("  %-" + (FLAG_COLUMN - 2) + "s%s\n", "-h, --help", "this help"));
        List<String> paragraphs = new ArrayList<>(notes.isEmpty() ? List.of() : List.of(notes.split("\n")));
        if (readsSettings) {
            paragraphs.add(SETTINGS);
        }
        for (String paragraph : paragraphs) {
            out.append('\n');
            wrap(out, "", 0, words(paragraph));
        }
        return out.toString();
    }

    /**
     * The one line that refuses a flag this command does not take. Where the command reads the settings and the flag
     * is one of them ({@code --influx-url}), it says which environment variable sets it instead.
     */
    public String unknownFlag(String flag) {
        Optional<Setting<?>> setting = readsSettings ? settingNamed(flag) : Optional.empty();
        if (setting.isPresent()) {
            return flag + " is not a flag: set " + setting.get().environmentVariable() + " (the setting " + setting.get().key()
                    + ") instead; see " + name + " --help";
        }
        if (flags.isEmpty()) {
            return "unknown flag " + flag + ": " + name + " takes no flags" + (readsSettings ? " (its settings come from"
                    + " application.properties and SMARTGRID_* environment variables)" : "") + "; see " + name + " --help";
        }
        return "unknown flag " + flag + " (" + name + " takes " + flags.stream().map(f -> "--" + f.name())
                .collect(Collectors.joining(", ")) + "; see " + name + " --help)";
    }

    /** The setting a flag names, as {@code --influx-url}, {@code --smartgrid.influx.url} or {@code --influx.url}. */
    private static Optional<Setting<?>> settingNamed(String flag) {
        String name = flag.replaceFirst("^-+", "").toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-')
                .replaceFirst("^smartgrid-", "");
        return Settings.all().stream()
                .filter(s -> s.key().substring("smartgrid.".length()).replace('.', '-').equals(name))
                .findFirst();
    }

    private static List<String> words(String text) {
        return List.of(text.split(" +"));
    }

    /** Appends the words wrapped to the width, the first line after {@code first}, the others after {@code indent} spaces. */
    private static void wrap(StringBuilder out, String first, int indent, List<String> words) {
        StringBuilder line = new StringBuilder(first);
        boolean fresh = true;
        for (String word : words) {
            if (!fresh && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(" ".repeat(indent));
                fresh = true;
            }
            line.append(fresh ? "" : " ").append(word);
            fresh = false;
        }
        out.append(line).append('\n');
    }
}
