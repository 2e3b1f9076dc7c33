package io.smartgrid.cli;

/**
 * One flag of a command, declared once: its name (without the dashes), the placeholder of its value (null for a
 * switch, which takes none), what it means with its unit and default, and whether the command needs it. Parsing
 * ({@code Args}) and the command's {@code --help} both come from it.
 */
public record Flag(String name, String value, String description, boolean required) {
    /** A flag with a value that may be left out. */
    public static Flag optional(String name, String value, String description) {
        return new Flag(name, value, description, false);
    }

    /** A flag with a value that the command cannot do without. */
    public static Flag required(String name, String value, String description) {
        return new Flag(name, value, description, true);
    }

    /** A switch: present or not, with no value. */
    public static Flag toggle(String name, String description) {
        return new Flag(name, null, description, false);
    }

    public boolean takesValue() {
        return value != null;
    }

    /** As it is typed: {@code --window D}, {@code --once}. */
    public String synopsis() {
        return "--" + name + (takesValue() ? " " + value : "");
    }
}
