package io.smartgrid.support;

import org.apache.camel.RuntimeCamelException;

/** What went wrong, in one line: past Camel's wrappers, down to the deepest cause. */
public final class Failures {
    private Failures() {
    }

    /** The deepest cause of a failure (the failure itself when it has none). */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * The failure and its deepest cause, past Camel's wrappers: "CamelExecutionException: Exception occurred during
     * execution on the exchange" alone says nothing of what went wrong.
     */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable t = failure;
        while (t instanceof RuntimeCamelException && t.getCause() != null) {
            t = t.getCause();
        }
        Throwable root = root(t);
        String reason = t.getClass().getSimpleName() + ": " + t.getMessage();
        return root == t ? reason : reason + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
