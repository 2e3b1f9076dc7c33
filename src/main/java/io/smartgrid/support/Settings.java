package io.smartgrid.support;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks of settings that stop start-up with one line naming the setting. */
public final class Settings {
    private Settings() {
    }

    public static String httpUrl(String setting, String value) {
        try {
            URI uri = new URI(value.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(setting + ": '" + value + "' is not an http(s) URL");
            }
            return value.trim();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + ": '" + value + "' is not an http(s) URL");
        }
    }
}
