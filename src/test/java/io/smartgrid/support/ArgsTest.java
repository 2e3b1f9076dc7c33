package io.smartgrid.support;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parser takes exactly what a command declares, and refuses anything else with a line that names it. */
class ArgsTest {
    private static final CommandSpec TOOL = CommandSpec.of("tool", "a tool",
            Flag.required("model", "FILE", "the model"),
            Flag.optional("sensors", "N", "how many sensors; default 1"),
            Flag.toggle("once", "run once"));
    private static final CommandSpec ROLE = CommandSpec.of("role", "a role").readingSettings();

    private static String refusal(CommandSpec spec, String... args) {
        return assertThrows(IllegalArgumentException.class, () -> Args.parse(args, 1, spec)).getMessage();
    }

    @Test
    void takesValuesSpacedOrAfterAnEqualsSignAndSwitches() {
        Args a = Args.parse(new String[] {"tool", "--model", "m.json", "--sensors=-1", "--once"}, 1, TOOL);
        assertEquals("m.json", a.require("model"));
        assertEquals("-1", a.get("sensors", "1"));
        assertTrue(a.has("once"));
        assertFalse(Args.parse(new String[] {"tool", "--model", "-"}, 1, TOOL).has("once"));
    }

    @Test
    void anUnknownFlagIsNamedWithTheFlagsTheCommandTakes() {
        String line = refusal(TOOL, "tool", "--model", "m", "--nope", "3");
        assertTrue(line.startsWith("unknown flag --nope") && line.contains("--model, --sensors, --once"), line);
        assertTrue(refusal(TOOL, "tool", "-x").startsWith("unknown flag -x"));
    }

    @Test
    void aFlagThatIsASettingSaysWhichVariableSetsItWhereTheCommandReadsSettings() {
        for (String flag : new String[] {"--influx-url", "--smartgrid.influx.url", "--influx.url=http://x"}) {
            String line = refusal(ROLE, "role", flag);
            assertTrue(line.contains(flag.split("=")[0]) && line.contains("set SMARTGRID_INFLUX_URL"), line);
        }
        assertTrue(refusal(ROLE, "role", "--foo").contains("role takes no flags"));
        CommandSpec noSettings = CommandSpec.of("tool", "a tool");
        assertFalse(refusal(noSettings, "tool", "--influx-url").contains("SMARTGRID_INFLUX_URL"));
    }

    @Test
    void everyOtherMistakeIsOneLineNamingTheFlag() {
        assertTrue(refusal(TOOL, "tool", "--model", "m", "stray").contains("unexpected argument 'stray'"));
        assertTrue(refusal(ROLE, "role", "stray").contains("role takes no arguments"));
        assertTrue(refusal(TOOL, "tool", "--model", "m", "--once=yes").contains("--once takes no value"));
        assertTrue(refusal(TOOL, "tool", "--model").contains("--model needs a value (FILE)"));
        assertTrue(refusal(TOOL, "tool", "--model", "--once").contains("--model needs a value"));
        assertTrue(refusal(TOOL, "tool", "--model", "a", "--model", "b").contains("--model is given twice"));
        assertTrue(refusal(TOOL, "tool", "--once").contains("missing --model FILE"));
        for (String line : new String[] {refusal(TOOL, "tool", "--nope"), refusal(ROLE, "role", "--influx-url")}) {
            assertFalse(line.contains("\n"), line);
        }
    }

    @Test
    void theHelpNamesEveryFlagWithItsValueAndMeaningAndWrapsBetweenWords() {
        CommandSpec spec = CommandSpec.of("tool", "a tool",
                Flag.optional("pattern", "normal|shifted", "word ".repeat(60).strip()),
                Flag.required("model", "FILE", "the model"));
        String help = spec.help();
        assertTrue(help.startsWith("usage: java -jar smart-grid.jar tool [--pattern normal|shifted] --model FILE\n"), help);
        String flat = help.replaceAll("\\s+", " ");
        assertTrue(flat.contains("--pattern normal|shifted " + "word ".repeat(60).strip()), help);
        assertTrue(flat.contains("--model FILE (required) the model"), help);
        assertTrue(help.lines().allMatch(l -> l.length() <= 100), help);
        assertTrue(ROLE.help().contains("SMARTGRID_") && !TOOL.help().contains("SMARTGRID_"));
    }
}
