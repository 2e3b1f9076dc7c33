package io.smartgrid.settings;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

import java.util.function.Consumer;

/**
 * Reads and checks every setting as camel-main itself resolves them, once its properties are loaded and before it binds
 * a bean or loads a route, and hands them to the role's wiring. A wrong setting throws here, naming it: one line and
 * exit 64, before anything connects or writes.
 */
public final class SettingsListener extends MainListenerSupport {
    private final Consumer<SettingValues> wiring;

    /** @param wiring adds the role's configuration classes, built from the checked settings */
    public SettingsListener(Consumer<SettingValues> wiring) {
        this.wiring = wiring;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        wiring.accept(new SettingValues(key -> properties.resolveProperty(key).orElse(null)).checked());
    }
}
