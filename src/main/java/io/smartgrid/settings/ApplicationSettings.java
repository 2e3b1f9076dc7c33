package io.smartgrid.settings;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The settings a command outside the long-running roles reads, resolved as camel-main resolves the roles' own:
 * {@code application.properties}, then the {@code SMARTGRID_*} environment and system properties over it.
 */
public final class ApplicationSettings {
    private ApplicationSettings() {
    }

    /** Every setting read and checked: a wrong one throws IllegalArgumentException, its message one line naming it. */
    public static SettingValues resolve() {
        DefaultCamelContext context = new DefaultCamelContext(false);
        try {
            context.build();
            PropertiesComponent properties = context.getPropertiesComponent();
            properties.setLocation("classpath:application.properties");
            return new SettingValues(key -> properties.resolveProperty(key).orElse(null)).checked();
        } finally {
            context.stop();
        }
    }
}
